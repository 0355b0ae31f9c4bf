-- A list's base rate (the mean calibrated probability over its addresses: the chance a
-- control finds cultivation at an average home), written by scoring with the list, where
-- the service averaged the whole list on its first read of it (up to 0.7 s at 1,000,000
-- addresses). Lists scored before are counted here; one written without it (by hand, not
-- by scoring) is counted when it is read.
ALTER TABLE risk_lists ADD COLUMN base_rate double precision;
UPDATE risk_lists l SET base_rate = (SELECT avg(probability) FROM risk_scores s WHERE s.list_id = l.id);
