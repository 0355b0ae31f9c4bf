import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { exitCodeFor, importDirectory, SOURCE_FILES, type ImportReport } from '../../ingest/index.ts';
import { countRows, dumpSourceTables, useTestDatabase } from '../support/database.ts';

/**
 * Walks every case of the contract fixtures: a new case directory is picked up with no
 * change here. Each must give exactly the outcome its expected.json states.
 */
const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'contract');
const TODAY = new Date('2026-11-28T12:00:00Z');

interface Expected {
  exit_code: number;
  stored: Record<string, number>;
  quarantined?: Array<{ file: string; line: number; column: string }>;
  warnings_min?: number;
  error_mentions?: string[];
  same_as?: string;
  import_after?: string;
  updated?: Record<string, number>;
  unchanged?: Record<string, number>;
  checks?: Array<Record<string, string | number>>;
}

const cases = readdirSync(FIXTURES, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();
const expectedOf = (name: string): Expected => JSON.parse(readFileSync(join(FIXTURES, name, 'expected.json'), 'utf8'));
const tableOf = (file: string) => file.replace(/\.csv$/, '');

describe('contract fixtures', () => {
  const db = useTestDatabase();
  beforeEach(() => db.reset());

  const load = (name: string) => importDirectory(db.pool, join(FIXTURES, name), { today: TODAY });

  it('has cases to walk', () => {
    expect(cases.length).toBeGreaterThanOrEqual(8);
  });

  it.each(cases)('%s gives the outcome its expected.json states', async (name) => {
    const expected = expectedOf(name);
    if (expected.import_after) expect((await load(expected.import_after)).status).toBe('loaded');
    const report = await load(name);

    expect(exitCodeFor(report)).toBe(expected.exit_code);
    await expectStored(expected.stored, report);
    const quarantined = report.quarantined.map((q) => ({ file: q.file, line: q.line, column: q.column }));
    expect(sortRows(quarantined)).toEqual(sortRows(expected.quarantined ?? []));
    expect(report.quarantinedTotal).toBe(expected.quarantined?.length ?? 0);
    const stored = await db.pool.query('SELECT file, line, column_name AS column FROM quarantine');
    expect(sortRows(stored.rows)).toEqual(sortRows(expected.quarantined ?? []));

    const warnings = [...report.warnings, ...report.files.flatMap((f) => f.warnings)];
    expect(warnings.length).toBeGreaterThanOrEqual(expected.warnings_min ?? 0);
    for (const word of expected.error_mentions ?? []) expect(report.errors.map((e) => e.message).join('\n')).toContain(word);
    if (expected.exit_code !== 0) expect(report.errors.length).toBeGreaterThan(0);

    for (const file of SOURCE_FILES) {
      const f = report.files.find((r) => r.file === file)!;
      if (expected.updated) expect([file, f.updated]).toEqual([file, expected.updated[file] ?? 0]);
      if (expected.unchanged && file !== 'occupancy.csv' && file !== 'companies.csv') {
        expect([file, f.unchanged]).toEqual([file, expected.unchanged[file] ?? 0]);
      }
    }
    for (const check of expected.checks ?? []) await expectCheck(check);

    if (expected.same_as) {
      const mine = await dumpSourceTables(db.pool);
      await db.reset();
      await load(expected.same_as);
      expect(mine).toEqual(await dumpSourceTables(db.pool));
    }
  });

  async function expectStored(stored: Record<string, number>, report: ImportReport) {
    for (const file of SOURCE_FILES) {
      const n = await countRows(db.pool, tableOf(file));
      expect([file, n], `report ${JSON.stringify(report.errors)}`).toEqual([file, stored[file] ?? 0]);
    }
  }

  async function expectCheck(check: Record<string, string | number>) {
    if ('occupancy_periods' in check) {
      const n = await db.pool.query('SELECT count(*)::int AS n FROM occupancy WHERE address_id = $1', [check.address_id]);
      expect(n.rows[0].n).toBe(check.occupancy_periods);
      return;
    }
    const [keyColumn, keyValue] = Object.entries(check)[0]!;
    const table = keyColumn === 'address_id' ? 'addresses' : keyColumn === 'report_id' ? 'reports' : 'inspections';
    const { rows } = await db.pool.query(`SELECT * FROM ${table} WHERE ${keyColumn} = $1`, [keyValue]);
    expect(rows).toHaveLength(1);
    for (const [column, value] of Object.entries(check).slice(1)) expect(rows[0][column]).toBe(value);
  }
});

function sortRows<T extends { file: string; line: number }>(rows: T[]): T[] {
  return [...rows].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
}
