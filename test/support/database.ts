import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { loadConfig } from '../../config/index.ts';
import { adminQuery, migrate, openDatabase, openMemoryDatabase, type Database } from '../../db/index.ts';
import { temporaryDirectory } from './tmp.ts';

export const SOURCE_TABLES = ['addresses', 'occupancy', 'energy', 'reports', 'inspections', 'companies'] as const;

export interface TestDatabase {
  db: Database;
  /** The PostgreSQL URL of this database; undefined when embedded in memory. */
  url: string | undefined;
  dispose(): Promise<void>;
}

/**
 * A database of its own: an in-memory PGlite, or — when DATABASE_URL is set (CI's
 * PostgreSQL run) — a fresh database on that server, dropped by `dispose`.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const server = process.env.DATABASE_URL;
  if (!server) {
    const db = await openMemoryDatabase();
    await migrate(db.pool);
    return { db, url: undefined, dispose: () => db.close() };
  }
  const name = `hennep_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(server, `CREATE DATABASE ${name}`);
  const target = new URL(server);
  target.pathname = `/${name}`;
  const db = await openDatabase({ ...loadConfig({}), databaseUrl: target.toString(), dbPoolSize: 5 });
  await migrate(db.pool);
  return {
    db,
    url: target.toString(),
    async dispose() {
      // CLI tests close the pool early so that their child processes own the database.
      await db.close().catch(() => undefined);
      await adminQuery(server, `DROP DATABASE IF EXISTS ${name}`);
    },
  };
}

/** A test database for one test file, opened before its tests and disposed after. */
export function useTestDatabase() {
  let test: TestDatabase | undefined;
  beforeAll(async () => {
    test = await createTestDatabase();
  });
  afterAll(async () => {
    await test?.dispose();
  });
  const pool = (): pg.Pool => {
    if (!test) throw new Error('the test database is not open yet');
    return test.db.pool;
  };
  return {
    get pool() {
      return pool();
    },
    /** The PostgreSQL URL of this test's own database; undefined when embedded. */
    get url() {
      return test?.url;
    },
    async reset() {
      const { rows } = await pool().query<{ tablename: string }>(
        `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'schema_migrations'`,
      );
      if (rows.length === 0) return;
      // The audit log refuses TRUNCATE by trigger; a test reset is the one place that may.
      const client = await pool().connect();
      try {
        await client.query('BEGIN');
        await client.query('SET LOCAL session_replication_role = replica');
        await client.query(`TRUNCATE ${rows.map((r) => r.tablename).join(', ')} RESTART IDENTITY CASCADE`);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      } finally {
        client.release();
      }
    },
  };
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

/**
 * The environment for `hennep` child processes of one test file: a fresh PostgreSQL
 * database (when DATABASE_URL is set) or a fresh embedded data directory. A data directory
 * of its own also with PostgreSQL: keys and audit checkpoints live there, and the default
 * one in the repository may hold another database's checkpoints.
 */
export async function cliEnvironment(prefix: string): Promise<{ env: Record<string, string | undefined>; dispose(): Promise<void> }> {
  if (!process.env.DATABASE_URL) {
    return { env: { HENNEP_DATA_DIR: temporaryDirectory(prefix) }, dispose: async () => undefined };
  }
  const test = await createTestDatabase();
  return { env: { DATABASE_URL: test.url, HENNEP_DATA_DIR: temporaryDirectory(prefix) }, dispose: () => test.dispose() };
}
