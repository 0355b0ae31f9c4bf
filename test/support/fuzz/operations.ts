import { API_PREFIX, type RouteSpec } from '../../../service/http/route.ts';
import { PERMISSIONS } from '../../../service/permissions.ts';

/**
 * The operations of the OpenAPI document the service serves, each joined with its route
 * (for the permission it needs): what the fuzz test generates requests from and checks
 * answers against. Only the document says what is allowed; the route adds who may.
 */
export type JsonSchema = Record<string, unknown> & {
  type?: string;
  enum?: unknown[];
  const?: unknown;
  pattern?: string;
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  default?: unknown;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
};

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  schema: JsonSchema;
}

export interface Operation {
  /** `GET /api/v1/models/{version}`: how failures are grouped and named. */
  key: string;
  method: 'GET' | 'POST';
  /** The path with `{name}` placeholders. */
  template: string;
  route: RouteSpec;
  parameters: Parameter[];
  /** The JSON body's schema, or null when the operation takes no body. */
  body: JsonSchema | null;
  /** Status → media type → schema of each documented answer. */
  responses: Record<string, Record<string, JsonSchema>>;
  /** The permission asks for a purpose (X-Purpose or ?purpose=). */
  purpose: boolean;
}

interface DocumentOperation {
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: JsonSchema }> };
  responses: Record<string, { content?: Record<string, { schema: JsonSchema }> }>;
}

interface ApiDocument {
  paths: Record<string, Record<string, DocumentOperation>>;
  components?: { schemas?: Record<string, JsonSchema> };
}

/** A schema with its reference to a shared component (`#/components/schemas/Error`) replaced by the component. */
function resolved(document: ApiDocument, schema: JsonSchema): JsonSchema {
  const ref = typeof schema.$ref === 'string' ? /^#\/components\/schemas\/(.+)$/.exec(schema.$ref) : null;
  if (!ref) return schema;
  const component = document.components?.schemas?.[ref[1]!];
  if (!component) throw new Error(`the document refers to ${schema.$ref}, which it does not hold`);
  return component;
}

export function operationsOf(document: ApiDocument, routes: readonly RouteSpec[]): Operation[] {
  const operations: Operation[] = [];
  for (const [template, methods] of Object.entries(document.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const route = routes.find((r) => r.method === method && `${API_PREFIX}${r.path.replace(/:(\w+)/g, '{$1}')}` === template);
      if (!route) throw new Error(`the document lists ${method.toUpperCase()} ${template}, which no route serves`);
      const responses: Operation['responses'] = {};
      for (const [status, answer] of Object.entries(op.responses)) {
        responses[status] = Object.fromEntries(
          Object.entries(answer.content ?? {}).map(([media, { schema }]) => [media, resolved(document, schema)]),
        );
      }
      operations.push({
        key: `${method.toUpperCase()} ${template}`,
        method: method.toUpperCase() as Operation['method'],
        template,
        route,
        parameters: op.parameters ?? [],
        body: op.requestBody?.content['application/json']?.schema ?? null,
        responses,
        purpose: PERMISSIONS[route.action].purpose,
      });
    }
  }
  const missing = routes.filter((r) => !operations.some((o) => o.route === r));
  if (missing.length) throw new Error(`routes missing from the document: ${missing.map((r) => `${r.method} ${r.path}`).join(', ')}`);
  return operations;
}

/** The path of `template` with its parameters filled in, already percent-encoded. */
export function fillPath(template: string, encoded: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_m, name: string) => encoded[name] ?? '');
}
