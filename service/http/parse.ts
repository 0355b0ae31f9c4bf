/**
 * The parse step: path, query and body checked against the route's zod schemas (unknown
 * fields refused), the first problem named by its field; a body express cannot read named
 * as such; and no NUL anywhere, which PostgreSQL text cannot hold.
 */
import type express from 'express';
import type { z } from 'zod';
import { HttpError } from './errors.ts';
import type { RouteSpec } from './route.ts';

type Where = 'body' | 'query' | 'path';

/** What a route's handler receives, validated. */
export interface ParsedInput {
  params: Record<string, unknown>;
  query: Record<string, unknown>;
  body: unknown;
}

/**
 * The request's inputs as `spec` declares them. `purposeBound`: the route needs a purpose,
 * and `?purpose=` is the purpose; elsewhere it is an unknown field like any other.
 */
export async function parseRequest(
  spec: RouteSpec,
  exchange: { req: express.Request; res: express.Response; jsonBody: express.RequestHandler },
  purposeBound: boolean,
): Promise<ParsedInput> {
  const { req, res, jsonBody } = exchange;
  const params = parseWith(spec.params, req.params, 'path');
  const { purpose: _purpose, ...withoutPurpose } = req.query as Record<string, unknown>;
  const query = parseWith(spec.query, purposeBound ? withoutPurpose : (req.query as Record<string, unknown>), 'query');
  let body: unknown = undefined;
  if (spec.body) {
    await new Promise<void>((resolve, reject) => jsonBody(req, res, (error?: unknown) => (error ? reject(bodyError(error)) : resolve())));
    body = parseWith(spec.body, req.body ?? {}, 'body');
  }
  refuseNul({ path: params, query, body });
  return { params, query, body };
}

/** The first problem zod found, as `field: message`. */
export function zodProblem(error: z.ZodError, where: Where): { field: string; message: string } {
  const issue = error.issues[0]!;
  const field = issue.path.length ? issue.path.join('.') : where;
  let message = issue.message;
  if (issue.code === 'unrecognized_keys') message = `unknown ${where} field${issue.keys.length > 1 ? 's' : ''}: ${issue.keys.join(', ')}`;
  return { field: `${where}${issue.path.length ? '.' : ''}${issue.path.join('.')}` || field, message };
}

/** `value` as `schema` reads it, or 400 naming the field. */
export function parseWith<T>(schema: z.ZodType<T> | undefined, value: unknown, where: Where): T {
  if (!schema) {
    if (where === 'query' && value && typeof value === 'object' && Object.keys(value).length > 0) {
      throw new HttpError(
        400,
        'invalid_request',
        `unknown query field${Object.keys(value).length > 1 ? 's' : ''}: ${Object.keys(value).join(', ')}`,
        { field: 'query' },
      );
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

/** What express's body reader reported (body-parser's `type`), as the error the caller gets. */
export function bodyError(error: unknown): HttpError {
  const e = error as { type?: string; status?: number; limit?: number; message?: string };
  if (e.type === 'entity.too.large')
    return new HttpError(413, 'body_too_large', `the request body is larger than ${e.limit} bytes (HENNEP_BODY_LIMIT)`, { field: 'body' });
  if (e.type === 'entity.parse.failed')
    return new HttpError(400, 'invalid_json', `the request body is not valid JSON: ${e.message}`, { field: 'body' });
  return new HttpError(e.status ?? 400, 'invalid_body', `the request body could not be read: ${e.message}`, { field: 'body' });
}

/**
 * PostgreSQL text cannot hold U+0000: a NUL anywhere in what a handler receives would fail
 * its query. Refused here for every route at once, naming the field.
 */
function refuseNul(input: Record<'path' | 'query' | 'body', unknown>): void {
  const walk = (value: unknown, field: string): string | null => {
    if (typeof value === 'string') return value.includes('\u0000') ? field : null;
    if (Array.isArray(value)) return value.reduce<string | null>((found, v, i) => found ?? walk(v, `${field}.${i}`), null);
    if (value && typeof value === 'object')
      return Object.entries(value).reduce<string | null>((found, [k, v]) => found ?? walk(k, field) ?? walk(v, `${field}.${k}`), null);
    return null;
  };
  for (const [where, value] of Object.entries(input)) {
    const field = walk(value, where);
    if (field)
      throw new HttpError(400, 'invalid_request', `${field}: contains a NUL character (U+0000), which cannot be stored; send plain text`, {
        field,
      });
  }
}
