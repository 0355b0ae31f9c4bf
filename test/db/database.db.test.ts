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

describe('the connections', () => {
  const db = useTestDatabase();

  it("read every float back as the double stored, whatever the database's default for extra_float_digits", async () => {
    const stored = [0.1 + 0.2, 1 / 3, Math.PI * 1e-7, 123456.78901234567, -2.5e300];
    const read = async (pool: typeof db.pool) =>
      (
        await pool.query<{ v: number[]; digits: string }>('SELECT to_json($1::float8[]) AS v, current_setting($2) AS digits', [
          `{${stored.join(',')}}`,
          'extra_float_digits',
        ])
      ).rows[0]!;
    expect(await read(db.pool)).toEqual({ v: stored, digits: '3' });
    const url = db.url;
    if (!url) return;
    // A server that gives 15 significant digits by default: a new connection of the project's pool still reads them exactly.
    const name = new URL(url).pathname.slice(1);
    await db.pool.query(`ALTER DATABASE "${name}" SET extra_float_digits = 0`);
    const other = await openDatabase({ ...loadConfig({}), databaseUrl: url, dbPoolSize: 1 });
    try {
      expect(await read(other.pool)).toEqual({ v: stored, digits: '3' });
      const plain = await other.pool.connect();
      try {
        await plain.query('RESET extra_float_digits');
        const { rows } = await plain.query<{ v: number[] }>('SELECT to_json($1::float8[]) AS v', [`{${stored.join(',')}}`]);
        // What the pool's setting prevents: the database's default reads 0.1 + 0.2 back as 0.3.
        expect(rows[0]!.v[0]).toBe(0.3);
      } finally {
        plain.release();
      }
    } finally {
      await other.close();
      await db.pool.query(`ALTER DATABASE "${name}" RESET extra_float_digits`);
    }
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
