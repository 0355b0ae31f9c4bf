import { join } from 'node:path';
import { temporaryDirectory } from '../support/tmp.ts';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/index.ts';
import { openDatabase } from '../../db/index.ts';
import { runHennep, REPO } from '../support/cli.ts';
import { dumpSourceTables, useTestDatabase } from '../support/database.ts';

const FIXTURES = join(REPO, 'test', 'fixtures', 'contract');

/**
 * `hennep ingest` as an operator runs it: a process of its own against the configured
 * database (a data directory of its own when embedded, a fresh database on the server
 * in CI's PostgreSQL run), judged by exit status, output and what is stored after.
 */
describe('hennep ingest', () => {
  const server = useTestDatabase();
  const dataDir = temporaryDirectory('cli');
  const env = () => (server.url ? { DATABASE_URL: server.url } : { HENNEP_DATA_DIR: dataDir });
  const stored = async () => {
    const db = await openDatabase(loadConfig(env()));
    try {
      return await dumpSourceTables(db.pool);
    } finally {
      await db.close();
    }
  };

  it('loads a delivery with --json, exit 0, and a second run changes nothing', async () => {
    const first = await runHennep(['ingest', '--dir', join(FIXTURES, 'bad-rows'), '--json'], env());
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const report = JSON.parse(first.stdout);
    expect(report).toMatchObject({ status: 'loaded', quarantinedTotal: 15 });
    const afterFirst = await stored();
    expect(afterFirst.addresses).toHaveLength(10);

    const second = await runHennep(['ingest', '--dir', join(FIXTURES, 'bad-rows'), '--json'], env());
    expect(second.code).toBe(0);
    expect(JSON.parse(second.stdout).files.map((f: { inserted: number; updated: number }) => f.inserted + f.updated)).toEqual([
      0, 0, 0, 0, 0, 0,
    ]);
    expect(await stored()).toEqual(afterFirst);
  });

  it('refuses a file with a forbidden column with exit 2, naming file and column, and stores nothing more', async () => {
    const before = await stored();
    const result = await runHennep(['ingest', '--dir', join(FIXTURES, 'bad-file-forbidden-column')], env());
    expect(result.code).toBe(2);
    expect(result.stdout).toContain('occupancy.csv line 1, column bewoner_nationaliteit');
    expect(await stored()).toEqual(before);
  });

  it('answers a usage error with exit 1 and the command usage', async () => {
    const result = await runHennep(['ingest'], env());
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('--dir is required');
  });
});
