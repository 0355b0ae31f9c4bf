/**
 * The active model's current risk list and the scores on it, as one app reads them. One
 * reader per app, made with the app's pool: risk list ids are unique only within one
 * database, so what it keeps of the lists must never serve another app's database.
 */
import type { Queryable } from '../../db/index.ts';
import type { ModelArtefact } from '../../models/index.ts';
import { lastDisabled } from '../../training/index.ts';
import { HttpError } from '../http/errors.ts';
import {
  addressAreas,
  addressExists,
  countScores,
  currentRow,
  currentScoreRows,
  listMeta,
  scoreOn,
  type AreaCounts,
  type Areas,
  type CurrentRow,
  type ListFilter,
  type ListMeta,
  type ScoreRow,
} from './store.ts';

export interface CurrentList {
  version: number;
  family: string;
  names: string[];
  listId: number;
  referenceDate: string;
  addresses: number;
  medians: number[] | null;
  /** The mean calibrated probability over the list's addresses. */
  baseRate: number;
  /** The list's model (see ListMeta). */
  artefact: ModelArtefact;
  /** The feature indices of the model's pair terms (see ListMeta). */
  pairs: Array<[number, number]>;
  /** The list's districts and neighbourhoods as scored (see ListMeta). */
  areas: Areas;
  /** How many of its addresses each area holds (see ListMeta). */
  areaCounts: AreaCounts | null;
  /** The newest import run when the list was read: what, besides the list, a filter's count depends on. */
  dataVersion: string;
}

export interface ListedScore {
  list: CurrentList;
  row: ScoreRow;
}

interface Waiting {
  addressId: string;
  resolve(found: ListedScore): void;
  reject(error: unknown): void;
}

/**
 * Lists whose facts (ListMeta, with the model) are kept at most; then the kept ones are
 * dropped. Only the current list is read, which changes when a list is scored.
 */
const KEPT_LISTS = 10;
/** Filter counts kept at most; then the kept ones are dropped. */
const KEPT_COUNTS = 1000;

export class RiskReader {
  /** A risk list never changes once stored: its feature names, medians and model are read once. */
  private readonly meta = new Map<number, ListMeta>();
  /**
   * How many addresses of a list a filter leaves, by list, import run and filter: a count
   * changes only with a new list or an import (which may rename a street; a list's areas
   * are its own).
   * Counting one district of a million-address list takes longer than the page itself.
   */
  private readonly counts = new Map<string, number>();
  private waiting: Waiting[] = [];
  private latest: CurrentList | undefined;

  constructor(private readonly pool: Queryable) {}

  /** The active model's newest risk list, or 503 saying why there is none. `db`: this app's pool, or a transaction's client of it. */
  async currentList(db: Queryable = this.pool): Promise<CurrentList> {
    return this.listOf(db, await currentRow(db));
  }

  /**
   * The current list and one address's score on it. The reads of the requests that arrive
   * together (in one turn of the event loop) go as one query: each request still reads the
   * database after it arrived, and a batch costs the service and PostgreSQL little more
   * than one read.
   */
  currentScore(addressId: string): Promise<ListedScore> {
    return new Promise((resolve, reject) => {
      if (this.waiting.push({ addressId, resolve, reject }) === 1) setImmediate(() => void this.flush());
    });
  }

  /** How many addresses of `list` the filter leaves. */
  async matching(db: Queryable, list: CurrentList, filter: ListFilter): Promise<number> {
    const stored = storedCount(list, filter);
    if (stored !== undefined) return stored;
    const key = `${list.listId}/${list.dataVersion}/${JSON.stringify(filter)}`;
    const kept = this.counts.get(key);
    if (kept !== undefined) return kept;
    const n = await countScores(db, list.listId, filter);
    if (this.counts.size >= KEPT_COUNTS) this.counts.clear();
    this.counts.set(key, n);
    return n;
  }

  /**
   * The districts and neighbourhoods to filter the current list by: those of the list as it
   * was scored, which its filter matches (an address renumbered since stays in its list's
   * area); without a current list, those of the addresses.
   */
  async areas(db: Queryable = this.pool): Promise<Areas> {
    const row = await currentRow(db);
    return row?.list_id ? (await this.listOf(db, row)).areas : addressAreas(db);
  }

  /** One address on `list`, or 404 naming why. */
  async scoreOf(list: CurrentList, addressId: string, db: Queryable = this.pool): Promise<ScoreRow> {
    const row = await scoreOn(db, list.listId, addressId);
    if (row) return row;
    if (!(await addressExists(db, addressId))) throw new HttpError(404, 'unknown_address', `there is no address ${addressId} in the data`);
    throw new HttpError(
      404,
      'not_scored',
      `address ${addressId} is not on the current risk list (list ${list.listId} of model ${list.version}, reference date ` +
        `${list.referenceDate}); it was added after scoring`,
    );
  }

  private async flush(): Promise<void> {
    const batch = this.waiting;
    this.waiting = [];
    try {
      const rows = await currentScoreRows(this.pool, [...new Set(batch.map((w) => w.addressId))]);
      const list = await this.listOf(this.pool, rows[0]);
      const found = new Map<string, ScoreRow>();
      for (const r of rows) if (r.address_id) found.set(r.address_id, r as ScoreRow);
      for (const w of batch) {
        const row = found.get(w.addressId);
        if (row) w.resolve({ list, row });
        // Not on the list: its own query says why (404), for this request alone.
        else this.scoreOf(list, w.addressId).then((r) => w.resolve({ list, row: r }), w.reject);
      }
    } catch (error) {
      for (const w of batch) w.reject(error);
    }
  }

  /** The list a row of the current-list query names, or 503 saying why there is none. */
  async listOf(db: Queryable, row: CurrentRow | undefined): Promise<CurrentList> {
    if (!row) {
      const off = await lastDisabled(db);
      if (off)
        throw new HttpError(
          503,
          'model_disabled',
          `scoring is switched off: ${off.actor} switched model ${off.version} off at ${off.at} (${off.reason}); a beheerder can activate a model again`,
          { since: off.at },
        );
      throw new HttpError(
        503,
        'no_active_model',
        'no model is active: a beheerder trains one (POST /api/v1/jobs/retrain, hennep train) or activates one',
      );
    }
    if (row.list_id === null)
      throw new HttpError(
        503,
        'no_risk_list',
        `model ${row.version} is active but has no risk list yet: it is being scored, or run hennep score`,
      );
    const listId = Number(row.list_id);
    const current = { version: row.version, family: row.family, listId, referenceDate: row.reference_date!, addresses: row.addresses! };
    this.latest = { ...current, dataVersion: row.data_version ?? '', ...(await this.metaOf(db, listId)) };
    return this.latest;
  }

  /**
   * The list the last read found current, without asking the database: for what may go by
   * a list just replaced (choosing how to read a page); undefined before the first read.
   */
  lastList(): CurrentList | undefined {
    return this.latest;
  }

  /** A list's facts, read once on `db` (a transaction's client reads on its own connection); a read that fails is not kept. */
  private async metaOf(db: Queryable, listId: number): Promise<ListMeta> {
    return this.meta.get(listId) ?? this.keep(listId, await readMeta(db, listId));
  }

  private keep(listId: number, meta: ListMeta): ListMeta {
    if (this.meta.size >= KEPT_LISTS) this.meta.clear();
    this.meta.set(listId, meta);
    return meta;
  }
}

/**
 * Whether a page by address within the filter's area reads the area's rows first
 * (area-page.ts) rather than walk the addresses in order: when the area holds fewer than
 * √(limit × the list's size) addresses, the walk's expected length for a page. Without a
 * list, stored counts or an area, it walks.
 */
export function readsAreaFirst(list: CurrentList | undefined, filter: ListFilter, limit: number): boolean {
  if (!list) return false;
  const size = areaSize(list, filter);
  return size !== undefined && size * size < limit * list.addresses;
}

/**
 * The stored count of the filter's area, the smaller of its district's and neighbourhood's
 * when it names both (0 for a code the list does not hold); undefined without an area or
 * without stored counts.
 */
function areaSize(list: CurrentList, filter: ListFilter): number | undefined {
  const counts = list.areaCounts;
  if (!counts) return undefined;
  const of = (byCode: Record<string, number>, code: string) => (Object.hasOwn(byCode, code) ? byCode[code]! : 0);
  const district = filter.district ? of(counts.districts, filter.district) : undefined;
  const neighbourhood = filter.neighbourhood ? of(counts.neighbourhoods, filter.neighbourhood) : undefined;
  return district === undefined ? neighbourhood : Math.min(district, neighbourhood ?? district);
}

/** A filter of one area alone, counted when the list was scored; undefined for any other filter, or a list without counts. */
function storedCount(list: CurrentList, filter: ListFilter): number | undefined {
  const { district, neighbourhood, ...rest } = filter;
  // Set as the store's filter takes it: a value, not an empty one. Both areas: their overlap is not stored.
  if ((district && neighbourhood) || Object.values(rest).some((v) => v !== undefined && v !== '')) return undefined;
  return areaSize(list, filter);
}

async function readMeta(db: Queryable, listId: number): Promise<ListMeta> {
  const meta = await listMeta(db, listId);
  if (!meta) throw new HttpError(503, 'no_risk_list', `risk list ${listId} was removed while it was read; try again`);
  return meta;
}
