import { z } from 'zod';
import { API_PREFIX, type RouteSpec } from './http.ts';
import { PERMISSIONS } from './permissions.ts';

/**
 * The OpenAPI 3.1 document, generated from the same zod schemas that validate requests,
 * so it cannot drift from what the service accepts. Each operation names the permission
 * it needs and the roles holding it.
 */
const errorSchema = {
  type: 'object',
  properties: {
    error: { type: 'object', properties: { code: { type: 'string' }, message: { type: 'string' }, field: { type: 'string' } }, required: ['code', 'message'] },
    requestId: { type: 'string' },
  },
};

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
}

/** Query or path parameters of an object schema. */
function parameters(schema: z.ZodType | undefined, where: 'query' | 'path'): unknown[] {
  if (!schema) return [];
  const json = jsonSchema(schema, 'input') as { properties?: Record<string, Record<string, unknown>>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, s]) => ({ name, in: where, required: where === 'path' || (json.required ?? []).includes(name), schema: s, description: s.description }));
}

export function openApiDocument(routes: readonly RouteSpec[], version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const path = `${API_PREFIX}${r.path.replace(/:(\w+)/g, '{$1}')}`;
    const permission = PERMISSIONS[r.action];
    const responses: Record<string, unknown> = {
      [String(r.successStatus ?? 200)]: { description: 'OK', content: { 'application/json': { schema: jsonSchema(r.response, 'output') } } },
      400: { description: `invalid parameter or body${permission.purpose ? ', or no purpose' : ''} (the field is named)`, content: { 'application/json': { schema: errorSchema } } },
      401: { description: 'no valid bearer token', content: { 'application/json': { schema: errorSchema } } },
      403: { description: `the role may not (${r.action}: ${permission.roles.join(', ')})`, content: { 'application/json': { schema: errorSchema } } },
      429: { description: 'rate limit of the user reached', content: { 'application/json': { schema: errorSchema } } },
      503: { description: r.errors?.[503] ?? 'the audit log cannot record the request', content: { 'application/json': { schema: errorSchema } } },
    };
    for (const [status, description] of Object.entries(r.errors ?? {})) if (status !== '503') responses[status] = { description, content: { 'application/json': { schema: errorSchema } } };
    const purpose = permission.purpose
      ? [{ name: 'X-Purpose', in: 'header', required: true, schema: { type: 'string', minLength: 10, maxLength: 500 }, description: 'Why the address-level data is needed (doelbinding), or a case reference; `?purpose=` also works' }]
      : [];
    paths[path] ??= {};
    paths[path][r.method] = {
      operationId: `${r.method}${r.path.replace(/[:/](\w)/g, (_m, c: string) => c.toUpperCase()).replace(/[^A-Za-z]/g, '')}`,
      summary: r.summary,
      description: `Permission \`${r.action}\` (${permission.description}): ${permission.roles.join(', ')}.${permission.purpose ? ' Needs a purpose.' : ''} Every call is recorded in the audit log.`,
      tags: [r.action.split(':')[0]],
      security: [{ bearer: [] }],
      parameters: [...parameters(r.params, 'path'), ...parameters(r.query, 'query'), ...purpose],
      ...(r.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(r.body, 'input') } } } } : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'hennep-risk',
      version,
      description: 'Risk signals for illegal cannabis cultivation in homes. A score is a signal for a human decision, never a decision: no control without a RIEC decision. Every request is recorded in a hash-chained audit log.',
    },
    servers: [{ url: '/' }],
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
    paths,
  };
}

/** /docs: the operations as a plain page (no scripts, no external assets). */
export function docsPage(document: Record<string, unknown>): string {
  const escape = (s: unknown) => String(s ?? '').replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
  const rows: string[] = [];
  for (const [path, methods] of Object.entries(document.paths as Record<string, Record<string, { summary: string; description: string; parameters: Array<{ name: string; in: string; required: boolean }> }>>)) {
    for (const [method, op] of Object.entries(methods)) {
      const params = op.parameters.map((p) => `${escape(p.name)} (${p.in}${p.required ? ', required' : ''})`).join(', ');
      rows.push(`<tr><td><code>${method.toUpperCase()} ${escape(path)}</code></td><td>${escape(op.summary)}<br><small>${escape(op.description)}</small>${params ? `<br><small>Parameters: ${params}</small>` : ''}</td></tr>`);
    }
  }
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>hennep-risk API</title>
<link rel="stylesheet" href="/docs.css"></head>
<body><h1>hennep-risk API</h1><p>${escape((document.info as { description: string }).description)}</p>
<p>Machine-readable: <a href="/docs/openapi.json">/docs/openapi.json</a> (OpenAPI 3.1, generated from the validation schemas).</p>
<table>${rows.join('\n')}</table></body></html>`;
}
