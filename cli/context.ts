import { loadConfig, type Config } from '../config/index.ts';
import { migrate, openDatabase, type Database } from '../db/index.ts';

/**
 * Opens the configured database, brings its schema up to date, runs `work` and
 * closes the database whatever happens.
 */
export async function withDatabase<T>(work: (db: Database, config: Config) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const db = await openDatabase(config);
  try {
    await migrate(db.pool);
    return await work(db, config);
  } finally {
    await db.close();
  }
}
