import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runHennep } from '../support/cli.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { temporaryDirectory } from '../support/tmp.ts';

/**
 * `hennep features` on a generated city, as an operator runs it; then the same city with
 * reports and inspections dated on or after the reference date appended, ingested into
 * a fresh database: every feature row for that date must be byte-identical.
 */
describe('hennep features', () => {
  const city = temporaryDirectory('city');
  const out = temporaryDirectory('features');
  const databases: TestDatabase[] = [];
  const environment = async () => {
    if (!process.env.DATABASE_URL) return { HENNEP_DATA_DIR: temporaryDirectory('data') };
    const test = await createTestDatabase();
    databases.push(test);
    await test.db.close();
    return { DATABASE_URL: test.url };
  };

  beforeAll(async () => {
    const generated = await runHennep(
      ['generate', '--addresses', '1500', '--seed', '3', '--start-year', '2017', '--end-year', '2024', '--out', city],
      {},
    );
    expect(generated.code).toBe(0);
  });
  afterAll(async () => {
    for (const test of databases) await test.dispose().catch(() => undefined);
  });

  async function featuresOf(env: Record<string, string | undefined>, file: string): Promise<string> {
    expect((await runHennep(['ingest', '--dir', city], env)).code).toBe(0);
    const result = await runHennep(['features', '--as-of', '2023-01-01', '--out', join(out, file)], env);
    expect(result.stderr).toContain('1500 addresses');
    expect(result.code).toBe(0);
    return readFileSync(join(out, file), 'utf8');
  }

  it('writes one row per address, an address_id and a label column, 25+ numeric features, no empty cell', async () => {
    const csv = await featuresOf(await environment(), 'first.csv');
    const [header, ...rows] = csv.trimEnd().split('\n');
    const columns = header!.split(',');
    expect(columns.slice(0, 2)).toEqual(['address_id', 'label']);
    expect(columns.length - 2).toBeGreaterThanOrEqual(25);
    expect(rows).toHaveLength(1500);
    expect(new Set(rows.map((r) => r.split(',')[0])).size).toBe(1500);
    for (const row of rows) {
      const cells = row.split(',');
      expect(cells).toHaveLength(columns.length);
      expect(['0', '1']).toContain(cells[1]);
      for (const cell of cells.slice(2)) expect(Number.isFinite(Number(cell)) && cell !== '').toBe(true);
    }

    appendFileSync(
      join(city, 'reports.csv'),
      ['LATE-1', 'LATE-2'].map((id, i) => `${id},${rows[i]!.split(',')[0]},2023-01-0${i + 1},anonymous_tip,anonymous\n`).join(''),
    );
    // Contract v1.1 files carry selection_probability after the outcome: empty for a tip.
    const inspectionColumns = readFileSync(join(city, 'inspections.csv'), 'utf8').split('\n')[0]!.split(',').length;
    appendFileSync(
      join(city, 'inspections.csv'),
      `LATE-I,${rows[3]!.split(',')[0]},2023-01-01,tip,cultivation${','.repeat(inspectionColumns - 5)}\n`,
    );
    const again = await featuresOf(await environment(), 'second.csv');
    const withoutLabels = (text: string) =>
      text.split('\n').map((line) =>
        line
          .split(',')
          .filter((_, i) => i !== 1)
          .join(','),
      );
    expect(withoutLabels(again)).toEqual(withoutLabels(csv));
    expect(again.split('\n')[4]!.split(',')[1]).toBe('1');
  });

  it('names the file it cannot write, and exits with an error', async () => {
    const env = await environment();
    expect((await runHennep(['ingest', '--dir', city], env)).code).toBe(0);
    const missing = join(out, 'no-such-folder', 'features.csv');
    const result = await runHennep(['features', '--as-of', '2023-01-01', '--out', missing], env);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(`cannot write ${missing}`);
  });
});
