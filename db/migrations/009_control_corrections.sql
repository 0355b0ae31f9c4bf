-- A recorded outcome that was wrong is corrected by an event of its own, never by
-- overwriting it silently: who, when, why (at least 10 characters), from what to what.
-- The signal and its inspection (an id of the service's own, `risk_model-` or `sample-`,
-- which no delivery may overwrite: data contract v1.1) carry the outcome as corrected,
-- so the next training learns the corrected label; the first correction's `from_outcome`
-- is the outcome as first recorded. Like the audit log, a correction is never changed
-- or removed: a wrong correction is corrected by another.
CREATE TABLE control_corrections (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  signal_id      bigint NOT NULL REFERENCES signals,
  inspection_id  varchar(40) NOT NULL REFERENCES inspections,
  from_outcome   text NOT NULL CHECK (from_outcome IN ('cultivation', 'preparation', 'nothing_found', 'no_access')),
  to_outcome     text NOT NULL CHECK (to_outcome IN ('cultivation', 'preparation', 'nothing_found', 'no_access')),
  reason         text NOT NULL CHECK (length(trim(reason)) >= 10),
  corrected_by   text NOT NULL,
  corrected_at   timestamptz NOT NULL,
  purpose        text NOT NULL,
  CHECK (to_outcome <> from_outcome)
);
CREATE INDEX control_corrections_signal ON control_corrections (signal_id, id);

CREATE FUNCTION refuse_correction_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% on control_corrections is refused: a correction is corrected by another', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER control_corrections_append_only BEFORE UPDATE OR DELETE ON control_corrections
  FOR EACH ROW EXECUTE FUNCTION refuse_correction_change();
CREATE TRIGGER control_corrections_no_truncate BEFORE TRUNCATE ON control_corrections
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_correction_change();
