-- Data contract v1.1: the chance with which a random control's address was drawn for
-- its sample. With it, figures of the model in use can be estimated without bias from
-- the random controls (each weighted by 1 / probability). NULL when unknown: a v1
-- delivery, a random row without the value, and every control of another reason.

ALTER TABLE inspections ADD COLUMN selection_probability double precision
  CHECK (selection_probability > 0 AND selection_probability <= 1);

-- Only a control drawn by chance has a drawing probability; ingest quarantines a row
-- that gives one otherwise, and this keeps every other writer to the same rule.
ALTER TABLE inspections ADD CONSTRAINT inspections_selection_probability_random
  CHECK (selection_probability IS NULL OR reason = 'random');
