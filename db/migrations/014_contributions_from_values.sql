-- A score of a logistic or additive model keeps its feature values and not its
-- contributions: those are a function of the model and the values, computed again when an
-- explanation is read, by the same code from the same float64 values and so to the same
-- bits (models/stored-terms.ts). That halves what a list stores per address. An mlp's
-- contributions (integrated gradients) are still stored, as is every score's before this
-- migration. A score needs one or the other to be explained.
ALTER TABLE risk_scores ALTER COLUMN contributions DROP NOT NULL;
ALTER TABLE risk_scores ADD CONSTRAINT risk_scores_explainable CHECK (contributions IS NOT NULL OR feature_values IS NOT NULL);
