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

/** Builds the catalogue's features for every address as of `referenceDate`, in one set-based query. */
export async function buildFeatures(pool: Queryable, referenceDate: string): Promise<FeatureMatrix> {
  assertReferenceDate(referenceDate);
  const complete = await labelsComplete(pool, referenceDate);
  const result = await queryWithMemory(pool, {
    text: FEATURE_SQL,
    values: featureQueryParameters(referenceDate, complete),
    rowMode: 'array',
  });
  const columns = result.fields.map((f) => f.name);
  const expected = ['address_id', 'label', ...FEATURE_NAMES];
  if (columns.join(',') !== expected.join(',')) {
    throw new Error(`the feature query's columns differ from the catalogue: ${columns.filter((c, i) => c !== expected[i]).join(', ')}`);
  }
  const width = FEATURE_NAMES.length;
  const values = new Float64Array(result.rows.length * width);
  const addressIds: string[] = [];
  const labels: Array<0 | 1 | null> = [];
  result.rows.forEach((row, i) => {
    addressIds.push(row[0] as string);
    labels.push(row[1] === null ? null : (row[1] as 0 | 1));
    for (let j = 0; j < width; j++) values[i * width + j] = row[j + 2] as number;
  });
  return { referenceDate, names: FEATURE_NAMES, addressIds, labels, values, labelsComplete: complete };
}

/**
 * Runs the feature query with room to sort and hash in memory (the default work_mem of
 * 4 MB spills its sorts to disk) and without JIT compilation. On a pool the setting lives
 * in a transaction of its own; on a client already in a transaction, only until that one
 * ends.
 */
async function queryWithMemory(pool: Queryable, query: pg.QueryArrayConfig): Promise<pg.QueryArrayResult> {
  const client = pool instanceof pg.Pool ? await pool.connect() : null;
  const target = client ?? pool;
  try {
    if (client) await client.query('BEGIN');
    // The planner's row estimates for this many joins are huge, which makes PostgreSQL
    // JIT-compile the query, and compiling costs more than the work it speeds up (README,
    // Performance). Off, for this query only.
    await target.query("SELECT set_config('work_mem', '128MB', true), set_config('jit', 'off', true)");
    const result = await target.query(query);
    if (client) await client.query('COMMIT');
    return result;
  } catch (error) {
    if (client) await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client?.release();
  }
}
