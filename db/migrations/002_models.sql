-- The model registry, its promotion history, risk lists and scheduled job runs.

-- Every trained model, promoted or not. Artefact and metadata live together so that a
-- model card can always be rebuilt from this one row.
CREATE TABLE models (
  version          integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  family           text NOT NULL CHECK (family IN ('logistic', 'additive', 'mlp')),
  backend          text NOT NULL,
  status           text NOT NULL DEFAULT 'candidate' CHECK (status IN ('candidate', 'active', 'retired', 'refused')),
  created_at       timestamptz NOT NULL DEFAULT now(),
  feature_names    text[] NOT NULL,
  artefact         jsonb NOT NULL,     -- preprocessing, fitted parameters, calibration
  training         jsonb NOT NULL,     -- years, rows, positives, options, history
  data_fingerprint text NOT NULL,
  metrics          jsonb NOT NULL,     -- test-year metrics of this model and of the other candidates
  fairness         jsonb NOT NULL,
  drift            jsonb NOT NULL,     -- training distributions (reference) and PSI at the next reference date
  gate             jsonb NOT NULL,     -- the promotion decision and every reason for it
  training_seconds double precision NOT NULL CHECK (training_seconds >= 0)
);
-- At most one model is active; promotion swaps it inside one transaction.
CREATE UNIQUE INDEX models_one_active ON models ((true)) WHERE status = 'active';

CREATE TABLE model_events (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  version       integer NOT NULL REFERENCES models,
  event         text NOT NULL CHECK (event IN ('registered', 'promoted', 'refused', 'override', 'retired')),
  actor         text NOT NULL,
  justification text,
  at            timestamptz NOT NULL DEFAULT now(),
  CHECK (event <> 'override' OR length(trim(justification)) >= 20)
);
CREATE INDEX model_events_version ON model_events (version);

-- A scored population: one row per address, written in one transaction.
CREATE TABLE risk_lists (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  model_version  integer NOT NULL REFERENCES models,
  reference_date date NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  addresses      integer NOT NULL
);

CREATE TABLE risk_scores (
  list_id       bigint NOT NULL REFERENCES risk_lists ON DELETE CASCADE,
  address_id    char(16) NOT NULL REFERENCES addresses,
  score         double precision NOT NULL,  -- the model's logit
  probability   double precision NOT NULL,  -- calibrated on the validation year
  rank          integer NOT NULL,
  contributions double precision[] NOT NULL, -- per feature, in the model's feature order; + intercept = score
  intercept     double precision NOT NULL,
  PRIMARY KEY (list_id, address_id)
);
CREATE INDEX risk_scores_rank ON risk_scores (list_id, rank);

-- Scheduled work. (job, scheduled_for) is unique: of all replicas whose timer fired for
-- one tick, only the one whose insert succeeds runs it.
CREATE TABLE job_runs (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  job           text NOT NULL,
  scheduled_for timestamptz NOT NULL,
  started_at    timestamptz NOT NULL DEFAULT now(),
  finished_at   timestamptz,
  outcome       text NOT NULL DEFAULT 'running' CHECK (outcome IN ('running', 'succeeded', 'failed', 'skipped')),
  runner        text NOT NULL,
  detail        jsonb NOT NULL DEFAULT '{}',
  UNIQUE (job, scheduled_for)
);
