import type pg from 'pg';
import type { FileSpec } from './contract.ts';
import { stagingTable } from './staging.ts';

/**
 * Rules across rows, run on the staged rows of every file after all of them are read:
 * a row naming an address that is neither delivered now nor stored references an
 * unknown address; when rows conflict, the first in file order is kept. Refused rows
 * move from staging to the quarantine with the reason.
 */
export async function resolveConflicts(client: pg.PoolClient, specs: readonly FileSpec[]): Promise<void> {
  for (const spec of specs) {
    if (spec.table !== 'addresses') await refuseUnknownAddresses(client, spec);
    if (spec.kind === 'keyed') await refuseRepeatedKeys(client, spec);
    if (spec.table === 'occupancy') await refuseOverlappingPeriods(client, spec);
  }
}

async function refuseUnknownAddresses(client: pg.PoolClient, spec: FileSpec): Promise<void> {
  await client.query(
    `WITH moved AS (
       DELETE FROM ${stagingTable(spec)} s
       WHERE NOT EXISTS (SELECT 1 FROM stg_addresses a WHERE a.address_id = s.address_id)
         AND NOT EXISTS (SELECT 1 FROM addresses a WHERE a.address_id = s.address_id)
       RETURNING s.*)
     INSERT INTO stg_quarantine (file, line, column_name, reason, raw)
     SELECT $1, line, 'address_id',
            'unknown address: not among the valid rows of this addresses.csv, nor stored by an earlier import',
            to_jsonb(moved) - 'line'
     FROM moved`,
    [spec.file],
  );
}

async function refuseRepeatedKeys(client: pg.PoolClient, spec: FileSpec): Promise<void> {
  const key = spec.key.join(', ');
  const named = spec.key[spec.key.length - 1]!;
  await client.query(
    `WITH ranked AS (
       SELECT line, min(line) OVER (PARTITION BY ${key}) AS first FROM ${stagingTable(spec)}),
     moved AS (
       DELETE FROM ${stagingTable(spec)} s USING ranked r
       WHERE s.line = r.line AND r.line > r.first
       RETURNING s.*, r.first)
     INSERT INTO stg_quarantine (file, line, column_name, reason, raw)
     SELECT $1, line, $2, $3 || first, to_jsonb(moved) - 'line' - 'first'
     FROM moved`,
    [spec.file, named, `${spec.key.join(' + ')} repeats a row given before; the first is kept, at line `],
  );
}

interface Period {
  line: number;
  address_id: string;
  valid_from: string;
  valid_to: string | null;
}

/**
 * Periods of one address must not overlap. Only addresses with an overlap are read
 * back; for them, rows are taken in file order and a row overlapping one already
 * kept is refused (so a row that overlaps only a refused row stays).
 */
async function refuseOverlappingPeriods(client: pg.PoolClient, spec: FileSpec): Promise<void> {
  const table = stagingTable(spec);
  const { rows } = await client.query<Period>(
    `SELECT line, address_id, valid_from, valid_to FROM ${table}
     WHERE address_id IN (
       SELECT a.address_id FROM ${table} a JOIN ${table} b
         ON a.address_id = b.address_id AND a.line < b.line
        AND a.valid_from < coalesce(b.valid_to, 'infinity') AND b.valid_from < coalesce(a.valid_to, 'infinity'))
     ORDER BY address_id, line`,
  );
  const refused: Array<{ line: number; reason: string }> = [];
  let kept: Period[] = [];
  for (const [i, period] of rows.entries()) {
    if (i === 0 || rows[i - 1]!.address_id !== period.address_id) kept = [];
    const clash = kept.find((k) => overlaps(k, period));
    if (clash) refused.push({ line: period.line, reason: `period overlaps the period of the same address at line ${clash.line}` });
    else kept.push(period);
  }
  if (refused.length === 0) return;
  await client.query(
    `WITH refused AS (SELECT * FROM unnest($2::bigint[], $3::text[]) AS r(line, reason)),
     moved AS (DELETE FROM ${table} s USING refused r WHERE s.line = r.line RETURNING s.*, r.reason)
     INSERT INTO stg_quarantine (file, line, column_name, reason, raw)
     SELECT $1, line, 'valid_from', reason, to_jsonb(moved) - 'line' - 'reason' FROM moved`,
    [spec.file, refused.map((r) => r.line), refused.map((r) => r.reason)],
  );
}

function overlaps(a: Period, b: Period): boolean {
  return a.valid_from < (b.valid_to ?? '9999-12-31') && b.valid_from < (a.valid_to ?? '9999-12-31');
}
