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
  // The query has a row per address; sized up front, the matrix is never copied to grow.
  const { rows: counted } = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM addresses');
  matrix.reserve(counted[0]?.n ?? 0);
  await readFeatureRows(pool, featureQueryParameters(referenceDate, complete), fetchRows, (columns, rows) => {
    checkColumns(columns);
    matrix.add(rows);
  });
  return { referenceDate, names: FEATURE_NAMES, ...matrix.done(), labelsComplete: complete };
}

/**
 * The same features as buildFeatures, handed over batch by batch (FETCH_ROWS addresses at
 * a time) and never held whole: for what needs only to count over every address.
 */
export async function forEachFeatureBatch(
  pool: Queryable,
  referenceDate: string,
  onBatch: (batch: FeatureMatrix) => void,
  fetchRows = FETCH_ROWS,
): Promise<void> {
  assertReferenceDate(referenceDate);
  const complete = await labelsComplete(pool, referenceDate);
  await readFeatureRows(pool, featureQueryParameters(referenceDate, complete), fetchRows, (columns, rows) => {
    checkColumns(columns);
    const batch = new MatrixBuilder(FEATURE_NAMES.length);
    batch.reserve(rows.length);
    batch.add(rows);
    onBatch({ referenceDate, names: FEATURE_NAMES, ...batch.done(), labelsComplete: complete });
  });
}

function checkColumns(columns: readonly string[]): void {
  const expected = ['address_id', 'label', ...FEATURE_NAMES];
  if (columns.join(',') !== expected.join(','))
    throw new Error(`the feature query's columns differ from the catalogue: ${columns.filter((c, i) => c !== expected[i]).join(', ')}`);
}

/** Rows appended batch by batch into a buffer that grows by doubling (sized up front from the address count). */
class MatrixBuilder {
  private values: Float64Array;
  private rows = 0;
  readonly addressIds: string[] = [];
  readonly labels: Array<0 | 1 | null> = [];

  constructor(private readonly width: number) {
    this.values = new Float64Array(0);
  }

  reserve(rows: number): void {
    if (rows * this.width <= this.values.length) return;
    const grown = new Float64Array(rows * this.width);
    grown.set(this.values.subarray(0, this.rows * this.width));
    this.values = grown;
  }

  add(rows: unknown[][]): void {
    this.reserve(Math.max(this.rows + rows.length, this.rows * 2));
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

/**
 * Runs the feature query with room to sort and hash in memory (the default work_mem of
 * 4 MB spills its sorts to disk) and without JIT compilation, and hands its rows over in
 * batches. On a pool it reads through a cursor in a transaction of its own; a client (maybe
 * in a transaction of its caller, maybe not) gets the rows in one batch.
 */
async function readFeatureRows(
  pool: Queryable,
  values: unknown[],
  fetchRows: number,
  onRows: (columns: string[], rows: unknown[][]) => void,
): Promise<void> {
  // The planner's row estimates for this many joins are huge, which makes PostgreSQL
  // JIT-compile the query, and compiling costs more than the work it speeds up (README,
  // Performance). Off, for this query only.
  // A cursor is planned for its first tenth by default (cursor_tuple_fraction 0.1), which
  // favours plans that start fast over plans that finish fast; every row is read here.
  const settings =
    "SELECT set_config('work_mem', '128MB', true), set_config('jit', 'off', true), set_config('cursor_tuple_fraction', '1', true)";
  if (!(pool instanceof pg.Pool)) {
    await pool.query(settings);
    const result = await pool.query({ text: FEATURE_SQL, values, rowMode: 'array' });
    onRows(
      result.fields.map((f) => f.name),
      result.rows,
    );
    return;
  }
  const client = await pool.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
    await client.query(settings);
    await client.query({ text: `DECLARE features NO SCROLL CURSOR FOR ${FEATURE_SQL}`, values });
    for (;;) {
      const batch = await client.query({ text: `FETCH ${Math.max(1, Math.floor(fetchRows))} FROM features`, rowMode: 'array' });
      if (batch.rows.length === 0) break;
      onRows(
        batch.fields.map((f) => f.name),
        batch.rows,
      );
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
