-- The service: explanations need the values behind each contribution; the RIEC workflow
-- needs signals; accountability needs an append-only, hash-chained audit log.

-- The feature values each contribution was computed from (model feature order), and the
-- median of every feature over the scored population: the "reference" an explanation
-- compares with. Lists scored before this migration have neither (NULL).
ALTER TABLE risk_scores ADD COLUMN feature_values double precision[];
ALTER TABLE risk_lists ADD COLUMN feature_medians double precision[];

-- A beheerder can switch the active model off (scoring answers 503 until a model is
-- activated again); that is an event of its own, with a reason.
ALTER TABLE model_events DROP CONSTRAINT model_events_event_check;
ALTER TABLE model_events ADD CONSTRAINT model_events_event_check
  CHECK (event IN ('registered', 'promoted', 'refused', 'override', 'retired', 'disabled'));
ALTER TABLE model_events ADD CONSTRAINT model_events_disabled_reason
  CHECK (event <> 'disabled' OR length(trim(justification)) >= 10);

-- Every authenticated request, every refused one and every state change, in order. Each
-- row's hash covers its content and the previous row's hash, so altering or removing a
-- row breaks the chain from there on (`hennep audit-log verify`). The service computes
-- the hash under an advisory lock, so replicas append one after another.
CREATE TABLE audit_log (
  seq        bigint PRIMARY KEY CHECK (seq >= 1),
  at         timestamptz NOT NULL,
  actor      text NOT NULL,         -- token subject; 'anonymous' without a valid token; 'system' for jobs
  role       text,                  -- the role the action was allowed (or refused) under
  action     text NOT NULL,         -- permission name, or what the system did
  method     text,
  path       text,                  -- the path as requested, without the query string
  address_id text,                  -- the address read or changed, when there is one
  purpose    text,                  -- doelbinding: why the address-level data was needed
  status     integer NOT NULL,      -- HTTP status; 0 for events outside a request
  detail     text NOT NULL,         -- canonical JSON (sorted keys), hashed as stored
  prev_hash  text NOT NULL,
  hash       text NOT NULL UNIQUE
);
CREATE INDEX audit_log_address ON audit_log (address_id) WHERE address_id IS NOT NULL;
CREATE INDEX audit_log_actor ON audit_log (actor, at);

CREATE FUNCTION refuse_audit_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% on audit_log is refused: the audit log is append-only', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION refuse_audit_change();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_audit_change();

-- An analist's proposal to control an address, and what became of it:
-- proposed → approved | rejected; approved → control_planned → outcome_recorded.
-- The explanation shown at proposal time is kept with it, so the RIEC decides on what
-- the analist saw even after the risk list is rescored or deleted by retention.
CREATE TABLE signals (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  address_id       char(16) NOT NULL REFERENCES addresses,
  status           text NOT NULL DEFAULT 'proposed'
                   CHECK (status IN ('proposed', 'approved', 'rejected', 'control_planned', 'outcome_recorded')),
  model_version    integer NOT NULL REFERENCES models,
  list_id          bigint REFERENCES risk_lists ON DELETE SET NULL,
  rank             integer NOT NULL,
  explanation      jsonb NOT NULL,
  proposed_by      text NOT NULL,
  proposed_at      timestamptz NOT NULL,
  proposal_reason  text NOT NULL CHECK (length(trim(proposal_reason)) >= 10),
  purpose          text NOT NULL,
  decided_by       text,
  decided_at       timestamptz,
  legal_basis      text,
  decision_reason  text,
  priority         integer CHECK (priority BETWEEN 1 AND 3),
  planned_by       text,
  planned_for      date,
  outcome          text CHECK (outcome IN ('cultivation', 'preparation', 'nothing_found', 'no_access')),
  outcome_by       text,
  outcome_at       timestamptz,
  inspection_id    varchar(40) REFERENCES inspections,
  CHECK (status = 'proposed' OR (decided_by IS NOT NULL AND length(trim(decision_reason)) >= 10)),
  CHECK (status NOT IN ('approved', 'control_planned', 'outcome_recorded') OR (length(trim(legal_basis)) >= 3 AND priority IS NOT NULL)),
  CHECK (status NOT IN ('control_planned', 'outcome_recorded') OR planned_for IS NOT NULL),
  CHECK (status <> 'outcome_recorded' OR (outcome IS NOT NULL AND inspection_id IS NOT NULL))
);
-- One open signal per address: a second proposal while one is pending is a conflict.
CREATE UNIQUE INDEX signals_one_open ON signals (address_id) WHERE status IN ('proposed', 'approved', 'control_planned');
CREATE INDEX signals_status ON signals (status, id);
CREATE INDEX risk_lists_model ON risk_lists (model_version, id);
