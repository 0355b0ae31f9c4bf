import { temporaryDirectory } from '../support/tmp.ts';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/index.ts';
import { listMigrations, migrate, openDatabase } from '../../db/index.ts';
import { useTestDatabase } from '../support/database.ts';

describe('migrations', () => {
  const db = useTestDatabase();

  it('are recorded once each, and a second run applies nothing', async () => {
    const { rows } = await db.pool.query('SELECT version FROM schema_migrations ORDER BY version');
    expect(rows.map((r) => r.version)).toEqual((await listMigrations()).map((m) => m.version));
    expect(await migrate(db.pool)).toEqual([]);
  });

  it('apply safely when two starting processes migrate at the same moment', async () => {
    const results = await Promise.all([migrate(db.pool), migrate(db.pool)]);
    expect(results.flat()).toEqual([]);
  });

  it('make the database itself refuse a row that breaks the contract', async () => {
    await expect(db.pool.query(`INSERT INTO reports VALUES ('R', '0000000000000001', '2020-01-01', 'smell', 'police')`)).rejects.toThrow();
  });
});

describe('the embedded database', () => {
  it.skipIf(Boolean(process.env.DATABASE_URL))(
    'refuses a second opener of its data directory, naming the process that holds it',
    async () => {
      const dataDir = temporaryDirectory('lock');
      const config = { ...loadConfig({}), dataDir };
      const first = await openDatabase(config);
      try {
        await expect(openDatabase(config)).rejects.toThrow(`in use by process ${process.pid}`);
      } finally {
        await first.close();
      }
      const again = await openDatabase(config);
      await again.close();
    },
  );
});
