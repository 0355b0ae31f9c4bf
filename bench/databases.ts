import { rmSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { loadConfig } from '../config/index.ts';
import { migrate, openDatabase, type Database } from '../db/index.ts';
import { BENCH_DIR } from './city.ts';

export interface BenchDatabase {
  label: string;
  /** The connection string of a PostgreSQL bench database (none for the embedded one). */
  url?: string;
  open(): Promise<Database>;
}

/** A fresh embedded database in the bench directory. */
export function embeddedBench(): BenchDatabase {
  const dataDir = join(BENCH_DIR, 'pglite');
  rmSync(dataDir, { recursive: true, force: true });
  return {
    label: 'embedded PGlite',
    async open() {
      const db = await openDatabase({ ...loadConfig({}), dataDir });
      await migrate(db.pool);
      return db;
    },
  };
}

/** The PostgreSQL server the bench uses: BENCH_DATABASE_URL, DATABASE_URL or the local server CI has. */
export function benchServerUrl(env: NodeJS.ProcessEnv = process.env): string {
  return env.BENCH_DATABASE_URL ?? env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
}

/**
 * A fresh database (`hennep_bench` unless named) on the PostgreSQL server of
 * BENCH_DATABASE_URL or DATABASE_URL (default: the local server CI has); null when none
 * answers.
 */
export async function postgresBench(env: NodeJS.ProcessEnv = process.env, database = 'hennep_bench'): Promise<BenchDatabase | null> {
  const server = benchServerUrl(env);
  const admin = new pg.Client({ connectionString: server, connectionTimeoutMillis: 3000 });
  try {
    await admin.connect();
    // The name is the caller's constant, never input: identifiers cannot be parameters.
    await admin.query(`DROP DATABASE IF EXISTS ${database}`);
    await admin.query(`CREATE DATABASE ${database}`);
    const { rows } = await admin.query<{ server_version: string }>('SHOW server_version');
    const url = new URL(server);
    url.pathname = `/${database}`;
    return {
      label: `PostgreSQL ${rows[0]!.server_version.split(' ')[0]}`,
      url: url.toString(),
      async open() {
        const db = await openDatabase({ ...loadConfig({}), databaseUrl: url.toString() });
        await migrate(db.pool);
        return db;
      },
    };
  } catch {
    return null;
  } finally {
    await admin.end().catch(() => undefined);
  }
}
