import { rmSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { loadConfig } from '../config/index.ts';
import { migrate, openDatabase, type Database } from '../db/index.ts';
import { BENCH_DIR } from './city.ts';

export interface BenchDatabase {
  label: string;
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

/**
 * A fresh database `hennep_bench` on the PostgreSQL server of BENCH_DATABASE_URL or
 * DATABASE_URL (default: the local server CI has); null when none answers.
 */
export async function postgresBench(env: NodeJS.ProcessEnv = process.env): Promise<BenchDatabase | null> {
  const server = env.BENCH_DATABASE_URL ?? env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const admin = new pg.Client({ connectionString: server, connectionTimeoutMillis: 3000 });
  try {
    await admin.connect();
    await admin.query('DROP DATABASE IF EXISTS hennep_bench');
    await admin.query('CREATE DATABASE hennep_bench');
    const { rows } = await admin.query<{ server_version: string }>('SHOW server_version');
    const url = new URL(server);
    url.pathname = '/hennep_bench';
    return {
      label: `PostgreSQL ${rows[0]!.server_version.split(' ')[0]}`,
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
