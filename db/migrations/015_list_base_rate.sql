-- A list's base rate (the mean calibrated probability over its addresses: the chance a
-- control finds cultivation at an average home), written by scoring with the list, where
-- the service averaged the whole list on its first read of it (up to 0.7 s at 1,000,000
-- addresses). A list without it (scored before, or written by hand) is averaged when it is
-- read, as before: counting them here would scan every stored list inside the migration.
ALTER TABLE risk_lists ADD COLUMN base_rate double precision;
