-- A score of a logistic or additive model keeps its feature values and not its
-- contributions: those are a function of the model and the values, computed again when an
-- explanation is read, by the same code from the same float64 values and so to the same
-- bits (models/stored-terms.ts). That takes about 40 % off what a list stores per address.
-- An mlp's contributions (integrated gradients) are still stored, as is every score's
-- before this migration. A score needs one or the other to be explained.
--
-- NOT VALID: the rows before this migration had contributions NOT NULL, so none can break
-- it, and checking them would hold the table's lock for a scan of every stored list.
ALTER TABLE risk_scores ALTER COLUMN contributions DROP NOT NULL;
ALTER TABLE risk_scores ADD CONSTRAINT risk_scores_explainable CHECK (contributions IS NOT NULL OR feature_values IS NOT NULL) NOT VALID;
COMMENT ON COLUMN risk_scores.contributions IS
  'per term (features, then pairs) in the model''s order, + intercept = score; NULL where the model''s are computed from feature_values on read (migration 014)';
