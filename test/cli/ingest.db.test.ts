import { join } from 'node:path';
import { temporaryDirectory } from '../support/tmp.ts';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/index.ts';
import { migrate, openDatabase } from '../../db/index.ts';
import { importDirectory } from '../../ingest/index.ts';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
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

  // The limit is the embedded database's: skipped on a server, where the next test checks the same rule.
  it.skipIf(Boolean(process.env.DATABASE_URL))(
    'on the embedded database, refuses a city above HENNEP_EMBEDDED_MAX_ADDRESSES before creating or writing anything',
    async () => {
      const fresh = join(temporaryDirectory('cli-limit'), 'data');
      const result = await runHennep(['ingest', '--dir', join(FIXTURES, 'bad-rows')], {
        HENNEP_DATA_DIR: fresh,
        HENNEP_EMBEDDED_MAX_ADDRESSES: '9',
      });
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/addresses\.csv: this delivery would make \d+ addresses, above the 9 /);
      expect(result.stderr).toContain('HENNEP_EMBEDDED_MAX_ADDRESSES');
      expect(result.stderr).toContain('DATABASE_URL');
      expect(result.stderr).toContain('Nothing was written');
      expect(existsSync(fresh)).toBe(false);
    },
  );

  it('counts the addresses a database already holds: a repeated city fits, new addresses above the limit are refused and nothing changes', async () => {
    const db = await openDatabase(loadConfig(env()));
    try {
      await migrate(db.pool);
      const first = await importDirectory(db.pool, join(FIXTURES, 'valid-basic'));
      expect(first.status).toBe('loaded');
      const held = await dumpSourceTables(db.pool);
      const runs = async () => Number((await db.pool.query<{ n: string }>('SELECT count(*) AS n FROM import_runs')).rows[0]!.n);
      const runsBefore = await runs();
      const why = 'the test limit';
      // The same ten addresses again: still ten.
      expect((await importDirectory(db.pool, join(FIXTURES, 'valid-basic'), { maxAddresses: { max: 10, why } })).status).toBe('loaded');
      // The valid delivery's addresses under ids the database does not hold yet: ten more.
      const other = temporaryDirectory('cli-other');
      const text = readFileSync(join(FIXTURES, 'valid-basic', 'addresses.csv'), 'utf8');
      writeFileSync(join(other, 'addresses.csv'), text.replace(/^03340/gm, '03349'));
      await expect(importDirectory(db.pool, other, { maxAddresses: { max: 10, why } })).rejects.toThrow(
        /would make \d+ addresses, above the 10 the test limit\. Nothing was written\./,
      );
      expect(await dumpSourceTables(db.pool)).toEqual(held);
      expect(await runs()).toBe(runsBefore + 1);
    } finally {
      await db.close();
    }
  });
});
