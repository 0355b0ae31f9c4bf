-- Controls with a known chance: a beheerder draws a random sample of addresses, which
-- enter the RIEC queue as proposals of the system. Their outcomes are inspections with
-- reason `random` and the chance each address was drawn with, so figures of the model in
-- use can be estimated without bias (Horvitz–Thompson), whatever the list itself chose.

-- One draw: who, when, from what frame, by which design and seed. With the seed, the
-- risk list and the rule in service/samples/ (frame sorted by address id, xoshiro128**)
-- anyone can draw the same addresses again from the same frame.
CREATE TABLE samples (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  drawn_by         text NOT NULL,
  drawn_at         timestamptz NOT NULL,
  seed             bigint NOT NULL CHECK (seed BETWEEN 0 AND 4294967295),
  -- The frame: the addresses of this risk list without an open signal at the draw.
  model_version    integer NOT NULL REFERENCES models,
  list_id          bigint REFERENCES risk_lists ON DELETE SET NULL,
  reference_date   date NOT NULL,
  frame_size       integer NOT NULL CHECK (frame_size >= 1),
  n                integer NOT NULL CHECK (n >= 1 AND n <= frame_size),
  design           text NOT NULL CHECK (design IN ('uniform', 'district')),
  -- How n was chosen when it was not given: share × controls the RIEC approved in the
  -- twelve months before the draw. Both NULL when the beheerder gave n.
  share            double precision CHECK (share > 0 AND share <= 1),
  approved_controls integer CHECK (approved_controls >= 0),
  reason           text NOT NULL CHECK (length(trim(reason)) >= 10),
  CHECK ((share IS NULL) = (approved_controls IS NULL))
);

-- A stratified draw's allocation: per district its frame size N_h and sample size n_h;
-- every address of the stratum had the chance n_h / N_h.
CREATE TABLE sample_strata (
  sample_id        bigint NOT NULL REFERENCES samples,
  stratum          text NOT NULL,
  frame_size       integer NOT NULL CHECK (frame_size >= 1),
  n                integer NOT NULL CHECK (n >= 1 AND n <= frame_size),
  PRIMARY KEY (sample_id, stratum)
);

-- Signals are proposals of an analist from the risk list (`risk_model`) or members of a
-- sample (`sample`, proposed by 'system'); every existing signal is of the first kind.
ALTER TABLE signals ADD COLUMN kind text NOT NULL DEFAULT 'risk_model' CHECK (kind IN ('risk_model', 'sample'));
ALTER TABLE signals ADD COLUMN sample_id bigint REFERENCES samples;
ALTER TABLE signals ADD CONSTRAINT signals_sample_kind CHECK ((kind = 'sample') = (sample_id IS NOT NULL));

-- The drawn addresses with the chance each was drawn with. The signal is set NULL when
-- retention deletes it (only rejected signals are deleted): the member stays, and counts
-- as non-response.
CREATE TABLE sample_members (
  sample_id        bigint NOT NULL REFERENCES samples,
  address_id       char(16) NOT NULL REFERENCES addresses,
  inclusion_probability double precision NOT NULL CHECK (inclusion_probability > 0 AND inclusion_probability <= 1),
  stratum          text,
  signal_id        bigint UNIQUE REFERENCES signals ON DELETE SET NULL,
  PRIMARY KEY (sample_id, address_id)
);
CREATE INDEX samples_drawn_at ON samples (drawn_at);
