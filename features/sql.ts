/**
 * The point-in-time feature query. $1 is the reference date T (a 1 January), $2 whether
 * its labels are complete, $3–$5 the dates 12, 24 and 36 months before T and $6 the year
 * before T's (see featureQueryParameters). Only data
 * dated strictly before T is read: energy of years before T's year, reports and
 * inspections before T, occupancy and KvK periods that started before T. A period's
 * end on or after T is treated as unknown (the period is open at T): its exact date
 * would tell about the year being predicted.
 *
 * Address attributes (BAG/WOZ) have no history in the contract: their stored values
 * are used as they are.
 */
import { REPORT_CATEGORIES } from '../ingest/index.ts';
import { SBI_SECTIONS, SIGNAL_CATEGORIES } from './catalogue-controls.ts';

const MONTH_DAYS = 30.436875;
/** The radius of finds_within_250m_36m, the side of the cells its join runs on, and the cells a find reaches either way. */
const NEAR_M = 250;
const NEAR_CELL_M = 50;
const NEAR_REACH = Math.ceil(NEAR_M / NEAR_CELL_M);
/** Months a recency feature is capped at, also for "never". */
export const RECENCY_CAP_MONTHS = 120;

const reportCounts = REPORT_CATEGORIES.flatMap((c) => [
  `count(*) FILTER (WHERE category = '${c}' AND reported_on >= $3::date) AS reports_${c}_12m`,
  `count(*) FILTER (WHERE category = '${c}' AND reported_on >= $5::date) AS reports_${c}_36m`,
]).join(',\n    ');

const reportColumns = REPORT_CATEGORIES.flatMap((c) => [`reports_${c}_12m`, `reports_${c}_36m`])
  .map((name) => `coalesce(r.${name}, 0)::float8 AS ${name}`)
  .join(',\n  ');

const months = (from: string) =>
  `least(${RECENCY_CAP_MONTHS}, coalesce(($1::date - ${from}) / ${MONTH_DAYS}, ${RECENCY_CAP_MONTHS}))::float8`;

export const FEATURE_SQL = `
WITH occ_now AS (
  SELECT o.address_id, o.registered_persons FROM occupancy o
  WHERE o.valid_from < $1::date AND (o.valid_to IS NULL OR o.valid_to >= $1::date)
),
occ_window AS (
  SELECT o.address_id,
         sum(least(coalesce(o.valid_to, $1::date), $1::date) - greatest(o.valid_from, $4::date))
           FILTER (WHERE o.registered_persons > 0 AND coalesce(o.valid_to, $1::date) > $4::date) AS days_occupied
  FROM occupancy o WHERE o.valid_from < $1::date GROUP BY o.address_id
),
occ_changes AS (
  SELECT c.address_id, count(DISTINCT c.day) AS changes FROM (
    SELECT address_id, valid_from AS day FROM occupancy
    UNION ALL SELECT address_id, valid_to FROM occupancy WHERE valid_to IS NOT NULL
  ) c WHERE c.day >= $4::date AND c.day < $1::date GROUP BY c.address_id
),
base AS (
  SELECT a.address_id, a.neighbourhood_code, a.dwelling_type, a.ownership, a.owner_is_company,
         a.building_year, a.floor_area_m2, a.woz_value_eur, a.x_rd, a.y_rd,
         coalesce(o.registered_persons, 0) AS persons,
         e1.electricity_kwh AS kwh1, e1.gas_m3 AS gas1, e1.smart_meter AS smart1, e2.electricity_kwh AS kwh2,
         width_bucket(a.floor_area_m2, ARRAY[60, 90, 120, 160]) AS size_band,
         least(coalesce(o.registered_persons, 0), 4) AS persons_band
  FROM addresses a
  LEFT JOIN occ_now o ON o.address_id = a.address_id
  LEFT JOIN energy e1 ON e1.address_id = a.address_id AND e1.year = $6::int
  LEFT JOIN energy e2 ON e2.address_id = a.address_id AND e2.year = $6::int - 1
),
peers AS (
  SELECT dwelling_type, size_band, persons_band, count(kwh1) AS n,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY kwh1) AS median_kwh
  FROM base GROUP BY dwelling_type, size_band, persons_band
),
type_peers AS (
  SELECT dwelling_type,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY kwh1) AS median_kwh,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY kwh1 / floor_area_m2) AS median_kwh_per_m2
  FROM base GROUP BY dwelling_type
),
all_peers AS (
  SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY kwh1 / floor_area_m2) AS median_kwh_per_m2 FROM base
),
woz AS (
  SELECT neighbourhood_code, percentile_cont(0.5) WITHIN GROUP (ORDER BY woz_value_eur::float8 / floor_area_m2) AS median_per_m2
  FROM base WHERE woz_value_eur IS NOT NULL GROUP BY neighbourhood_code
),
r AS (
  SELECT address_id,
    ${reportCounts},
    max(reported_on) FILTER (WHERE category = 'grid_fraud_alert') AS last_grid_fraud_alert,
    max(reported_on) FILTER (WHERE category = 'anonymous_tip') AS last_anonymous_tip
  FROM reports WHERE reported_on < $1::date GROUP BY address_id
),
insp AS (
  SELECT address_id,
    max(inspected_on) FILTER (WHERE outcome IN ('cultivation', 'preparation')) AS last_find,
    count(*) FILTER (WHERE outcome = 'nothing_found') AS negative_controls,
    max(inspected_on) AS last_control,
    max(inspected_on) FILTER (WHERE outcome = 'nothing_found') AS last_negative_control,
    count(*) FILTER (WHERE outcome IN ('cultivation', 'preparation') AND inspected_on >= $5::date) AS finds_36m
  FROM inspections WHERE inspected_on < $1::date GROUP BY address_id
),
unanswered AS (
  SELECT rp.address_id, count(*) AS reports
  FROM reports rp LEFT JOIN insp ON insp.address_id = rp.address_id
  WHERE rp.reported_on >= $3::date AND rp.reported_on < $1::date
    AND rp.category IN (${SIGNAL_CATEGORIES.map((c) => `'${c}'`).join(', ')})
    AND (insp.last_control IS NULL OR rp.reported_on > insp.last_control)
  GROUP BY rp.address_id
),
recent_finds AS (
  SELECT i.address_id, a.neighbourhood_code, a.x_rd, a.y_rd
  FROM inspections i JOIN addresses a USING (address_id)
  WHERE i.outcome IN ('cultivation', 'preparation') AND i.inspected_on >= $5::date AND i.inspected_on < $1::date
),
-- Finds are spread over the cells of ${NEAR_CELL_M} m that can hold an address within ${NEAR_M} m
-- of them (the nearest points of the find's cell and the other within ${NEAR_M} m), so that the
-- distance test runs on a join by cell instead of a scan of all addresses per find, and on
-- the candidates of about a circle rather than of a 750 m square (3×3 cells of 250 m). The
-- squares are products, not ^ (a call of pow per candidate pair).
find_cells AS MATERIALIZED (
  SELECT f.address_id AS find_address, f.x_rd, f.y_rd,
         floor(f.x_rd / ${NEAR_CELL_M})::int + o.dx AS cx, floor(f.y_rd / ${NEAR_CELL_M})::int + o.dy AS cy
  FROM recent_finds f,
       (SELECT dx, dy FROM generate_series(-${NEAR_REACH}, ${NEAR_REACH}) dx, generate_series(-${NEAR_REACH}, ${NEAR_REACH}) dy
        WHERE (greatest(abs(dx) - 1, 0) * ${NEAR_CELL_M}) ^ 2 + (greatest(abs(dy) - 1, 0) * ${NEAR_CELL_M}) ^ 2 <= ${NEAR_M * NEAR_M}) o
),
near AS (
  SELECT b.address_id, count(*) AS finds
  FROM base b JOIN find_cells f
    ON f.cx = floor(b.x_rd / ${NEAR_CELL_M})::int AND f.cy = floor(b.y_rd / ${NEAR_CELL_M})::int
   AND f.find_address <> b.address_id
   AND (b.x_rd - f.x_rd) * (b.x_rd - f.x_rd) + (b.y_rd - f.y_rd) * (b.y_rd - f.y_rd) <= ${NEAR_M * NEAR_M}
  GROUP BY b.address_id
),
nbh AS (SELECT neighbourhood_code, count(*) AS finds FROM recent_finds GROUP BY neighbourhood_code),
comp AS (
  SELECT address_id,
    count(*) FILTER (WHERE registered_to IS NULL OR registered_to >= $1::date) AS registered,
    count(*) FILTER (WHERE registered_from >= $3::date) AS started_12m,
    ${SBI_SECTIONS.map(
      (x) => `count(*) FILTER (WHERE registered_from >= $4::date AND left(sbi_code, 2) BETWEEN '${x.from}' AND '${x.to}') AS ${x.name}_24m`,
    ).join(',\n    ')}
  FROM companies WHERE registered_from < $1::date GROUP BY address_id
),
positives AS (
  SELECT DISTINCT address_id FROM inspections
  WHERE outcome IN ('cultivation', 'preparation') AND inspected_on >= $1::date AND inspected_on < ($1::date + interval '1 year')::date
)
SELECT
  b.address_id,
  CASE WHEN $2::boolean THEN (p.address_id IS NOT NULL)::int END AS label,
  coalesce(b.kwh1 / b.floor_area_m2, tp.median_kwh_per_m2, ap.median_kwh_per_m2, 0)::float8 AS kwh_per_m2,
  CASE WHEN b.kwh1 IS NULL THEN 1
       ELSE coalesce(b.kwh1 / nullif(CASE WHEN pe.n >= 20 THEN pe.median_kwh ELSE tp.median_kwh END, 0), 1) END::float8 AS kwh_peer_ratio,
  CASE WHEN b.kwh1 IS NULL OR b.kwh2 IS NULL OR b.kwh2 = 0 THEN 1
       ELSE least(10, greatest(0.1, b.kwh1 / b.kwh2)) END::float8 AS kwh_change_ratio,
  coalesce(b.smart1::int, 0)::float8 AS smart_meter,
  coalesce(b.gas1 / b.floor_area_m2, 0)::float8 AS gas_m3_per_m2,
  (b.kwh1 IS NOT NULL AND b.gas1 IS NULL)::int::float8 AS no_gas_connection,
  (b.kwh1 IS NULL)::int::float8 AS energy_missing,
  b.persons::float8 AS registered_persons,
  (b.persons = 0)::int::float8 AS nobody_registered,
  (($1::date - $4::date - coalesce(ow.days_occupied, 0)) / ${MONTH_DAYS})::float8 AS months_unoccupied_24m,
  coalesce(oc.changes, 0)::float8 AS registration_changes_24m,
  (b.floor_area_m2::float8 / greatest(b.persons, 1))::float8 AS m2_per_person,
  ${reportColumns},
  ${months('r.last_grid_fraud_alert')} AS months_since_grid_fraud_alert,
  ${months('r.last_anonymous_tip')} AS months_since_anonymous_tip,
  ${months('i.last_find')} AS months_since_find,
  coalesce(i.negative_controls, 0)::float8 AS negative_controls,
  coalesce(n.finds, 0)::float8 AS finds_within_250m_36m,
  (coalesce(nb.finds, 0) - coalesce(i.finds_36m, 0))::float8 AS finds_in_neighbourhood_36m,
  ${months('i.last_control')} AS months_since_control,
  ${months('i.last_negative_control')} AS months_since_negative_control,
  coalesce(ua.reports, 0)::float8 AS signal_reports_since_control_12m,
  (b.dwelling_type = 'apartment')::int::float8 AS type_apartment,
  (b.dwelling_type = 'terraced')::int::float8 AS type_terraced,
  (b.dwelling_type = 'semi_detached')::int::float8 AS type_semi_detached,
  (b.dwelling_type = 'detached')::int::float8 AS type_detached,
  (b.dwelling_type = 'other')::int::float8 AS type_other,
  (b.ownership = 'owner_occupied')::int::float8 AS ownership_owner_occupied,
  (b.ownership = 'social_rent')::int::float8 AS ownership_social_rent,
  (b.ownership = 'private_rent')::int::float8 AS ownership_private_rent,
  (b.ownership = 'unknown')::int::float8 AS ownership_unknown,
  b.owner_is_company::int::float8 AS owner_is_company,
  b.building_year::float8 AS building_year,
  b.floor_area_m2::float8 AS floor_area_m2,
  coalesce((b.woz_value_eur::float8 / b.floor_area_m2) / nullif(w.median_per_m2, 0), 1)::float8 AS woz_per_m2_ratio,
  coalesce(b.woz_value_eur::float8 / b.floor_area_m2, w.median_per_m2, 0)::float8 AS woz_per_m2,
  (b.woz_value_eur IS NULL)::int::float8 AS woz_missing,
  coalesce(c.registered, 0)::float8 AS companies_registered,
  coalesce(c.started_12m, 0)::float8 AS companies_started_12m,
  ${SBI_SECTIONS.map((x) => `coalesce(c.${x.name}_24m, 0)::float8 AS companies_${x.name}_24m`).join(',\n  ')}
FROM base b
LEFT JOIN peers pe USING (dwelling_type, size_band, persons_band)
LEFT JOIN type_peers tp USING (dwelling_type)
CROSS JOIN all_peers ap
LEFT JOIN woz w USING (neighbourhood_code)
LEFT JOIN occ_window ow USING (address_id)
LEFT JOIN occ_changes oc USING (address_id)
LEFT JOIN r USING (address_id)
LEFT JOIN insp i USING (address_id)
LEFT JOIN unanswered ua USING (address_id)
LEFT JOIN near n USING (address_id)
LEFT JOIN nbh nb USING (neighbourhood_code)
LEFT JOIN comp c USING (address_id)
LEFT JOIN positives p USING (address_id)
ORDER BY b.address_id`;

/** The parameters of FEATURE_SQL; given as constants so that the planner can use them. */
export function featureQueryParameters(referenceDate: string, labelsComplete: boolean): unknown[] {
  const year = Number(referenceDate.slice(0, 4));
  const monthsBefore = (months: number) => {
    const d = new Date(Date.UTC(year, 0, 1));
    d.setUTCMonth(d.getUTCMonth() - months);
    return d.toISOString().slice(0, 10);
  };
  return [referenceDate, labelsComplete, monthsBefore(12), monthsBefore(24), monthsBefore(36), year - 1];
}
