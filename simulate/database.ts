import { randomBytes } from 'node:crypto';
import type { Config } from '../config/index.ts';
import { adminQuery, migrate, openDatabase, openMemoryDatabase, type Database } from '../db/index.ts';

/**
 * A database of its own for one simulated run, so that runs never see each other's
 * controls or models: an in-memory PGlite, or — with DATABASE_URL set — a fresh database
 * on that server, dropped again when the run closes it.
 */
export async function openRunDatabase(config: Config, label: string): Promise<Database> {
  if (!config.databaseUrl) {
    const db = await openMemoryDatabase();
    await migrate(db.pool);
    return db;
  }
  // Only digits, lowercase letters and underscores: safe as an identifier without quoting.
  const name = `hennep_simulate_${label.replace(/[^a-z0-9]/g, '_')}_${randomBytes(4).toString('hex')}`;
  await adminQuery(config.databaseUrl, `CREATE DATABASE ${name}`);
  const target = new URL(config.databaseUrl);
  target.pathname = `/${name}`;
  try {
    const db = await openDatabase({ ...config, databaseUrl: target.toString() });
    await migrate(db.pool);
    return {
      pool: db.pool,
      kind: db.kind,
      location: db.location,
      async close() {
        await db.close();
        await adminQuery(config.databaseUrl!, `DROP DATABASE IF EXISTS ${name}`);
      },
    };
  } catch (error) {
    await adminQuery(config.databaseUrl, `DROP DATABASE IF EXISTS ${name}`).catch(() => undefined);
    throw error;
  }
}
