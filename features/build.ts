import pg from 'pg';
import type { Queryable } from '../db/index.ts';
import { FEATURE_NAMES } from './catalogue.ts';
import { FEATURE_SQL, featureQueryParameters } from './sql.ts';

/**
 * Features of every address as of one reference date, row-major:
 * `values[i * names.length + j]` is feature j of address i. Shape [addresses, features].
 */
export interface FeatureMatrix {
  referenceDate: string;
  names: readonly string[];
  addressIds: string[];
  /** 1 positive, 0 negative, null when the year's labels are not complete yet. */
  labels: Array<0 | 1 | null>;
  values: Float64Array;
  labelsComplete: boolean;
}

const REFERENCE_DATE = /^\d{4}-01-01$/;

export class ReferenceDateError extends Error {
  override name = 'ReferenceDateError';
}

export function assertReferenceDate(value: string): string {
  if (!REFERENCE_DATE.test(value)) throw new ReferenceDateError(`a reference date is a 1 January (YYYY-01-01), not '${value}'`);
  return value;
}

/**
 * Whether the labels of the year starting at `referenceDate` are complete: the data must
 * reach into that year's last month (the newest report or inspection dated on or after
 * 1 December of it). Before that, some controls of the year may not be delivered yet.
 */
export async function labelsComplete(pool: Queryable, referenceDate: string): Promise<boolean> {
  const { rows } = await pool.query<{ complete: boolean }>(
    `SELECT greatest((SELECT max(inspected_on) FROM inspections), (SELECT max(reported_on) FROM reports))
            >= ($1::date + interval '11 months')::date AS complete`,
    [referenceDate],
  );
  return rows[0]?.complete ?? false;
}

/** Rows fetched from the feature query's cursor at a time: the query's rows as JavaScript arrays take about 1.7 KB each. */
export const FETCH_ROWS = 10_000;

/**
 * Builds the catalogue's features for every address as of `referenceDate`, in one set-based
 * query read through a cursor, FETCH_ROWS at a time, into a matrix sized by the number of
 * addresses: the process holds the matrix and one batch of rows, not the whole result.
 */
export async function buildFeatures(pool: Queryable, referenceDate: string, fetchRows = FETCH_ROWS): Promise<FeatureMatrix> {
  assertReferenceDate(referenceDate);
  const complete = await labelsComplete(pool, referenceDate);
  const width = FEATURE_NAMES.length;
  const matrix = new MatrixBuilder(width);
  await readFeatureRows(pool, featureQueryParameters(referenceDate, complete), fetchRows, {
    // The query has a row per address, counted in the cursor's snapshot: the matrix is sized once, never copied to grow.
    onCount: (addresses) => matrix.reserve(addresses),
    onRows: (columns, rows) => {
      checkColumns(columns);
      matrix.add(rows);
    },
  });
  return { referenceDate, names: FEATURE_NAMES, ...matrix.done(), labelsComplete: complete };
}

/**
 * The same features as buildFeatures, handed over batch by batch (FETCH_ROWS addresses at
 * a time) and never held whole: for what needs only to count over every address. A batch
 * is handed over only once the one before it was taken (`onBatch` may write between them).
 */
export async function forEachFeatureBatch(
  pool: Queryable,
  referenceDate: string,
  onBatch: (batch: FeatureMatrix) => void | Promise<void>,
  fetchRows = FETCH_ROWS,
): Promise<void> {
  await eachBatch(readFeatureRows, pool, referenceDate, onBatch, fetchRows);
}

/**
 * forEachFeatureBatch on a client whose transaction the caller holds, through a cursor of
 * that transaction: the rows are read in its snapshot, and the caller may write on the
 * same connection between batches (the embedded database has only one). The transaction's
 * work_mem and jit settings stay as this sets them until it ends.
 */
export async function forEachFeatureBatchIn(
  client: Queryable,
  referenceDate: string,
  onBatch: (batch: FeatureMatrix) => void | Promise<void>,
  fetchRows = FETCH_ROWS,
): Promise<void> {
  await eachBatch(readThroughCursor, client, referenceDate, onBatch, fetchRows);
}

/** The features' rows read by `read` on `db`, handed over as matrices of a batch each. */
async function eachBatch(
  read: (db: Queryable, values: unknown[], fetchRows: number, on: RowHandlers) => Promise<void>,
  db: Queryable,
  referenceDate: string,
  onBatch: (batch: FeatureMatrix) => void | Promise<void>,
  fetchRows: number,
): Promise<void> {
  assertReferenceDate(referenceDate);
  const complete = await labelsComplete(db, referenceDate);
  await read(db, featureQueryParameters(referenceDate, complete), fetchRows, {
    onRows: (columns, rows) => {
      checkColumns(columns);
      const batch = new MatrixBuilder(FEATURE_NAMES.length);
      batch.reserve(rows.length);
      batch.add(rows);
      return onBatch({ referenceDate, names: FEATURE_NAMES, ...batch.done(), labelsComplete: complete });
    },
  });
}

function checkColumns(columns: readonly string[]): void {
  const expected = ['address_id', 'label', ...FEATURE_NAMES];
  if (columns.join(',') !== expected.join(','))
    throw new Error(`the feature query's columns differ from the catalogue: ${columns.filter((c, i) => c !== expected[i]).join(', ')}`);
}

/** Rows appended batch by batch into a buffer sized up front; should more rows come, it doubles. */
export class MatrixBuilder {
  private values: Float64Array;
  private rows = 0;
  /** Buffers allocated: one when the matrix was sized right up front. */
  allocations = 0;
  readonly addressIds: string[] = [];
  readonly labels: Array<0 | 1 | null> = [];

  constructor(private readonly width: number) {
    this.values = new Float64Array(0);
  }

  /** Room for `rows` rows in all; the buffer is replaced (and copied) only when it has less. */
  reserve(rows: number): void {
    if (rows * this.width <= this.values.length) return;
    const grown = new Float64Array(rows * this.width);
    grown.set(this.values.subarray(0, this.rows * this.width));
    this.values = grown;
    this.allocations++;
  }

  /** Rows the buffer has room for. */
  get capacityRows(): number {
    return this.values.length / this.width;
  }

  add(rows: unknown[][]): void {
    const needed = this.rows + rows.length;
    if (needed > this.capacityRows) this.reserve(Math.max(needed, 2 * this.capacityRows));
    const width = this.width;
    for (const row of rows) {
      this.addressIds.push(row[0] as string);
      this.labels.push(row[1] === null ? null : (row[1] as 0 | 1));
      const at = this.rows * width;
      for (let j = 0; j < width; j++) this.values[at + j] = row[j + 2] as number;
      this.rows++;
    }
  }

  done(): { addressIds: string[]; labels: Array<0 | 1 | null>; values: Float64Array } {
    const used = this.rows * this.width;
    const values = used === this.values.length ? this.values : this.values.slice(0, used);
    return { addressIds: this.addressIds, labels: this.labels, values };
  }
}

interface RowHandlers {
  onCount?: (addresses: number) => void;
  onRows: (columns: string[], rows: unknown[][]) => void | Promise<void>;
}

// The planner's row estimates for this many joins are huge, which makes PostgreSQL
// JIT-compile the query, and compiling costs more than the work it speeds up (README,
// Performance). Off, for this query's transaction only.
const QUERY_SETTINGS = "SELECT set_config('work_mem', '128MB', true), set_config('jit', 'off', true)";

async function countAddresses(target: Queryable, on: RowHandlers): Promise<void> {
  if (!on.onCount) return;
  const { rows } = await target.query<{ n: number }>('SELECT count(*)::int AS n FROM addresses');
  on.onCount(rows[0]?.n ?? 0);
}

/**
 * Runs the feature query with room to sort and hash in memory (the default work_mem of
 * 4 MB spills its sorts to disk) and without JIT compilation, and hands its rows over in
 * batches. On a pool it reads through a cursor in a transaction of its own, and counts the
 * addresses in the cursor's snapshot first; a client (maybe in a transaction of its
 * caller, maybe not) gets the count and the rows in one batch each.
 */
async function readFeatureRows(pool: Queryable, values: unknown[], fetchRows: number, on: RowHandlers): Promise<void> {
  if (!(pool instanceof pg.Pool)) {
    await pool.query(QUERY_SETTINGS);
    await countAddresses(pool, on);
    const result = await pool.query({ text: FEATURE_SQL, values, rowMode: 'array' });
    await on.onRows(
      result.fields.map((f) => f.name),
      result.rows,
    );
    return;
  }
  const client = await pool.connect();
  let failure: Error | undefined;
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
    await readThroughCursor(client, values, fetchRows, on);
    await client.query('COMMIT');
  } catch (error) {
    failure = error as Error;
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    // A connection whose transaction failed is not handed back to the pool.
    client.release(failure);
  }
}

/** The query through a cursor of the transaction `client` is in, counted in its snapshot first, `fetchRows` at a time. */
async function readThroughCursor(client: Queryable, values: unknown[], fetchRows: number, on: RowHandlers): Promise<void> {
  // A cursor is planned for its first tenth by default (cursor_tuple_fraction 0.1), which
  // favours plans that start fast over plans that finish fast; every row is read here.
  await client.query(`${QUERY_SETTINGS}, set_config('cursor_tuple_fraction', '1', true)`);
  await countAddresses(client, on);
  await client.query({ text: `DECLARE features NO SCROLL CURSOR FOR ${FEATURE_SQL}`, values });
  for (;;) {
    const batch = await client.query({ text: `FETCH ${Math.max(1, Math.floor(fetchRows))} FROM features`, rowMode: 'array' });
    if (batch.rows.length === 0) break;
    await on.onRows(
      batch.fields.map((f) => f.name),
      batch.rows,
    );
  }
  await client.query('CLOSE features');
}
