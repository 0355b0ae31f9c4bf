-- A page of the risk list without reading what it does not show.
--
-- * The district and neighbourhood of each scored address, kept as they were when the list
--   was scored (as its municipality is, 012; for a list scored before this migration, as
--   they are when it runs), with an index per area in rank order: a
--   district's or neighbourhood's page reads its own 50 rows, where it walked the whole
--   list's rank index and looked each address up until 50 matched (ten times as many rows
--   for a district of a tenth of the city, a hundred for a neighbourhood of a hundredth).
-- * The reasons the list shows: per address the terms that raise its score most, as rows
--   [term, contribution, feature value, imputed 0/1] of a two-dimensional array (value NULL
--   for a pair term), written by scoring (models/reasons.ts). A page read every address's
--   contributions and values (two arrays of one number per feature) to pick three of them.
--   Lists scored before this migration have none; the service then picks them from the
--   contributions, as before.
-- * The districts with their neighbourhoods of each list (what its area filter can match),
--   counted once when it is stored, not when an analist first opens the page.
ALTER TABLE risk_scores ADD COLUMN district_code char(8), ADD COLUMN neighbourhood_code char(10), ADD COLUMN reasons double precision[];
UPDATE risk_scores s SET district_code = a.district_code, neighbourhood_code = a.neighbourhood_code FROM addresses a WHERE a.address_id = s.address_id;
ALTER TABLE risk_scores ALTER COLUMN district_code SET NOT NULL, ALTER COLUMN neighbourhood_code SET NOT NULL;
CREATE INDEX risk_scores_district_rank ON risk_scores (list_id, district_code, rank);
CREATE INDEX risk_scores_neighbourhood_rank ON risk_scores (list_id, neighbourhood_code, rank);

-- A row written without an area takes its address's; scoring gives them by a join.
CREATE FUNCTION areas_of_address() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  SELECT coalesce(NEW.district_code, a.district_code), coalesce(NEW.neighbourhood_code, a.neighbourhood_code)
    INTO NEW.district_code, NEW.neighbourhood_code FROM addresses a WHERE a.address_id = NEW.address_id;
  RETURN NEW;
END $$;
CREATE TRIGGER risk_scores_areas BEFORE INSERT ON risk_scores
  FOR EACH ROW WHEN (NEW.district_code IS NULL OR NEW.neighbourhood_code IS NULL) EXECUTE FUNCTION areas_of_address();

-- A list's areas: [{"code": district, "neighbourhoods": [codes]}] in code order.
CREATE FUNCTION list_areas(p_list bigint) RETURNS jsonb LANGUAGE sql STABLE AS $$
  SELECT coalesce(jsonb_agg(jsonb_build_object('code', d.district_code, 'neighbourhoods', d.neighbourhoods) ORDER BY d.district_code), '[]')
  FROM (SELECT district_code, array_agg(DISTINCT neighbourhood_code ORDER BY neighbourhood_code) AS neighbourhoods
        FROM risk_scores WHERE list_id = p_list GROUP BY district_code) d
$$;
ALTER TABLE risk_lists ADD COLUMN areas jsonb;
UPDATE risk_lists SET areas = list_areas(id);
