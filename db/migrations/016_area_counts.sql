-- How many addresses of a list each of its districts and neighbourhoods holds, written by
-- scoring with the list's areas, where the service counted a district's rows of the list
-- on the first page of it (375 ms at 1,000,000 addresses). Apart, so that a district's and
-- a neighbourhood's code can never be taken for each other. A list without them (scored
-- before, or written by hand) is counted when read, as before.
ALTER TABLE risk_lists ADD COLUMN area_counts jsonb;

CREATE FUNCTION list_area_counts(p_list bigint) RETURNS jsonb LANGUAGE sql STABLE AS $$
  SELECT jsonb_build_object(
    'districts', coalesce(jsonb_object_agg(district_code, n) FILTER (WHERE neighbourhood_code IS NULL), '{}'),
    'neighbourhoods', coalesce(jsonb_object_agg(neighbourhood_code, n) FILTER (WHERE district_code IS NULL), '{}'))
  FROM (SELECT district_code, neighbourhood_code, count(*)::int AS n FROM risk_scores WHERE list_id = p_list
        GROUP BY GROUPING SETS ((district_code), (neighbourhood_code))) c
$$;

COMMENT ON COLUMN risk_lists.area_counts IS
  'Addresses of the list per district and per neighbourhood as scored: {"districts": {code: n}, "neighbourhoods": {code: n}} (list_area_counts)';
