/**
 * The OpenAPI 3.1 document, generated from the same zod schemas that validate requests,
 * so it cannot drift from what the service accepts. Each operation names the permission
 * it needs and the roles holding it; every error answer refers to the one error body,
 * `Error` (http/error-responder.ts). `npm run lint:openapi` lints it (redocly.yaml).
 */
import { z } from 'zod';
import { ERROR_CODES, ERROR_REASONS } from './http/errors.ts';
import { API_PREFIX, type RouteSpec } from './http/route.ts';
import { PERMISSIONS } from './permissions.ts';

/** The one error body, as every error answer of the API has it. */
const errorSchema = {
  type: 'object',
  description: 'Every refusal and failure: a stable code, a message for people, and where it helps the field at fault and why',
  properties: {
    error: {
      type: 'object',
      properties: {
        code: { type: 'string', enum: [...ERROR_CODES], description: 'stable, for programs: every code the API answers with' },
        message: { type: 'string', description: 'for people, in English: what is wrong and what to do' },
        field: { type: 'string', description: 'the parameter, header or body field at fault' },
        reason: {
          type: 'string',
          enum: [...ERROR_REASONS],
          description:
            "why: a bearer token was refused (401), or a control's date is before the RIEC approved it, more than 365 days ahead, or in " +
            'the future (400, with `bound`)',
        },
        bound: {
          type: 'string',
          format: 'date',
          description: 'the date limit a refused control date crossed: the approval day, the last day that can be planned, or today',
        },
        since: { type: 'string', format: 'date-time', description: 'when the beheerder switched scoring off (model_disabled)' },
      },
      required: ['code', 'message'],
    },
    requestId: { type: 'string', description: 'the request in the application log' },
  },
  required: ['error', 'requestId'],
};

/** One description per tag (the permission's prefix): the linter refuses a tag without one. */
const TAGS: Record<string, string> = {
  risk: 'The risk of one address and the ranked risk list (address-level data: a purpose is needed)',
  signals: 'Proposals to the RIEC and its decisions on them',
  controls: "The interventieteam's controls: the list, planning, outcomes and their corrections",
  samples: 'Random samples of addresses for the RIEC, with known chances, and what became of them',
  session: 'Who the token says one is, and the feature catalogue',
  models: 'The model registry: versions, cards, hand activation and switch-off',
  jobs: 'Retrain-and-rescore runs',
  audit: 'The hash-chained audit log and its verification',
};

/**
 * The purpose rule (doelbinding), as the request pipeline (http/purpose.ts) applies it to the
 * header after percent-decoding and trimming. Written out here because a pattern of the
 * pipeline's code is not a schema; the fuzz test holds the two together.
 */
const CASE_REFERENCE = '^[A-Z]{2,10}-\\d{4}-\\d{1,6}$';
const TEN_LETTERS_OR_DIGITS = '^(?:[^\\p{L}\\p{N}]*[\\p{L}\\p{N}]){10}';
const purposeSchema = {
  type: 'string',
  maxLength: 500,
  pattern: '^[^\\u0000-\\u001f\\u007f]*$',
  anyOf: [{ pattern: TEN_LETTERS_OR_DIGITS }, { pattern: CASE_REFERENCE }],
};
const PURPOSE_RULE = 'at least ten letters or digits, or a case reference such as RIEC-2026-0042; one line of at most 500 characters';

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
}

type ParameterSchema = {
  type?: string;
  enum?: unknown[];
  pattern?: string;
  minimum?: number;
  exclusiveMinimum?: number;
  maximum?: number;
  default?: unknown;
  description?: string;
};

/** What a parameter without a description of its own accepts, in words. */
function constraintText(s: ParameterSchema): string {
  let text = 'Text.';
  if (s.enum) text = `One of ${s.enum.join(', ')}.`;
  else if (s.pattern) text = `Text matching \`${s.pattern}\`.`;
  else if (s.type === 'integer' || s.type === 'number') {
    const kind = s.type === 'integer' ? 'An integer' : 'A number';
    const low = s.minimum ?? (s.type === 'integer' && s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : undefined);
    const high = s.maximum === Number.MAX_SAFE_INTEGER ? undefined : s.maximum;
    if (low !== undefined && high !== undefined) text = `${kind} from ${low} to ${high}.`;
    else if (low !== undefined) text = `${kind} of at least ${low}.`;
    else if (high !== undefined) text = `${kind} of at most ${high}.`;
    else text = `${kind}.`;
  }
  return s.default === undefined ? text : `${text} Default ${String(s.default)}.`;
}

/** Query or path parameters of an object schema. */
function parameters(schema: z.ZodType | undefined, where: 'query' | 'path'): unknown[] {
  if (!schema) return [];
  const json = jsonSchema(schema, 'input') as { properties?: Record<string, ParameterSchema>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, s]) => ({
    name,
    in: where,
    required: where === 'path' || (json.required ?? []).includes(name),
    schema: s,
    description: s.description ?? constraintText(s),
  }));
}

/** The purpose of an address-level read or change: a header, or `?purpose=` where a header cannot be set (a link). */
const PURPOSE_PARAMETERS = [
  {
    name: 'X-Purpose',
    in: 'header',
    required: false,
    schema: purposeSchema,
    description:
      `Why the address-level data is needed (doelbinding): ${PURPOSE_RULE}. Percent-encoding is allowed (for text beyond ISO-8859-1); it is ` +
      `decoded and trimmed before the check. Required unless \`purpose\` is in the query.`,
  },
  {
    name: 'purpose',
    in: 'query',
    required: false,
    schema: purposeSchema,
    description: `The purpose as a query parameter, when X-Purpose cannot be sent: ${PURPOSE_RULE}. X-Purpose wins when both are sent.`,
  },
];

const errorContent = { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } };
const failure = (description: string) => ({ description, content: errorContent });

/** A route whose query has a `format` of csv values answers CSV as well as JSON. */
function successContent(r: RouteSpec): Record<string, unknown> {
  const content: Record<string, unknown> = { 'application/json': { schema: jsonSchema(r.response, 'output') } };
  const format = (jsonSchema(r.query ?? z.object({}), 'input').properties as Record<string, ParameterSchema> | undefined)?.format;
  if (format?.enum?.some((v) => String(v).startsWith('csv'))) {
    content['text/csv'] = {
      schema: {
        type: 'string',
        description:
          'The same items with a header row, one line each, lines ended by CRLF: `format=csv` comma-separated, `format=csv-excel` ' +
          'semicolon-separated with a UTF-8 byte-order mark. Sent as an attachment.',
      },
    };
  }
  return content;
}

function responses(r: RouteSpec): Record<string, unknown> {
  const permission = PERMISSIONS[r.action];
  const answers: Record<string, unknown> = {
    [String(r.successStatus ?? 200)]: { description: 'OK', content: successContent(r) },
    400: failure(
      `an invalid or unknown parameter or body field (the field is ` +
        `named)${r.body ? ', or a body that is not JSON' : ''}${permission.purpose ? ', or no valid purpose' : ''}`,
    ),
    401: failure('no valid bearer token'),
    403: failure(`the role may not (${r.action}: ${permission.roles.join(', ')})`),
  };
  for (const [status, description] of Object.entries(r.errors ?? {})) if (status !== '503') answers[status] = failure(description);
  if (r.body) {
    answers[413] = failure('the body is larger than HENNEP_BODY_LIMIT (64 kB unless configured)');
    answers[415] = failure(
      'the body is in a character set or content encoding the service does not read: send UTF-8 JSON, uncompressed or compressed with gzip, deflate or br',
    );
  }
  answers[429] = failure('rate limit of the user reached');
  answers[500] = failure(
    'the request failed inside the service (a fault of the service): the message names the request id under which the operator finds it in the log',
  );
  const unavailable = 'the audit log cannot record the request, or the OIDC issuer does not answer';
  answers[503] = failure(r.errors?.[503] ? `${r.errors[503]}; or ${unavailable}` : unavailable);
  return answers;
}

export function openApiDocument(routes: readonly RouteSpec[], version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  const tags = new Set<string>();
  for (const r of routes) {
    const path = `${API_PREFIX}${r.path.replace(/:(\w+)/g, '{$1}')}`;
    const permission = PERMISSIONS[r.action];
    const tag = r.action.split(':')[0]!;
    tags.add(tag);
    paths[path] ??= {};
    paths[path][r.method] = {
      operationId: `${r.method}${r.path.replace(/[:/](\w)/g, (_m, c: string) => c.toUpperCase()).replace(/[^A-Za-z]/g, '')}`,
      summary: r.summary,
      description:
        `Permission \`${r.action}\` (${permission.description}): ` +
        `${permission.roles.join(', ')}.${permission.purpose ? ' Needs a purpose.' : ''} Every call is recorded in the audit log.`,
      tags: [tag],
      security: [{ bearer: [] }],
      parameters: [...parameters(r.params, 'path'), ...parameters(r.query, 'query'), ...(permission.purpose ? PURPOSE_PARAMETERS : [])],
      ...(r.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(r.body, 'input') } } } } : {}),
      responses: responses(r),
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'hennep-risk',
      version,
      description:
        'Risk signals for illegal cannabis cultivation in homes. A score is a signal for a human decision, never a decision: no control ' +
        'without a RIEC decision. Every request is recorded in a hash-chained audit log.',
      license: { name: 'EUPL-1.2', identifier: 'EUPL-1.2' },
    },
    servers: [{ url: '/' }],
    tags: [...tags].map((name) => ({ name, description: TAGS[name] })),
    components: {
      schemas: { Error: errorSchema },
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description:
            'A JWT of the configured OIDC issuer (or of the embedded issuer: `hennep token`), whose `sub` names the person or client the ' +
            'audit log records: not empty, not `anonymous`, not `system`. Roles come from the claim HENNEP_ROLES_CLAIM names.',
        },
      },
    },
    paths,
  };
}
