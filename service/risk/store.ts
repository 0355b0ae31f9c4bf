/**
 * The SQL of risk reads: the active model with its newest risk list, the scores on it,
 * a page of the ranked list, and the districts with their neighbourhoods.
 */
import type { Queryable } from '../../db/index.ts';
import { pairsOf, parseArtefact, type ModelArtefact, type StoredReasonRow } from '../../models/index.ts';

export interface AddressRow {
  street: string;
  house_number: number;
  house_suffix: string | null;
  postcode: string;
  district_code: string;
  neighbourhood_code: string;
}

export const ADDRESS_COLUMNS = 'a.street, a.house_number, a.house_suffix, a.postcode, a.district_code, a.neighbourhood_code';

export interface ScoreRow extends AddressRow {
  address_id: string;
  score: number;
  probability: number;
  rank: number;
  /** Null where the model's are computed from the values on read (migration 014). */
  contributions: number[] | null;
  intercept: number;
  feature_values: number[] | null;
}

// The arrays as JSON: parsed natively, where float8[] text goes through a JavaScript parser.
export const SCORE_COLUMNS =
  `s.address_id, s.score, s.probability, s.rank, to_json(s.contributions) AS contributions, ` +
  `s.intercept, to_json(s.feature_values) AS feature_values, ${ADDRESS_COLUMNS}`;

/** The active model and its newest risk list (no row: no model is active; a null list: none scored yet). */
export interface CurrentRow {
  version: number;
  family: string;
  list_id: string | null;
  reference_date: string | null;
  addresses: number | null;
  /** The newest import run: the addresses (and so a filter's count) change only with an import. */
  data_version: string | null;
}

export const CURRENT = `SELECT m.version, m.family, l.id AS list_id, l.reference_date::text, l.addresses,
    (SELECT max(run_id) FROM import_runs)::text AS data_version
  FROM models m
  LEFT JOIN LATERAL (SELECT id, reference_date, addresses FROM risk_lists WHERE model_version = m.version ORDER BY id DESC LIMIT 1) l ON true
  WHERE m.status = 'active'`;

const CURRENT_SCORES = `SELECT cur.*, ${SCORE_COLUMNS} FROM (${CURRENT}) cur
  LEFT JOIN risk_scores s ON s.list_id = cur.list_id AND s.address_id = ANY($1::char(16)[])
  LEFT JOIN addresses a ON a.address_id = s.address_id`;

export async function currentRow(db: Queryable): Promise<CurrentRow | undefined> {
  const { rows } = await db.query<CurrentRow>({ name: 'risk-current', text: CURRENT });
  return rows[0];
}

/**
 * The active model's newest list joined with the scores of `addressIds` on it: one row per
 * address found, or one row without scores when none is. Named, so that PostgreSQL plans
 * it once per connection: planning costs more than running it.
 */
export async function currentScoreRows(db: Queryable, addressIds: readonly string[]): Promise<Array<CurrentRow & Partial<ScoreRow>>> {
  const { rows } = await db.query<CurrentRow & Partial<ScoreRow>>({
    name: 'risk-current-scores',
    text: CURRENT_SCORES,
    values: [addressIds],
  });
  return rows;
}

/**
 * What a risk list never changes once stored: its model (with the feature names and pair
 * terms read from it), its medians, its areas, and its base rate — the mean calibrated
 * probability over its addresses, the chance a control finds cultivation at an average home.
 */
export interface ListMeta {
  names: string[];
  medians: number[] | null;
  baseRate: number;
  /** The list's model: what computes the contributions a score of it does not store (models/stored-terms.ts). */
  artefact: ModelArtefact;
  /** The feature indices of the model's pair terms, whose contributions follow the features' in a stored score. */
  pairs: Array<[number, number]>;
  /** The districts and neighbourhoods of the list as it was scored: what its area filter matches. */
  areas: Areas;
  /** How many of the list's addresses each area holds (migration 016); null for a list stored without them. */
  areaCounts: AreaCounts | null;
}

/** Addresses of a list per district and per neighbourhood code, as scored. */
export interface AreaCounts {
  districts: Record<string, number>;
  neighbourhoods: Record<string, number>;
}

export async function listMeta(db: Queryable, listId: number): Promise<ListMeta | null> {
  const { rows } = await db.query<{
    version: number;
    feature_medians: number[] | null;
    base_rate: number;
    artefact: unknown;
    areas: Areas;
    area_counts: AreaCounts | null;
  }>(
    // A list stored without its areas or base rate (written by hand, not by scoring) has them counted here.
    `SELECT m.version, l.feature_medians, coalesce(l.base_rate, (SELECT avg(probability) FROM risk_scores WHERE list_id = l.id)) AS base_rate,
            coalesce(l.areas, list_areas(l.id)) AS areas, l.area_counts, m.artefact
     FROM risk_lists l JOIN models m ON m.version = l.model_version WHERE l.id = $1`,
    [listId],
  );
  const r = rows[0];
  if (!r) return null;
  const artefact = parseArtefact(r.artefact, `model ${r.version} of risk list ${listId}`);
  return {
    names: artefact.names,
    medians: r.feature_medians,
    baseRate: Number(r.base_rate),
    artefact,
    pairs: pairsOf(artefact),
    areas: r.areas,
    areaCounts: r.area_counts ?? null,
  };
}

export async function scoreOn(db: Queryable, listId: number, addressId: string): Promise<ScoreRow | null> {
  const { rows } = await db.query<ScoreRow>(
    `SELECT ${SCORE_COLUMNS} FROM risk_scores s JOIN addresses a USING (address_id) WHERE s.list_id = $1 AND s.address_id = $2`,
    [listId, addressId],
  );
  return rows[0] ?? null;
}

export async function addressExists(db: Queryable, addressId: string): Promise<boolean> {
  const known = await db.query('SELECT 1 FROM addresses WHERE address_id = $1', [addressId]);
  return known.rowCount !== 0;
}

/** What narrows the list: an area, a postcode, a street's beginning, a house number. */
export interface ListFilter {
  district?: string;
  neighbourhood?: string;
  /** Six characters, upper case, no space: 1234AB. */
  postcode?: string;
  /** The beginning of a street's name, any case. */
  street?: string;
  houseNumber?: number;
}

export type ListSort = 'rank' | 'address';

export interface ListPage extends ListFilter {
  /** The rank of the row the page starts after (0: the first page), in either order. */
  after: number;
  sort: ListSort;
  limit: number;
}

/**
 * A row of the list with its address's newest signal, if any. Its reasons as scoring
 * stored them (migration 013: rows [term, contribution, value, imputed]); a list scored
 * before has none, and then its contributions and values instead, to pick them from.
 */
export interface ListedRow extends ScoreRow {
  reasons: StoredReasonRow[] | null;
  signal_id: string | null;
  signal_status: string | null;
}

/**
 * A page's columns: the areas as the list was scored (the filter's), the stored reasons,
 * and the two arrays of one number per feature only for a list scored without reasons.
 */
export const PAGE_COLUMNS =
  's.address_id, s.score, s.probability, s.rank, s.intercept, to_json(s.reasons) AS reasons, ' +
  'CASE WHEN s.reasons IS NULL THEN to_json(s.contributions) END AS contributions, ' +
  'CASE WHEN s.reasons IS NULL THEN to_json(s.feature_values) END AS feature_values, ' +
  'a.street, a.house_number, a.house_suffix, a.postcode, s.district_code, s.neighbourhood_code';

/**
 * The filter as SQL conditions, their values numbered from `first`: the areas on `s`
 * (risk_scores, the areas as scored, each with an index in rank order), the rest on `a`
 * (addresses).
 */
export function filterSql(filter: ListFilter, first: number): { onScores: string[]; onAddresses: string[]; values: unknown[] } {
  const onScores: string[] = [];
  const onAddresses: string[] = [];
  const values: unknown[] = [];
  const add = (sql: string, value: unknown, onAddress = true) => {
    values.push(value);
    (onAddress ? onAddresses : onScores).push(sql.replace('?', `$${first + values.length - 1}`));
  };
  if (filter.district) add('s.district_code = ?::char(8)', filter.district, false);
  if (filter.neighbourhood) add('s.neighbourhood_code = ?::char(10)', filter.neighbourhood, false);
  if (filter.postcode) add('a.postcode = ?::char(6)', filter.postcode);
  // The street's beginning: LIKE on lower(street) uses addresses_street_prefix; the schema admits no wildcard.
  if (filter.street) add("lower(a.street) LIKE ? || '%'", filter.street.toLowerCase());
  if (filter.houseNumber !== undefined) add('a.house_number = ?', filter.houseNumber);
  return { onScores, onAddresses, values };
}

/** The order of a list by address, unique by the address id last. */
export const ADDRESS_ORDER = "a.street, a.house_number, coalesce(a.house_suffix, ''), a.address_id";
const ADDRESS_KEY = `(${ADDRESS_ORDER})`;

/** Where a page continues: after the cursor's rank, or after its address in address order ($1: the rank, 0 on a first page). */
export function afterCondition(page: Pick<ListPage, 'after' | 'sort'>): string {
  if (page.after === 0) return '$1::int = 0';
  if (page.sort === 'rank') return 's.rank > $1';
  return (
    `${ADDRESS_KEY} > (SELECT ${ADDRESS_ORDER} FROM ` +
    `risk_scores r JOIN addresses a USING (address_id) WHERE r.list_id = cur.list_id AND r.rank = $1)`
  );
}

/**
 * The active model's newest list and a page of it, by rank or by address, narrowed by
 * `page`'s filter, in one statement: under load a request's round trips to the database cost
 * more than its queries. Both orders walk an index (by rank: the list's, a district's or a
 * neighbourhood's, risk_scores_*rank; by address: addresses_address_order) and probe the
 * other table, so a page stops after `limit` rows; a page by address continues after the
 * address of the cursor's rank. No row: no model is active; one row without an address: no
 * list yet, or nothing on this page.
 */
export async function currentPage(db: Queryable, page: ListPage): Promise<Array<CurrentRow & Partial<ListedRow>>> {
  const { onScores, onAddresses, values } = filterSql(page, 3);
  const where = [...onScores, ...onAddresses, afterCondition(page)];
  const order = page.sort === 'rank' ? 's.rank' : ADDRESS_ORDER;
  const { rows } = await db.query<CurrentRow & Partial<ListedRow>>(
    `WITH cur AS (${CURRENT})
     SELECT cur.*, p.* FROM cur LEFT JOIN LATERAL (
       SELECT ${PAGE_COLUMNS}, g.id AS signal_id, g.status AS signal_status
       FROM risk_scores s JOIN addresses a USING (address_id)
       LEFT JOIN LATERAL (SELECT id, status FROM signals WHERE address_id = s.address_id ORDER BY id DESC LIMIT 1) g ON true
       WHERE s.list_id = cur.list_id AND ${where.join(' AND ')}
       ORDER BY ${order} LIMIT $2
     ) p ON true`,
    [page.after, page.limit, ...values],
  );
  return rows;
}

/** How many addresses of a list the filter leaves: an area's alone from its index, without the addresses. */
export async function countScores(db: Queryable, listId: number, filter: ListFilter): Promise<number> {
  const { onScores, onAddresses, values } = filterSql(filter, 2);
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM risk_scores s${onAddresses.length ? ' JOIN addresses a USING (address_id)' : ''} ` +
      `WHERE s.list_id = $1${[...onScores, ...onAddresses].map((w) => ` AND ${w}`).join('')}`,
    [listId, ...values],
  );
  return rows[0]!.n;
}

/** Districts (wijken) with their neighbourhoods (buurten), in code order. */
export type Areas = Array<{ code: string; neighbourhoods: string[] }>;

/** The areas of the addresses as they are now (a risk list keeps its own: ListMeta). */
export async function addressAreas(db: Queryable): Promise<Areas> {
  const { rows } = await db.query<{ district_code: string; neighbourhoods: string[] }>(
    'SELECT district_code, array_agg(DISTINCT neighbourhood_code ORDER BY neighbourhood_code) AS ' +
      'neighbourhoods FROM addresses GROUP BY district_code ORDER BY district_code',
  );
  return rows.map((r) => ({ code: r.district_code, neighbourhoods: r.neighbourhoods }));
}
