import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import type { Config } from '../config/index.ts';
import { startEmbeddedServer, type EmbeddedServer } from './embedded.ts';

export type DatabaseKind = 'postgres' | 'embedded';

export interface Database {
  readonly pool: pg.Pool;
  readonly kind: DatabaseKind;
  /** Where the data lives, without credentials: a host/database or a directory. */
  readonly location: string;
  close(): Promise<void>;
}

const DATE_OID = 1082;
const INT8_OID = 20;
const NUMERIC_OID = 1700;

/**
 * Dates stay 'YYYY-MM-DD' strings: the contract's dates are calendar days, and a JS Date
 * would shift them by the process time zone. Counts (bigint) and numerics become numbers.
 */
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === DATE_OID) return (value: string) => value;
    if (oid === INT8_OID || oid === NUMERIC_OID) return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

/**
 * `keepConnections` (PostgreSQL only; the embedded database has its one connection): the
 * pool keeps every connection it opened instead of closing those idle for 10 s, so that a
 * request after a pause does not pay for a new one (its handshake and its first reads of
 * the catalogue); for the service, not for a command that ends.
 */
export async function openDatabase(config: Config, options: { keepConnections?: boolean } = {}): Promise<Database> {
  if (config.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: config.databaseUrl,
      max: config.dbPoolSize,
      ...(options.keepConnections ? { min: config.dbPoolSize } : {}),
      // A kept connection a firewall dropped silently is found by TCP keepalive and replaced,
      // rather than hanging the first query after a quiet night.
      keepAlive: true,
      keepAliveInitialDelayMillis: 30_000,
      types,
      onConnect: exactFloats,
    });
    // An idle connection the server drops (restart, failover, idle timeout) is replaced on
    // next use; unheard, pg-pool's 'error' would end the process.
    pool.on('error', (error) =>
      process.stderr.write(`${JSON.stringify({ level: 'warn', msg: `database connection lost: ${error.message}` })}\n`),
    );
    await checkReachable(pool, redactUrl(config.databaseUrl));
    return {
      pool,
      kind: 'postgres',
      location: redactUrl(config.databaseUrl),
      close: () => pool.end(),
    };
  }
  const directory = join(config.dataDir, 'pgdata');
  await mkdir(config.dataDir, { recursive: true });
  const server = await startEmbeddedServer(directory, 1);
  return embeddedDatabase(server, directory);
}

/** An in-memory embedded database, for tests and throw-away runs. */
export async function openMemoryDatabase(): Promise<Database> {
  const server = await startEmbeddedServer(undefined, 1);
  return embeddedDatabase(server, 'memory');
}

/**
 * Every float leaves the server as the shortest text that reads back as the same double,
 * whatever a database or role sets as default: a risk list's stored feature values
 * must come back as the ones scoring computed their contributions from (models/stored-terms.ts).
 * Awaited by the pool before the connection is handed out (onConnect).
 */
async function exactFloats(client: pg.ClientBase): Promise<void> {
  await client.query('SET extra_float_digits = 3');
}

const singleSession = new WeakSet<pg.Pool>();

/**
 * True for the embedded database's pool: one connection to one PGlite session. Code that
 * would hold a client while querying the pool, or rely on session-level advisory locks
 * between connections, must not do so here.
 */
export function isSingleSession(pool: pg.Pool): boolean {
  return singleSession.has(pool);
}

/**
 * One connection, whatever HENNEP_DB_POOL_SIZE says: pglite-socket 0.2 interleaves the
 * protocol messages of concurrent connections outside explicit transactions (upstream
 * electric-sql/pglite#1046), which under load answered queries with another
 * connection's rows. PGlite runs one query at a time anyway, so a single connection
 * costs no throughput; concurrent callers queue in the pool.
 */
function embeddedDatabase(server: EmbeddedServer, location: string): Database {
  // The PGlite session outlives the pg connection (the pool closes idle ones): statements
  // a previous connection prepared would clash with the names the new one prepares. The
  // pool awaits onConnect before it hands the connection out (a 'connect' listener's query
  // would still run when the first caller's arrived).
  const pool = new pg.Pool({
    connectionString: server.url,
    max: 1,
    types,
    onConnect: async (client) => {
      await client.query('DEALLOCATE ALL');
      await exactFloats(client);
    },
  });
  singleSession.add(pool);
  let closed = false;
  return {
    pool,
    kind: 'embedded',
    location,
    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
      await server.stop();
    },
  };
}

async function checkReachable(pool: pg.Pool, where: string): Promise<void> {
  try {
    await pool.query('SELECT 1');
  } catch (cause) {
    await pool.end().catch(() => undefined);
    throw new Error(`cannot reach PostgreSQL at ${where}: ${(cause as Error).message}`, { cause });
  }
}

export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparseable DATABASE_URL)';
  }
}
