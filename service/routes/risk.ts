import { z } from 'zod';
import type { Queryable } from '../../db/index.ts';
import { lastDisabled } from '../../training/index.ts';
import { explain, topReasons, type Lang, type StoredScore } from '../explain.ts';
import { HttpError, INT4_MAX, route, wholeNumber } from '../http.ts';

/** The analist's reads: one address with its full explanation, and the ranked list. */
export const NOTICE = {
  nl: 'Een risicoscore is een signaal voor een menselijke afweging, geen bewijs. Er volgt geen controle zonder besluit van het RIEC met een rechtsgrond.',
  en: 'A risk score is a signal for a human decision, not evidence. No control follows without a RIEC decision with a legal basis.',
} as const;

export const addressIdSchema = z.string().regex(/^[0-9]{16}$/, 'an address id is 16 digits (BAG nummeraanduiding)');
export const langSchema = z.enum(['nl', 'en']).default('nl');

export interface CurrentList {
  version: number;
  family: string;
  names: string[];
  listId: number;
  referenceDate: string;
  addresses: number;
  medians: number[] | null;
}

/** A risk list never changes once stored: its feature names and medians are read once. */
const listMeta = new Map<number, { names: string[]; medians: number[] | null }>();

const CURRENT = `SELECT m.version, m.family, l.id AS list_id, l.reference_date::text, l.addresses
  FROM models m
  LEFT JOIN LATERAL (SELECT id, reference_date, addresses FROM risk_lists WHERE model_version = m.version ORDER BY id DESC LIMIT 1) l ON true
  WHERE m.status = 'active'`;

interface CurrentRow {
  version: number;
  family: string;
  list_id: string | null;
  reference_date: string | null;
  addresses: number | null;
}

async function listOf(db: Queryable, row: CurrentRow | undefined): Promise<CurrentList> {
  if (!row) {
    const off = await lastDisabled(db);
    if (off) throw new HttpError(503, 'model_disabled', `scoring is switched off: ${off.actor} switched model ${off.version} off at ${off.at} (${off.reason}); a beheerder can activate a model again`);
    throw new HttpError(503, 'no_active_model', 'no model is active: a beheerder trains one (POST /api/v1/jobs/retrain, hennep train) or activates one');
  }
  if (row.list_id === null) throw new HttpError(503, 'no_risk_list', `model ${row.version} is active but has no risk list yet: it is being scored, or run hennep score`);
  const listId = Number(row.list_id);
  let meta = listMeta.get(listId);
  if (!meta) {
    const { rows } = await db.query<{ feature_names: string[]; feature_medians: number[] | null }>(
      'SELECT m.feature_names, l.feature_medians FROM risk_lists l JOIN models m ON m.version = l.model_version WHERE l.id = $1',
      [listId],
    );
    if (!rows[0]) throw new HttpError(503, 'no_risk_list', `risk list ${listId} was removed while it was read; try again`);
    meta = { names: rows[0].feature_names, medians: rows[0].feature_medians };
    if (listMeta.size > 100) listMeta.clear();
    listMeta.set(listId, meta);
  }
  return { version: row.version, family: row.family, listId, referenceDate: row.reference_date!, addresses: row.addresses!, ...meta };
}

/** The active model's newest risk list, or 503 saying why there is none. */
export async function currentList(db: Queryable): Promise<CurrentList> {
  const { rows } = await db.query<CurrentRow>({ name: 'risk-current', text: CURRENT });
  return listOf(db, rows[0]);
}

export const addressSchema = z.object({
  street: z.string(),
  houseNumber: z.number().int(),
  houseSuffix: z.string().nullable(),
  postcode: z.string(),
  district: z.string(),
  neighbourhood: z.string(),
});

export interface AddressRow {
  street: string;
  house_number: number;
  house_suffix: string | null;
  postcode: string;
  district_code: string;
  neighbourhood_code: string;
}

export const ADDRESS_COLUMNS = 'a.street, a.house_number, a.house_suffix, a.postcode, a.district_code, a.neighbourhood_code';

export function addressOf(r: AddressRow): z.infer<typeof addressSchema> {
  return { street: r.street, houseNumber: r.house_number, houseSuffix: r.house_suffix?.trim() || null, postcode: r.postcode, district: r.district_code, neighbourhood: r.neighbourhood_code };
}

export interface ScoreRow extends AddressRow {
  address_id: string;
  score: number;
  probability: number;
  rank: number;
  contributions: number[];
  intercept: number;
  feature_values: number[] | null;
}

// The arrays as JSON: parsed natively, where float8[] text goes through a JavaScript parser.
export const SCORE_COLUMNS = `s.address_id, s.score, s.probability, s.rank, to_json(s.contributions) AS contributions, s.intercept, to_json(s.feature_values) AS feature_values, ${ADDRESS_COLUMNS}`;

export function storedOf(r: ScoreRow): StoredScore {
  return { score: r.score, contributions: r.contributions, intercept: r.intercept, featureValues: r.feature_values };
}

const CURRENT_SCORES = `SELECT cur.*, ${SCORE_COLUMNS} FROM (${CURRENT}) cur
  LEFT JOIN risk_scores s ON s.list_id = cur.list_id AND s.address_id = ANY($1::char(16)[])
  LEFT JOIN addresses a ON a.address_id = s.address_id`;

interface Waiting {
  addressId: string;
  resolve(found: { list: CurrentList; row: ScoreRow }): void;
  reject(error: unknown): void;
}

/**
 * Risk reads of the requests that arrive together (in one turn of the event loop), as one
 * query: each request still reads the database after it arrived, and a batch of twenty
 * costs the service and PostgreSQL little more than one (a round trip through `pg` took a
 * sixth of a risk request's time).
 */
class ScoreReader {
  private waiting: Waiting[] = [];

  constructor(private readonly db: Queryable) {}

  read(addressId: string): Promise<{ list: CurrentList; row: ScoreRow }> {
    return new Promise((resolve, reject) => {
      if (this.waiting.push({ addressId, resolve, reject }) === 1) setImmediate(() => void this.flush());
    });
  }

  private async flush(): Promise<void> {
    const batch = this.waiting;
    this.waiting = [];
    try {
      // Named, so that PostgreSQL plans it once per connection: planning took twice as long
      // as running it.
      const ids = [...new Set(batch.map((w) => w.addressId))];
      const { rows } = await this.db.query<CurrentRow & Partial<ScoreRow>>({ name: 'risk-current-scores', text: CURRENT_SCORES, values: [ids] });
      const list = await listOf(this.db, rows[0]);
      const found = new Map<string, ScoreRow>();
      for (const r of rows) if (r.address_id) found.set(r.address_id, r as ScoreRow);
      for (const w of batch) {
        const row = found.get(w.addressId);
        if (row) w.resolve({ list, row });
        // Not on the list: its own query says why (404), for this request alone.
        else scoreOf(this.db, list, w.addressId).then((r) => w.resolve({ list, row: r }), w.reject);
      }
    } catch (error) {
      for (const w of batch) w.reject(error);
    }
  }
}

const readers = new WeakMap<Queryable, ScoreReader>();

/** The current list and one address's score on it (the risk request's path: batched with the requests arriving alongside). */
export function currentScore(db: Queryable, addressId: string): Promise<{ list: CurrentList; row: ScoreRow }> {
  let reader = readers.get(db);
  if (!reader) readers.set(db, (reader = new ScoreReader(db)));
  return reader.read(addressId);
}

/** One address on the current list, or 404 naming why. */
export async function scoreOf(db: Queryable, list: CurrentList, addressId: string): Promise<ScoreRow> {
  const { rows } = await db.query<ScoreRow>(`SELECT ${SCORE_COLUMNS} FROM risk_scores s JOIN addresses a USING (address_id) WHERE s.list_id = $1 AND s.address_id = $2`, [list.listId, addressId]);
  if (rows[0]) return rows[0];
  const known = await db.query('SELECT 1 FROM addresses WHERE address_id = $1', [addressId]);
  if (known.rowCount === 0) throw new HttpError(404, 'unknown_address', `there is no address ${addressId} in the data`);
  throw new HttpError(404, 'not_scored', `address ${addressId} is not on the current risk list (list ${list.listId} of model ${list.version}, reference date ${list.referenceDate}); it was added after scoring`);
}

export function percentile(rank: number, addresses: number): number {
  return Math.round(((addresses - rank) / addresses) * 1000) / 10;
}

const modelRef = z.object({ version: z.number().int(), family: z.string() });
const listRef = z.object({ id: z.number().int(), referenceDate: z.string(), addresses: z.number().int() });
const reasonSchema = z.object({ feature: z.string(), contribution: z.number(), sentence: z.string() });
export const reasonsSchema = z.array(reasonSchema);

const riskResponse = z.object({
  addressId: z.string(),
  address: addressSchema,
  model: modelRef,
  riskList: listRef,
  score: z.number().describe('the logit: intercept + sum of contributions'),
  probability: z.number().describe('calibrated on the validation year (Platt)'),
  rank: z.number().int(),
  percentile: z.number().describe('share of addresses scored lower, in %'),
  explanation: z.object({
    lang: z.enum(['nl', 'en']),
    logit: z.number(),
    intercept: z.number(),
    completenessError: z.number(),
    contributions: z
      .array(
        z.object({
          feature: z.string(),
          contribution: z.number().describe('to the logit, measured from the average address'),
          value: z.number().nullable(),
          reference: z.number().nullable().describe('median over all scored addresses'),
          valueText: z.string().describe('the value as the sentence reads it: a yes/no state, "never" for a capped recency, "unknown" for a missing or imputed value, else the number in the language\'s format'),
          referenceText: z.string().describe('the median, read the same way'),
          sentence: z.string(),
        }),
      )
      .describe('every feature, largest effect first; what each feature is: GET /api/v1/features'),
  }),
  notice: z.string(),
});

export const riskRoutes = [
  route({
    method: 'get',
    path: '/addresses/:addressId/risk',
    action: 'risk:address',
    summary: "One address's risk: score, calibrated probability, rank, percentile, model version and every feature's contribution with its value and the median",
    params: z.object({ addressId: addressIdSchema }),
    query: z.strictObject({ lang: langSchema }),
    response: riskResponse,
    errors: { 404: 'no such address, or not on the current list', 503: 'no active model, switched off, or no risk list yet' },
    async handler({ params, query, services }) {
      const { list, row } = await currentScore(services.pool, params.addressId);
      const lang: Lang = query.lang;
      return {
        addressId: params.addressId,
        body: {
          addressId: params.addressId,
          address: addressOf(row),
          model: { version: list.version, family: list.family },
          riskList: { id: list.listId, referenceDate: list.referenceDate, addresses: list.addresses },
          score: row.score,
          probability: row.probability,
          rank: row.rank,
          percentile: percentile(row.rank, list.addresses),
          explanation: explain(list.names, storedOf(row), list.medians, list.referenceDate, lang),
          notice: NOTICE[lang],
        },
        detail: { modelVersion: list.version, listId: list.listId, rank: row.rank },
      };
    },
  }),
  route({
    method: 'get',
    path: '/areas',
    action: 'risk:list',
    summary: 'Districts (wijken) and their neighbourhoods (buurten), for filtering the risk list',
    query: z.strictObject({}),
    response: z.object({ districts: z.array(z.object({ code: z.string(), neighbourhoods: z.array(z.string()) })) }),
    async handler({ services }) {
      const { rows } = await services.pool.query<{ district_code: string; neighbourhoods: string[] }>(
        'SELECT district_code, array_agg(DISTINCT neighbourhood_code ORDER BY neighbourhood_code) AS neighbourhoods FROM addresses GROUP BY district_code ORDER BY district_code',
      );
      return { body: { districts: rows.map((r) => ({ code: r.district_code, neighbourhoods: r.neighbourhoods })) } };
    },
  }),
  route({
    method: 'get',
    path: '/risk-list',
    action: 'risk:list',
    summary: 'The ranked risk list of the active model, optionally of one district or neighbourhood, with the top three reasons per address; page on with `cursor`',
    query: z.strictObject({
      district: z.string().regex(/^WK[0-9]{6}$/, 'a district code looks like WK034401').optional(),
      neighbourhood: z.string().regex(/^BU[0-9]{8}$/, 'a neighbourhood code looks like BU03440101').optional(),
      limit: wholeNumber('limit is a whole number', { max: 200 }).default(50),
      cursor: z
        .string()
        .regex(/^\d{1,10}\.\d{1,10}$/, 'pass the nextCursor of the previous page as it was')
        .refine((c) => c.split('.').every((n) => Number(n) <= INT4_MAX), 'pass the nextCursor of the previous page as it was')
        .optional(),
      lang: langSchema,
    }),
    response: z.object({
      model: modelRef,
      riskList: listRef,
      items: z.array(z.object({ addressId: z.string(), address: addressSchema, rank: z.number().int(), score: z.number(), probability: z.number(), percentile: z.number(), reasons: reasonsSchema })),
      nextCursor: z.string().nullable(),
      notice: z.string(),
    }),
    errors: { 409: 'the cursor belongs to a risk list that has been replaced', 503: 'no active model, switched off, or no risk list yet' },
    async handler({ query, services }) {
      const list = await currentList(services.pool);
      let after = 0;
      if (query.cursor) {
        const [listId, rank] = query.cursor.split('.').map(Number) as [number, number];
        if (listId !== list.listId) throw new HttpError(409, 'list_replaced', `the cursor is of risk list ${listId}, which has been replaced by list ${list.listId}; start again from the top`);
        after = rank;
      }
      const { rows } = await services.pool.query<ScoreRow>(
        `SELECT ${SCORE_COLUMNS} FROM risk_scores s JOIN addresses a USING (address_id)
         WHERE s.list_id = $1 AND s.rank > $2 AND ($3::char(8) IS NULL OR a.district_code = $3::char(8)) AND ($4::char(10) IS NULL OR a.neighbourhood_code = $4::char(10))
         ORDER BY s.rank LIMIT $5`,
        [list.listId, after, query.district ?? null, query.neighbourhood ?? null, query.limit],
      );
      const items = rows.map((r) => ({
        addressId: r.address_id,
        address: addressOf(r),
        rank: r.rank,
        score: r.score,
        probability: r.probability,
        percentile: percentile(r.rank, list.addresses),
        reasons: topReasons(list.names, storedOf(r), list.medians, list.referenceDate, query.lang),
      }));
      const last = rows.at(-1);
      return {
        body: {
          model: { version: list.version, family: list.family },
          riskList: { id: list.listId, referenceDate: list.referenceDate, addresses: list.addresses },
          items,
          nextCursor: last && rows.length === query.limit ? `${list.listId}.${last.rank}` : null,
          notice: NOTICE[query.lang],
        },
        // Which addresses were shown is what an audit needs; the list may span many.
        detail: { modelVersion: list.version, listId: list.listId, district: query.district, neighbourhood: query.neighbourhood, shown: rows.map((r) => r.address_id) },
      };
    },
  }),
];
