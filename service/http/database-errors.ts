/**
 * What a database error means for the caller. A handler that fails because PostgreSQL is
 * restarting, refusing connections or unreachable gets 503 (try again), never 500: the
 * request was fine. A data exception (SQLSTATE class 22: a number out of range, a NUL in
 * text, a date PostgreSQL cannot hold) comes from a value in the request that validation
 * let through, so it is the caller's 400. Anything else stays an internal error.
 */
import pg from 'pg';

/** How a database error is answered. */
export interface DatabaseFailure {
  status: 400 | 503;
  code: 'invalid_request' | 'database_unavailable';
  message: string;
}

/** SQLSTATEs of a server that is going down, starting up, or has no room for a connection. */
const UNAVAILABLE_STATES = new Set(['57P01', '57P02', '57P03', '53300', '53400']);
const CONNECTION_ERRORS = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH']);
/** pg's own words when a connection ends under a query or cannot be had in time. */
const CONNECTION_MESSAGES =
  /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error|Cannot use a pool after calling end/i;

export function databaseFailure(error: unknown): DatabaseFailure | null {
  if (error instanceof pg.DatabaseError && error.code) {
    if (error.code.startsWith('08') || UNAVAILABLE_STATES.has(error.code)) return unavailable();
    if (error.code.startsWith('22'))
      return {
        status: 400,
        code: 'invalid_request',
        message: `a value in the request cannot be stored or compared by the database (${error.message}); check the values sent`,
      };
    return null;
  }
  const e = error as { code?: unknown; message?: unknown };
  if (typeof e?.code === 'string' && CONNECTION_ERRORS.has(e.code)) return unavailable();
  if (typeof e?.message === 'string' && CONNECTION_MESSAGES.test(e.message)) return unavailable();
  return null;
}

function unavailable(): DatabaseFailure {
  return {
    status: 503,
    code: 'database_unavailable',
    message: 'the database is not available at the moment (restarting or unreachable); try again shortly',
  };
}
