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

describe("the service's pool", () => {
  const db = useTestDatabase();

  it.skipIf(!process.env.DATABASE_URL)('keeps the connections it opened where a command lets idle ones go', async () => {
    const idleAfter = async (keepConnections: boolean) => {
      const opened = await openDatabase({ ...loadConfig({}), databaseUrl: db.url, dbPoolSize: 3 }, { keepConnections });
      try {
        // Idle connections are closed after 10 s by default: 20 ms here, so the test need not wait.
        (opened.pool as unknown as { options: { idleTimeoutMillis: number } }).options.idleTimeoutMillis = 20;
        await Promise.all([1, 2, 3].map(() => opened.pool.query('SELECT pg_sleep(0.05)')));
        const busy = opened.pool.totalCount;
        await new Promise((resolve) => setTimeout(resolve, 200));
        return [busy, opened.pool.totalCount];
      } finally {
        await opened.close();
      }
    };
    expect(await idleAfter(true)).toEqual([3, 3]);
    expect(await idleAfter(false)).toEqual([3, 0]);
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
