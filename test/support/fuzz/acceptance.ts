import type { JsonSchema, Operation } from './operations.ts';
import type { Problem } from './oracle.ts';
import { schemaProblem, where } from './json-schema.ts';
import type { FuzzRequest } from './wire.ts';

/**
 * A success must have gone to a request the document allows in every part: each path and
 * query parameter fits its schema (and no other is sent), the purpose fits the purpose rule,
 * the body is JSON of the body's schema in a media type and encoding the document names.
 */
const JSON_NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;
const ENCODINGS = ['identity', 'gzip', 'deflate', 'br'];

export const mediaOf = (contentType: string | undefined) => (contentType ?? '').split(';')[0]!.trim().toLowerCase();

export function decoded(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}

/** A query or path parameter's text as the value its schema describes: a number is its JSON text. */
function typed(text: string, schema: JsonSchema): unknown {
  return (schema.type === 'integer' || schema.type === 'number') && JSON_NUMBER.test(text) ? Number(text) : text;
}

const accepted = (part: string, detail: string): Problem => ({ kind: `accepted ${part}, which the document does not allow`, detail });

export function acceptanceProblems(op: Operation, request: FuzzRequest): Problem[] {
  return [...pathProblems(op, request), ...queryProblems(op, request), ...purposeProblems(op, request), ...bodyProblems(op, request)];
}

function pathProblems(op: Operation, request: FuzzRequest): Problem[] {
  const names = [...op.template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
  const segments = new RegExp(`^${op.template.replace(/\{\w+\}/g, '([^/]*)')}$`).exec(request.path)?.slice(1) ?? [];
  return names.flatMap((name, i) => {
    const text = decoded(segments[i] ?? '');
    if (text === null) return [accepted(`path parameter ${name}`, `${JSON.stringify(segments[i])} does not percent-decode`)];
    const schema = op.parameters.find((p) => p.in === 'path' && p.name === name)!.schema;
    const error = schemaProblem(schema, typed(text, schema));
    return error ? [accepted(`path parameter ${name}`, `${JSON.stringify(text)}: ${where(error)}`)] : [];
  });
}

function queryProblems(op: Operation, request: FuzzRequest): Problem[] {
  const query = new URLSearchParams(request.query);
  return [...new Set(query.keys())].flatMap((name) => {
    // ?purpose= of an operation that needs one is the purpose, checked as such (X-Purpose wins over it).
    if (name === 'purpose' && op.purpose) return [];
    const parameter = op.parameters.find((p) => p.in === 'query' && p.name === name);
    const values = query.getAll(name);
    if (!parameter) return [accepted('an unknown query parameter', JSON.stringify(name))];
    if (values.length > 1) return [accepted(`query parameter ${name} more than once`, JSON.stringify(values))];
    const error = schemaProblem(parameter.schema, typed(values[0]!, parameter.schema));
    return error ? [accepted(`query parameter ${name}`, `${JSON.stringify(values[0])}: ${where(error)}`)] : [];
  });
}

/** The purpose as the document describes it: X-Purpose (percent-decoded), else ?purpose=, trimmed. */
function purposeProblems(op: Operation, request: FuzzRequest): Problem[] {
  if (!op.purpose) return [];
  const header = request.headers['X-Purpose'];
  const text =
    header === undefined
      ? new URLSearchParams(request.query).get('purpose')
      : /%[0-9A-Fa-f]{2}/.test(header)
        ? (decoded(header) ?? header)
        : header;
  const purpose = text?.trim();
  if (!purpose) return [accepted('no purpose', 'neither X-Purpose nor ?purpose=')];
  const error = schemaProblem(op.parameters.find((p) => p.name === 'X-Purpose')!.schema, purpose);
  return error ? [accepted('a purpose', `${JSON.stringify(purpose)}: ${where(error)}`)] : [];
}

function bodyProblems(op: Operation, request: FuzzRequest): Problem[] {
  if (!op.body || request.bodyText === null) return [];
  const problems: Problem[] = [];
  const media = mediaOf(request.headers['Content-Type']);
  const encoding = (request.headers['Content-Encoding'] ?? 'identity').toLowerCase();
  if (media !== 'application/json')
    problems.push(accepted('a body sent as another media type', JSON.stringify(request.headers['Content-Type'] ?? null)));
  if (!ENCODINGS.includes(encoding)) problems.push(accepted('a body in another content encoding', JSON.stringify(encoding)));
  let body: unknown;
  try {
    body = JSON.parse(request.bodyText);
  } catch {
    return [...problems, accepted('a body that is not JSON', request.bodyText.slice(0, 100))];
  }
  const error = schemaProblem(op.body, body);
  return error ? [...problems, accepted('a body', where(error))] : problems;
}
