import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import { withTransaction } from './transaction.ts';

const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));
/** Any fixed number: the advisory lock that keeps two starting replicas from migrating at once. */
const MIGRATION_LOCK = 4_242_001;

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export async function listMigrations(): Promise<Migration[]> {
  const files = (await readdir(MIGRATIONS_DIR)).filter((f) => f.endsWith('.sql')).sort();
  const migrations: Migration[] = [];
  for (const file of files) {
    const match = /^(\d{3})_([a-z0-9_]+)\.sql$/.exec(file);
    if (!match) throw new Error(`migration file name must look like 001_name.sql: ${file}`);
    migrations.push({ version: Number(match[1]), name: match[2]!, sql: await readFile(MIGRATIONS_DIR + file, 'utf8') });
  }
  return migrations;
}

/**
 * Applies every migration not applied yet, in order, in one transaction: a failing
 * migration leaves the schema as it was. Returns the versions applied now.
 */
export async function migrate(pool: pg.Pool): Promise<Migration[]> {
  const migrations = await listMigrations();
  return withTransaction(pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    // Created only when missing: an up-to-date database needs no DDL, so a service role
    // without CREATE rights starts fine.
    const { rows: exists } = await client.query<{ found: boolean }>(`SELECT to_regclass('schema_migrations') IS NOT NULL AS found`);
    if (!exists[0]!.found) {
      await client.query(`CREATE TABLE schema_migrations (
        version integer PRIMARY KEY,
        name text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now())`);
    }
    const { rows } = await client.query<{ version: number }>('SELECT version FROM schema_migrations');
    const applied = new Set(rows.map((r) => r.version));
    const pending = migrations.filter((m) => !applied.has(m.version));
    for (const migration of pending) {
      try {
        await client.query(migration.sql);
      } catch (cause) {
        throw new Error(`migration ${migration.version}_${migration.name} failed: ${(cause as Error).message}`, { cause });
      }
      await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
    }
    return pending;
  });
}
