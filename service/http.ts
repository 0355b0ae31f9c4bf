import { randomUUID } from 'node:crypto';
import express from 'express';
import type pg from 'pg';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { Config } from '../config/index.ts';
import type { AuditEntry, AuditLog } from './audit.ts';
import { AuthError, type Authenticator, type Principal } from './auth.ts';
import { databaseFailure } from './database-errors.ts';
import { HttpError } from './errors.ts';
import type { ServiceMetrics } from './metrics.ts';
import { grantingRole, PERMISSIONS, type Action, type Role } from './permissions.ts';
import type { RateLimiter } from './ratelimit.ts';

/**
 * One API route and the pipeline every request goes through, in this order: bearer
 * token (401), rate limit (429), permission (403), purpose for address-level data (400),
 * body and parameter validation (400), the handler, then the audit entry — committed
 * before the answer leaves, so no data is shown that the audit log does not record. If
 * the entry cannot be written the caller gets 503 and nothing else.
 */
export interface Services {
  pool: pg.Pool;
  config: Config;
  audit: AuditLog;
  authenticator: Authenticator;
  log: Logger;
  metrics: ServiceMetrics;
  clock: () => Date;
  /** Background work started by a request (retraining), awaited at shutdown. */
  background: Set<Promise<unknown>>;
  /** One budget per user for the whole API (and per client address for unauthenticated calls). */
  limiter: RateLimiter;
}

export interface RequestContext<P, Q, B> {
  principal: Principal;
  role: Role;
  purpose: string | null;
  params: P;
  query: Q;
  body: B;
  services: Services;
  /** The request's path (for audit entries written inside a transaction). */
  auditBase: Pick<AuditEntry, 'actor' | 'role' | 'method' | 'path' | 'purpose'>;
}

export interface RouteResult {
  status?: number;
  body: unknown;
  addressId?: string | null;
  detail?: Record<string, unknown>;
  /** The handler already wrote the audit entry inside its own transaction. */
  audited?: boolean;
  /** Sent as is instead of JSON (CSV exports). */
  raw?: { contentType: string; filename?: string; text: string };
}

type AnyObject = z.ZodType<Record<string, unknown>>;

export interface RouteSpec<P extends AnyObject = AnyObject, Q extends AnyObject = AnyObject, B extends z.ZodType = z.ZodType> {
  method: 'get' | 'post';
  /** Express path below /api/v1, e.g. `/addresses/:addressId/risk`. */
  path: string;
  action: Action;
  summary: string;
  params?: P;
  query?: Q;
  body?: B;
  /** What a success answers, for the OpenAPI document. */
  response: z.ZodType;
  successStatus?: 200 | 201 | 202;
  /** Other answers this route gives besides the common ones (400/401/403/429/503). */
  errors?: Partial<Record<404 | 409 | 503, string>>;
  handler(context: RequestContext<z.infer<P>, z.infer<Q>, z.infer<B>>): Promise<RouteResult>;
}

/** Type inference helper: declares a route with its schemas checked against its handler. */
export function route<P extends AnyObject, Q extends AnyObject, B extends z.ZodType>(spec: RouteSpec<P, Q, B>): RouteSpec {
  return spec as unknown as RouteSpec;
}

export { HttpError } from './errors.ts';

export const API_PREFIX = '/api/v1';

/**
 * Text of at least `min` and at most `max` characters counted as the database and the
 * OpenAPI document count them (code points, not UTF-16 units: five emoji are five
 * characters), trimmed. Checked by refines, which a JSON schema cannot show: `minLength`
 * and `maxLength` (which count code points too) say it in the OpenAPI document.
 */
export function text(min: number, max: number, message: string) {
  return z
    .string()
    .trim()
    .refine((s) => [...s].length <= max, `at most ${max} characters`)
    .refine((s) => [...s].length >= min, message)
    .meta({ minLength: min, maxLength: max });
}

/**
 * A purpose says why in words: at least ten letters or digits once the text is
 * Unicode-normalised (NFKC), so invisible characters, combining marks, braille blanks or
 * emoji do not count towards it. A case reference (letters, a year and a number, as
 * RIEC-2026-0042) stands for a purpose of its own.
 */
const PURPOSE_MIN = 10;
const PURPOSE_MAX = 500;
export const CASE_REFERENCE = /^[A-Z]{2,10}-\d{4}-\d{1,6}$/;
/** Controls (C0, C1), format characters (U+200B, U+202E), private use, unassigned, line and paragraph separators. */
const INVISIBLE = /[\p{C}\p{Zl}\p{Zp}]/u;

/** The request's purpose: `X-Purpose` (percent-encoding allowed) or `?purpose=`. */
export function purposeOf(req: express.Request): string | null {
  const header = req.get('x-purpose');
  let text: string | undefined = header;
  if (header !== undefined && /%[0-9A-Fa-f]{2}/.test(header)) {
    try {
      text = decodeURIComponent(header);
    } catch {
      text = header;
    }
  }
  text ??= typeof req.query.purpose === 'string' ? req.query.purpose : undefined;
  const trimmed = text?.trim();
  return trimmed ? trimmed : null;
}

export function checkPurpose(purpose: string | null): string | null {
  if (purpose === null) return `this request reads or changes address-level data and needs a purpose: send an X-Purpose header (or ?purpose=) of at least ${PURPOSE_MIN} letters or digits, or a case reference such as RIEC-2026-0042`;
  if ([...purpose].length > PURPOSE_MAX) return `the purpose is ${[...purpose].length} characters; at most ${PURPOSE_MAX}`;
  const normal = purpose.normalize('NFKC');
  const invisible = INVISIBLE.exec(normal);
  if (invisible) {
    const code = `U+${invisible[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
    return `the purpose contains a control or invisible character (${code}): state it on one line of plain text`;
  }
  if (CASE_REFERENCE.test(normal)) return null;
  const letters = normal.match(/[\p{L}\p{N}]/gu)?.length ?? 0;
  if (letters < PURPOSE_MIN) return `the purpose '${purpose}' has ${letters} letters or digits: state why in at least ${PURPOSE_MIN}, or give a case reference such as RIEC-2026-0042 (letters, a year, a number)`;
  return null;
}

/** The first problem zod found, as `field: message`. */
export function zodProblem(error: z.ZodError, where: 'body' | 'query' | 'path'): { field: string; message: string } {
  const issue = error.issues[0]!;
  const field = issue.path.length ? issue.path.join('.') : where;
  let message = issue.message;
  if (issue.code === 'unrecognized_keys') message = `unknown ${where} field${issue.keys.length > 1 ? 's' : ''}: ${issue.keys.join(', ')}`;
  return { field: `${where}${issue.path.length ? '.' : ''}${issue.path.join('.')}` || field, message };
}

function bearerToken(req: express.Request): string | null {
  const header = req.get('authorization');
  if (!header) return null;
  const match = /^Bearer\s+([A-Za-z0-9._~+/=-]+)$/i.exec(header.trim());
  return match ? match[1]! : '';
}

const STATUS_TEXT: Record<AuthError['reason'], string> = {
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

/**
 * The bearer token of a request, verified: the principal, or an HttpError (401 naming the
 * reason, 503 when the issuer cannot be reached). Shared by every API answer, also the
 * 404 for unknown routes.
 */
export async function authenticate(req: express.Request, authenticator: Authenticator, log?: Services['log']): Promise<Principal> {
  const token = bearerToken(req);
  if (token === null) throw new HttpError(401, 'unauthenticated', 'this route needs a bearer token (Authorization: Bearer …); get one by signing in, or with hennep token in the embedded setup', { reason: 'missing' });
  if (token === '') throw new HttpError(401, 'unauthenticated', 'the Authorization header is not "Bearer <token>"', { reason: 'malformed' });
  try {
    return await authenticator.verify(token);
  } catch (error) {
    if (!(error instanceof AuthError)) throw error;
    if (error.reason === 'unavailable') {
      // The network error behind it goes to the log only: it can name internal hosts.
      log?.warn({ problem: error.message, cause: error.internal }, 'OIDC issuer unavailable');
      throw new HttpError(503, 'issuer_unavailable', error.message);
    }
    throw new HttpError(401, 'unauthenticated', error.message, { reason: error.reason });
  }
}

/** Sends an error; a 401 carries the RFC 6750 challenge (no error code when no token was sent). */
export function sendError(res: express.Response, failure: HttpError, requestId: string): void {
  if (failure.status === 401) {
    const reason = (failure.extra.reason as AuthError['reason'] | undefined) ?? 'missing';
    res.set('WWW-Authenticate', reason === 'missing' ? 'Bearer realm="hennep-risk"' : `Bearer realm="hennep-risk", error="invalid_token", error_description="${STATUS_TEXT[reason]}"`);
  }
  // A database restarting or an audit log that cannot write is usually back within seconds.
  if (failure.code === 'database_unavailable' || failure.code === 'audit_unavailable') res.set('Retry-After', '5');
  res.set('X-Request-Id', requestId);
  res.status(failure.status).json({ error: { code: failure.code, message: failure.message, ...failure.extra }, requestId });
}

/** What the audit detail of a refusal says about it. */
export function failureDetail(failure: HttpError): Record<string, unknown> {
  const detail: Record<string, unknown> = { error: failure.code };
  if (failure.extra.reason) detail.reason = failure.extra.reason;
  if (failure.extra.field) detail.field = failure.extra.field;
  return detail;
}

/** Throws 429 (with Retry-After) when `key` used up its minute. */
export function limit(services: Services, key: string, res: express.Response): void {
  const retryAfter = services.limiter.take(key);
  if (retryAfter > 0) {
    res.set('Retry-After', String(retryAfter));
    throw new HttpError(429, 'rate_limited', `more than ${services.config.rateLimit} requests in a minute from ${key.startsWith('ip:') ? 'this address without a valid token' : key}; retry after ${retryAfter} s`);
  }
}

/** Mounts one route with the whole pipeline. */
export function mount(router: express.Router, spec: RouteSpec, services: Services): void {
  const permission = PERMISSIONS[spec.action];
  const jsonBody = express.json({ limit: services.config.bodyLimit });
  const routePattern = `${API_PREFIX}${spec.path}`;

  router[spec.method](spec.path, async (req, res) => {
    const started = performance.now();
    const requestId = randomUUID();
    const base: AuditEntry = { actor: 'anonymous', role: null, action: spec.action, method: req.method, path: req.baseUrl + req.path, status: 0 };
    let result: RouteResult | null = null;
    let failure: HttpError | null = null;
    let principal: Principal | null = null;
    try {
      try {
        principal = await authenticate(req, services.authenticator, services.log);
      } catch (error) {
        // Failed sign-ins are limited per client address, so they cannot flood the audit log.
        limit(services, `ip:${req.ip}`, res);
        throw error;
      }
      base.actor = principal.subject;
      base.role = principal.roles.join(' ') || null;
      limit(services, principal.subject, res);
      const role = grantingRole(principal.roles, spec.action);
      if (!role) {
        const holders = permission.roles.join(', ');
        throw new HttpError(403, 'forbidden', `${spec.action} (${permission.description}) is for ${holders}; your roles: ${principal.roles.join(', ') || 'none'}`);
      }
      base.role = role;
      let purpose: string | null = null;
      if (permission.purpose) {
        purpose = purposeOf(req);
        // Cut by characters, not UTF-16 units: a cut through an emoji would not store as hashed.
        base.purpose = purpose === null ? null : [...purpose].slice(0, PURPOSE_MAX).join('');
        const problem = checkPurpose(purpose);
        if (problem) throw new HttpError(400, 'purpose_required', problem, { field: 'X-Purpose' });
      }
      const params = parseWith(spec.params, req.params, 'path');
      // `?purpose=` is the purpose where one is needed; elsewhere it is an unknown field like any other.
      const { purpose: _purpose, ...withoutPurpose } = req.query as Record<string, unknown>;
      const rawQuery = permission.purpose ? withoutPurpose : (req.query as Record<string, unknown>);
      const query = parseWith(spec.query, rawQuery, 'query');
      let body: unknown = undefined;
      if (spec.body) {
        await new Promise<void>((resolve, reject) => jsonBody(req, res, (error?: unknown) => (error ? reject(bodyError(error)) : resolve())));
        body = parseWith(spec.body, req.body ?? {}, 'body');
      }
      refuseNul({ path: params, query, body });
      result = await spec.handler({
        principal,
        role,
        purpose,
        params,
        query,
        body,
        services,
        auditBase: { actor: base.actor, role, method: base.method, path: base.path, purpose },
      } as RequestContext<Record<string, unknown>, Record<string, unknown>, unknown>);
    } catch (error) {
      failure = error instanceof HttpError ? error : internalError(error, services, requestId);
    }

    const status = failure ? failure.status : (result!.status ?? spec.successStatus ?? 200);
    // Settles with the error instead of rejecting: nothing thrown below can leave it unhandled.
    let committed: Promise<Error | null> = Promise.resolve(null);
    if (!result?.audited) {
      // The client's address as the load balancer reports it (HENNEP_TRUST_PROXY).
      const detail: Record<string, unknown> = { ...(result?.detail ?? {}), ...(failure ? failureDetail(failure) : {}), ip: req.ip };
      committed = services.audit.append({ ...base, addressId: result?.addressId ?? addressIdOf(req), status, detail }).then(
        () => null,
        (error: unknown) => error as Error,
      );
    }
    // The answer is written out while its entry commits (it leaves only after the commit):
    // otherwise the serving thread sat idle through the commit with the work at hand.
    let json = '';
    if (result && !result.raw) {
      try {
        json = JSON.stringify(result.body);
      } catch (error) {
        // A body that cannot be written (a bug): 500 in the log and metrics, not Express's own page.
        failure = internalError(error, services, requestId);
        result = null;
      }
    }
    const auditError = await committed;
    if (auditError) {
      services.log.error({ requestId, err: auditError.message }, 'audit entry could not be written; the answer was withheld');
      failure = new HttpError(503, 'audit_unavailable', 'the audit log could not record this request, so it is not answered; try again shortly');
      result = null;
    }
    const finalStatus = failure ? failure.status : status;
    services.metrics.observe(spec.method.toUpperCase(), routePattern, finalStatus, (performance.now() - started) / 1000);
    services.log.info({ requestId, method: req.method, route: routePattern, status: finalStatus, role: base.role, ms: Math.round(performance.now() - started) }, 'request');
    if (failure) {
      sendError(res, failure, requestId);
      return;
    }
    res.set('X-Request-Id', requestId);
    if (result!.raw) {
      res.status(finalStatus).type(result!.raw.contentType);
      if (result!.raw.filename) res.attachment(result!.raw.filename);
      res.send(result!.raw.text);
      return;
    }
    sendJsonText(res, finalStatus, json);
  });
}

/**
 * JSON written in one piece: express's res.json copies the text into a Buffer and node
 * then writes headers and body as two chunks; a string goes out with the headers in one
 * write. (A risk answer is 12 KB: the copy and the extra chunk showed in its profile.)
 */
export function sendJson(res: express.Response, status: number, body: unknown): void {
  sendJsonText(res, status, JSON.stringify(body));
}

function sendJsonText(res: express.Response, status: number, text: string): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.end(text);
}

/**
 * PostgreSQL text cannot hold U+0000: a NUL anywhere in what a handler receives would fail
 * its query. Refused here for every route at once, naming the field.
 */
function refuseNul(input: Record<'path' | 'query' | 'body', unknown>): void {
  const walk = (value: unknown, field: string): string | null => {
    if (typeof value === 'string') return value.includes('\u0000') ? field : null;
    if (Array.isArray(value)) return value.reduce<string | null>((found, v, i) => found ?? walk(v, `${field}.${i}`), null);
    if (value && typeof value === 'object') return Object.entries(value).reduce<string | null>((found, [k, v]) => found ?? walk(k, field) ?? walk(v, `${field}.${k}`), null);
    return null;
  };
  for (const [where, value] of Object.entries(input)) {
    const field = walk(value, where);
    if (field) throw new HttpError(400, 'invalid_request', `${field}: contains a NUL character (U+0000), which cannot be stored; send plain text`, { field });
  }
}

/** PostgreSQL's integer: a path or query number above it would fail its query. */
export const INT4_MAX = 2_147_483_647;

/**
 * A whole number in a path or query parameter: decimal digits only (not `0x10`, ` 1`,
 * `1e3` or `1.0`, which Number() would read), between `min` and `max` — by default within
 * PostgreSQL's integer — and documented as an integer.
 */
export function wholeNumber(message: string, { min = 1, max = INT4_MAX }: { min?: number; max?: number } = {}) {
  return z
    .string()
    .refine((s) => /^(0|[1-9][0-9]{0,15})$/.test(s), `${message} (decimal digits only, no leading zeros)`)
    .transform(Number)
    .pipe(z.number().int().min(min, `${message}, at least ${min}`).max(max, `${message}, at most ${max}`))
    .meta({ type: 'integer', minimum: min, maximum: max });
}

function parseWith<T>(schema: z.ZodType<T> | undefined, value: unknown, where: 'body' | 'query' | 'path'): T {
  if (!schema) {
    if (where === 'query' && value && typeof value === 'object' && Object.keys(value).length > 0) {
      throw new HttpError(400, 'invalid_request', `unknown query field${Object.keys(value).length > 1 ? 's' : ''}: ${Object.keys(value).join(', ')}`, { field: 'query' });
    }
    return value as T;
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const { field, message } = zodProblem(parsed.error, where);
    throw new HttpError(400, 'invalid_request', `${field}: ${message}`, { field });
  }
  return parsed.data;
}

function bodyError(error: unknown): HttpError {
  const e = error as { type?: string; status?: number; limit?: number; message?: string };
  if (e.type === 'entity.too.large') return new HttpError(413, 'body_too_large', `the request body is larger than ${e.limit} bytes (HENNEP_BODY_LIMIT)`, { field: 'body' });
  if (e.type === 'entity.parse.failed') return new HttpError(400, 'invalid_json', `the request body is not valid JSON: ${e.message}`, { field: 'body' });
  return new HttpError(e.status ?? 400, 'invalid_body', `the request body could not be read: ${e.message}`, { field: 'body' });
}

function internalError(error: unknown, services: Services, requestId: string): HttpError {
  const database = databaseFailure(error);
  if (database) {
    services.log.warn({ requestId, err: error instanceof Error ? error.message : String(error) }, database.status === 503 ? 'database unavailable' : 'database refused a request value');
    return new HttpError(database.status, database.code, database.message);
  }
  // The stack goes to the application log under the request id, never to the caller.
  services.log.error({ requestId, err: error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : String(error) }, 'request failed');
  return new HttpError(500, 'internal_error', `the request failed inside the service; the operator can look it up by request id ${requestId}`);
}

/** The address a path names, for the audit log of refused requests. */
function addressIdOf(req: express.Request): string | null {
  const id = req.params?.addressId ?? (req.body as { addressId?: unknown } | undefined)?.addressId;
  return typeof id === 'string' && /^[0-9]{16}$/.test(id) ? id : null;
}
