/**
 * The one error responder. Every refusal and failure — of a route, of the pipeline before
 * it, of a path no route takes, of express itself (a body it cannot read), of the web
 * page's demo sign-in, of /readyz — answers with one body, the one the OpenAPI document
 * shows as `Error`:
 *
 *   { "error": { "code": ErrorCode, "message": string, ...details }, "requestId": string }
 *
 * What went wrong inside the service goes to the log under the request id, never to the
 * caller.
 */
import { randomUUID } from 'node:crypto';
import type express from 'express';
import type { Logger } from 'pino';
import type { AuthFailure } from '../auth/principal.ts';
import { databaseFailure } from './database-errors.ts';
import { HttpError } from './errors.ts';
import { bodyError } from './parse.ts';

/** The RFC 6750 error description of each reason a token is refused. */
const CHALLENGE_TEXT: Record<AuthFailure, string> = {
  missing: 'no bearer token',
  malformed: 'malformed token',
  expired: 'token expired',
  issuer: 'wrong issuer',
  audience: 'wrong audience',
  signature: 'signature does not verify',
  algorithm: 'algorithm not accepted',
  claims: 'claims do not validate',
  unavailable: 'issuer unavailable',
};

/** Where an error is answered: the log its internals go to, and the request id it is filed under. */
export interface ErrorScene {
  log: Logger;
  requestId?: string;
}

/**
 * Any failure as the error the caller sees: an HttpError as it is; a database that is down
 * or refuses a value as 503 or 400; anything else as 500, its stack in the log only.
 */
export function asHttpError(error: unknown, log: Logger, requestId: string): HttpError {
  if (error instanceof HttpError) return error;
  const database = databaseFailure(error);
  if (database) {
    log.warn(
      { requestId, err: error instanceof Error ? error.message : String(error) },
      database.status === 503 ? 'database unavailable' : 'database refused a request value',
    );
    return new HttpError(database.status, database.code, database.message);
  }
  log.error(
    { requestId, err: error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : String(error) },
    'request failed',
  );
  return new HttpError(
    500,
    'internal_error',
    `the request failed inside the service; the operator can look it up by request id ${requestId}`,
  );
}

/** Answers `error` in the one shape; a 401 carries the RFC 6750 challenge (no error code when no token was sent). */
export function sendError(res: express.Response, error: unknown, { log, requestId = randomUUID() }: ErrorScene): void {
  const failure = asHttpError(error, log, requestId);
  if (failure.status === 401) {
    const reason = (failure.extra.reason as AuthFailure | undefined) ?? 'missing';
    res.set(
      'WWW-Authenticate',
      reason === 'missing'
        ? 'Bearer realm="hennep-risk"'
        : `Bearer realm="hennep-risk", error="invalid_token", error_description="${CHALLENGE_TEXT[reason]}"`,
    );
  }
  // A database restarting or an audit log that cannot write is usually back within seconds.
  if (failure.code === 'database_unavailable' || failure.code === 'audit_unavailable') res.set('Retry-After', '5');
  res.set('X-Request-Id', requestId);
  res.status(failure.status).json({ error: { code: failure.code, message: failure.message, ...failure.extra }, requestId });
}

/**
 * Express's error handler, last in the app: what fails outside the API pipeline (a body
 * express could not read, a file it could not serve, a fault) answered in the one shape.
 */
export function errorHandler(log: Logger): express.ErrorRequestHandler {
  return (error: unknown, _req, res, _next) => {
    sendError(res, expressError(error), { log });
  };
}

/** An error express or one of its middlewares passed on, as the caller's error where it is theirs. */
function expressError(error: unknown): unknown {
  const e = error as { type?: unknown; status?: unknown; message?: unknown } | null;
  const status = typeof e?.status === 'number' && e.status >= 400 && e.status < 500 ? e.status : null;
  if (status === null) return error;
  // body-parser marks what it reports with a type: the body is the caller's fault.
  if (typeof e!.type === 'string') return bodyError(error);
  return new HttpError(status, 'bad_request', typeof e!.message === 'string' ? e!.message : 'the request cannot be served');
}
