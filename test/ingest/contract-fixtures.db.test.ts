import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { exitCodeFor, importDirectory, SOURCE_FILES, type ImportReport } from '../../ingest/index.ts';
import { countRows, dumpSourceTables, useTestDatabase } from '../support/database.ts';

/**
 * Walks every case of the contract fixtures, v1 and v1.1: a new case directory is picked
 * up with no change here. Each must give exactly the outcome its expected.json states.
 */
const FIXTURES = join(import.meta.dirname, '..', 'fixtures');
/** Each set of cases, with the least number of cases it has (so that a lost copy fails). */
const SETS = { contract: 8, 'contract-v1.1': 3 } as const;
/** Where `import_after` and `same_as` name a case the set lacks: the v1 cases. */
const BASE_SET = 'contract';
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
  checks?: Array<Record<string, string | number | null>>;
}

const casesOf = (set: string) =>
  readdirSync(join(FIXTURES, set), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => `${set}/${d.name}`)
    .sort();
const cases = Object.keys(SETS).flatMap(casesOf);
const expectedOf = (path: string): Expected => JSON.parse(readFileSync(join(FIXTURES, path, 'expected.json'), 'utf8'));
/** A case named inside another case's expected.json: of the same set when it has it. */
const sibling = (path: string, name: string) => {
  const set = path.split('/')[0]!;
  return existsSync(join(FIXTURES, set, name)) ? `${set}/${name}` : `${BASE_SET}/${name}`;
};
const tableOf = (file: string) => file.replace(/\.csv$/, '');

describe('contract fixtures', () => {
  const db = useTestDatabase();
  beforeEach(() => db.reset());

  const load = (path: string) => importDirectory(db.pool, join(FIXTURES, path), { today: TODAY });

  it.each(Object.entries(SETS))('has the cases of %s to walk', (set, least) => {
    expect(casesOf(set).length).toBeGreaterThanOrEqual(least);
  });

  it.each(cases)('%s gives the outcome its expected.json states', async (path) => {
    const expected = expectedOf(path);
    if (expected.import_after) expect((await load(sibling(path, expected.import_after))).status).toBe('loaded');
    const report = await load(path);

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
      await load(sibling(path, expected.same_as));
      expect(mine).toEqual(await dumpSourceTables(db.pool));
    }
  });

  async function expectStored(stored: Record<string, number>, report: ImportReport) {
    for (const file of SOURCE_FILES) {
      const n = await countRows(db.pool, tableOf(file));
      expect([file, n], `report ${JSON.stringify(report.errors)}`).toEqual([file, stored[file] ?? 0]);
    }
  }

  async function expectCheck(check: Record<string, string | number | null>) {
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
