-- The registry is evidence: a model's record and its history must not change after the
-- fact. model_events is append-only; a model row may only change its status, and no
-- model that was ever registered can be deleted.

CREATE FUNCTION refuse_registry_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND TG_TABLE_NAME = 'models'
     AND (to_jsonb(NEW) - 'status') = (to_jsonb(OLD) - 'status') THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION '% on % is refused: the model registry is append-only (only a model''s status may change)', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER models_append_only BEFORE UPDATE OR DELETE ON models
  FOR EACH ROW EXECUTE FUNCTION refuse_registry_change();
CREATE TRIGGER model_events_append_only BEFORE UPDATE OR DELETE ON model_events
  FOR EACH ROW EXECUTE FUNCTION refuse_registry_change();
