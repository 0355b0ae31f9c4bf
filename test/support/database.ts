import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { loadConfig } from '../../config/index.ts';
import { migrate, openDatabase, openMemoryDatabase, type Database } from '../../db/index.ts';

export const SOURCE_TABLES = ['addresses', 'occupancy', 'energy', 'reports', 'inspections', 'companies'] as const;

/**
 * A database of its own for one test file: an in-memory PGlite, or — when
 * DATABASE_URL is set (CI's PostgreSQL run) — a fresh database on that server,
 * dropped afterwards. `reset()` empties every table between tests.
 */
export function useTestDatabase() {
  let db: Database | undefined;
  let dropDatabase: (() => Promise<void>) | undefined;
  let serverUrl: string | undefined;
  beforeAll(async () => {
    const url = process.env.DATABASE_URL;
    if (url) {
      const name = `hennep_test_${randomBytes(6).toString('hex')}`;
      await adminQuery(url, `CREATE DATABASE ${name}`);
      const target = new URL(url);
      target.pathname = `/${name}`;
      serverUrl = target.toString();
      db = await openDatabase({ ...loadConfig({}), databaseUrl: serverUrl, dbPoolSize: 5 });
      dropDatabase = () => adminQuery(url, `DROP DATABASE IF EXISTS ${name}`);
    } else {
      db = await openMemoryDatabase();
    }
    await migrate(db.pool);
  });
  afterAll(async () => {
    await db?.close();
    await dropDatabase?.();
  });
  return {
    get pool(): pg.Pool {
      if (!db) throw new Error('the test database is not open yet');
      return db.pool;
    },
    get kind() {
      return db?.kind;
    },
    /** The PostgreSQL URL of this test's own database; undefined when embedded. */
    get url() {
      return serverUrl;
    },
    async reset() {
      const { rows } = await this.pool.query<{ tablename: string }>(
        `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'schema_migrations'`,
      );
      if (rows.length > 0) await this.pool.query(`TRUNCATE ${rows.map((r) => r.tablename).join(', ')} RESTART IDENTITY CASCADE`);
    },
  };
}

async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Every source table's rows in a canonical order, for comparing stored content. */
export async function dumpSourceTables(pool: pg.Pool): Promise<Record<string, unknown[]>> {
  const dump: Record<string, unknown[]> = {};
  for (const table of SOURCE_TABLES) {
    const { rows } = await pool.query(`SELECT * FROM ${table} ORDER BY ${table}::text`);
    dump[table] = rows;
  }
  return dump;
}

export async function countRows(pool: pg.Pool, table: string): Promise<number> {
  const { rows } = await pool.query<{ n: number }>(`SELECT count(*) AS n FROM ${table}`);
  return rows[0]!.n;
}
