/**
 * The largest city a database is set to hold, checked before a delivery is written: a user
 * who loads a city above it gets a clear refusal at the start, naming the limit and what to
 * do, instead of running out of memory somewhere in training an hour later.
 */
import { join } from 'node:path';
import type { Queryable } from '../db/index.ts';
import { readCsv } from './csv.ts';
import { FileRejected } from './errors.ts';

export class CapacityError extends Error {
  override name = 'CapacityError';
}

/**
 * The distinct address ids of a delivery's addresses.csv, read as a stream. No validation:
 * a missing or broken file is the import's to refuse, with its own report, so reading stops
 * quietly there and the ids read so far count.
 */
export async function deliveredAddressIds(directory: string): Promise<Set<string>> {
  const ids = new Set<string>();
  try {
    for await (const { header, records } of readCsv(join(directory, 'addresses.csv'), 'addresses.csv')) {
      const column = header.indexOf('address_id');
      if (column === -1) return ids;
      for (const record of records) {
        const id = record.fields[column]?.trim();
        if (id) ids.add(id);
      }
    }
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    if (!missing && !(error instanceof FileRejected)) throw error;
  }
  return ids;
}

/**
 * How many addresses the database would hold after the delivery: those it has, plus the
 * delivered ids it does not have yet (a delivery may repeat the whole city).
 */
export async function addressesAfter(db: Queryable | null, ids: ReadonlySet<string>): Promise<number> {
  if (db === null) return ids.size;
  const held = await db.query<{ n: string }>('SELECT count(*) AS n FROM addresses');
  const existing = Number(held.rows[0]!.n);
  if (existing === 0) return ids.size;
  const known = await db.query<{ n: string }>('SELECT count(*) AS n FROM addresses WHERE address_id = ANY($1::char(16)[])', [[...ids]]);
  return existing + ids.size - Number(known.rows[0]!.n);
}

/** Refuses a delivery that would take the database above `limit` addresses; reads only. */
export async function checkCapacity(db: Queryable | null, directory: string, limit: { max: number; why: string }): Promise<void> {
  const ids = await deliveredAddressIds(directory);
  const after = await addressesAfter(db, ids);
  if (after <= limit.max) return;
  throw new CapacityError(
    `addresses.csv: this delivery would make ${after.toLocaleString('en')} addresses, above the ${limit.max.toLocaleString('en')} ` +
      `${limit.why}. Nothing was written.`,
  );
}
