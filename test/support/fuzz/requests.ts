import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { grantingRole } from '../../../service/permissions.ts';
import { fillPath, type Operation } from './operations.ts';
import type { TokenKind } from './tokens.ts';
import { bodyValue, parameterText, type Hints } from './values.ts';
import { HEADER_SAFE, percentEncode, type FuzzRequest } from './wire.ts';

/**
 * Requests for an operation: mostly ones a client would send (a role holding the
 * permission, a purpose, valid parameters and body), each part now and then wrong — another
 * role or a bad token, no or a bad purpose, a tricky parameter, a body that is too large, not
 * JSON, in another content type or encoding — so that the valid path is walked as often as
 * the refusals.
 */
export interface FuzzContext {
  tokens: readonly TokenKind[];
  /** Values the data at hand makes meaningful, by parameter or field name (the same name means the same thing everywhere)… */
  hints: Hints;
  /** …unless an operation needs its own (a decision: a proposed signal), by operation key and name. */
  operationHints: Readonly<Record<string, Hints>>;
  /** HENNEP_BODY_LIMIT of the service, in bytes. */
  bodyLimit: number;
}

const PURPOSES = [
  'Onderzoek ondermijning, zaak 2026-17',
  'Controle na melding van stankoverlast door buren',
  'Beoordeling signaal energieverbruik voor het RIEC-overleg',
  'RIEC-2026-0042',
  'ZK-2025-123456',
  'Onderzoek naar één woning in de wijk Zuid',
  '1234567890',
];
/** Short, invisible, punctuation only, control characters, too long, case references of the wrong shape. */
const BAD_PURPOSES = [
  'zaak 12',
  'AB',
  'ZK123',
  'RIEC',
  'RIEC-2026',
  'A-2026-1',
  'riec-2026-0042',
  'ABCDEFGHIJK-2026-1',
  'AB-2026-1234567',
  '..........!!',
  '\u200b'.repeat(12),
  '\u200bAB\u200b',
  'a\u00ad'.repeat(9),
  'Onderzoek\nzaak 2026',
  'Onderzoek\u0000zaak 2026',
  '   ',
  'x'.repeat(501),
  '%E0%A4%A onderzoek',
];

function tokenOf(op: Operation, tokens: readonly TokenKind[]): fc.Arbitrary<TokenKind> {
  const holders = tokens.filter((t) => t.subject !== null && grantingRole(t.roles, op.route.action));
  const others = tokens.filter((t) => t.subject !== null && !grantingRole(t.roles, op.route.action));
  const refused = tokens.filter((t) => t.subject === null);
  const groups = [
    { kinds: holders, weight: 12 },
    { kinds: others, weight: 3 },
    { kinds: refused, weight: 3 },
  ].filter((g) => g.kinds.length > 0);
  return fc.oneof(...groups.map((g) => ({ arbitrary: fc.constantFrom(...g.kinds), weight: g.weight })));
}

type Purpose = { where: 'header' | 'query' | 'both' | 'none'; text: string };

/** A purpose: a sentence or case reference of our own, one made from the document's purpose patterns, or a bad one. */
function purposeOf(op: Operation): fc.Arbitrary<Purpose> {
  const needed = op.purpose;
  const patterns = (op.parameters.find((p) => p.name === 'X-Purpose')?.schema.anyOf ?? []).flatMap((s) => (s.pattern ? [s.pattern] : []));
  const documented = patterns.map((pattern) => ({ arbitrary: fc.stringMatching(new RegExp(pattern, 'u')), weight: 1 }));
  const text = fc.oneof({ arbitrary: fc.constantFrom(...PURPOSES), weight: 6 }, ...documented, {
    arbitrary: fc.constantFrom(...BAD_PURPOSES),
    weight: 2,
  });
  const where = fc.oneof(
    { arbitrary: fc.constant('header' as const), weight: needed ? 12 : 1 },
    { arbitrary: fc.constantFrom('query' as const, 'both' as const), weight: 1 },
    { arbitrary: fc.constant('none' as const), weight: needed ? 1 : 12 },
  );
  return fc.record({ where, text });
}

/** A header may carry only ISO-8859-1 without control characters; other text goes percent-encoded, as the API allows. */
const headerValue = (text: string) => (HEADER_SAFE.test(text) && !text.includes('%') ? text : percentEncode(text));

const BODY_SHAPES = [
  'as is',
  'a required field left out',
  'an unknown field',
  'a __proto__ field',
  'not an object',
  'not JSON',
  'too large',
  'deeply nested',
] as const;
type BodyShape = (typeof BODY_SHAPES)[number];
const CONTENT_TYPES = [
  'application/json; charset=utf-8',
  'Application/JSON',
  'text/plain',
  'application/x-www-form-urlencoded',
  'application/json; charset=latin1',
  'application/json; charset=utf-16',
  'multipart/form-data; boundary=x',
  'application/merge-patch+json',
  '(none)',
];
const ENCODINGS = ['gzip', 'deflate', 'br', 'gzip (but not compressed)', 'compress'];

interface Body {
  value: unknown;
  shape: BodyShape;
  pick: number;
  contentType: string;
  encoding: string | null;
}

function bodyOf(op: Operation, hints: Hints, spoil: boolean): fc.Arbitrary<Body> {
  return fc.record({
    value: bodyValue(op.body!, hints, spoil),
    shape: fc.oneof(
      { arbitrary: fc.constant('as is' as const), weight: 16 },
      { arbitrary: fc.constantFrom(...BODY_SHAPES.slice(1)), weight: 3 },
    ),
    pick: fc.nat(),
    contentType: fc.oneof(
      { arbitrary: fc.constant('application/json'), weight: 16 },
      { arbitrary: fc.constantFrom(...CONTENT_TYPES), weight: 1 },
    ),
    encoding: fc.oneof({ arbitrary: fc.constant(null), weight: 24 }, { arbitrary: fc.constantFrom(...ENCODINGS), weight: 1 }),
  });
}

function bodyText({ value, shape, pick }: Body, bodyLimit: number): string {
  const object = value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : { value };
  switch (shape) {
    case 'as is':
      return JSON.stringify(value);
    case 'a required field left out': {
      const keys = Object.keys(object);
      if (keys.length === 0) return '{}';
      const { [keys[pick % keys.length]!]: _left, ...rest } = object;
      return JSON.stringify(rest);
    }
    case 'an unknown field':
      return JSON.stringify({ ...object, unknownField: pick });
    case 'a __proto__ field': {
      const rest = JSON.stringify(object).slice(1);
      return `{"__proto__":{"admin":true}${rest === '}' ? '' : ','}${rest}`;
    }
    case 'not an object':
      return ['[]', '"text"', '42', 'null', 'true', JSON.stringify([object])][pick % 6]!;
    case 'not JSON':
      return ['{"addressId": ', "{'reason': 'single quotes'}", 'NaN', '', '{"a":1}}', '\u0000', 'reason=text'][pick % 7]!;
    case 'too large':
      return JSON.stringify({ ...object, padding: 'x'.repeat(bodyLimit + (pick % bodyLimit)) });
    case 'deeply nested':
      return `${'['.repeat(3000)}${']'.repeat(3000)}`;
  }
}

function encoded(text: string, encoding: string | null): Buffer {
  const raw = Buffer.from(text, 'utf8');
  if (encoding === 'gzip') return gzipSync(raw);
  if (encoding === 'deflate') return deflateSync(raw);
  if (encoding === 'br') return brotliCompressSync(raw);
  return raw;
}

/**
 * Requests for one operation. In half of them the parameters and body fields are all of
 * their schemas (with many fields, a few spoiled ones each would leave hardly a request
 * valid); in the other half each of them may be spoiled.
 */
export function requestsFor(op: Operation, context: FuzzContext): fc.Arbitrary<FuzzRequest> {
  return fc.oneof(requestsOf(op, context, false), requestsOf(op, context, true));
}

function requestsOf(op: Operation, context: FuzzContext, spoil: boolean): fc.Arbitrary<FuzzRequest> {
  const hints = { ...context.hints, ...context.operationHints[op.key] };
  const pathParameters = op.parameters.filter((p) => p.in === 'path');
  const queryParameters = op.parameters.filter((p) => p.in === 'query' && p.name !== 'purpose');
  // Spoiled, now and then a path segment that does not percent-decode; never an empty one (that would be another route).
  const segment = (name: string, schema: Operation['parameters'][number]['schema']) =>
    fc.oneof(
      {
        arbitrary: parameterText(name, schema, hints, spoil)
          .filter((s) => s !== '')
          .map(percentEncode),
        weight: 30,
      },
      { arbitrary: fc.constantFrom('%E0%A4%A', '%', '%zz'), weight: spoil ? 1 : 0 },
    );
  const query = fc.record({
    documented: fc.record(Object.fromEntries(queryParameters.map((p) => [p.name, parameterText(p.name, p.schema, hints, spoil)])), {
      requiredKeys: queryParameters.filter((p) => p.required).map((p) => p.name),
    }),
    extra: fc.oneof(
      { arbitrary: fc.constant<Array<[string, string]>>([]), weight: 12 },
      {
        arbitrary: fc.constantFrom<Array<[string, string]>>(
          [['unknown', '1']],
          [
            ['limit', '1'],
            ['limit', '2'],
          ],
          [['lang[]', 'nl']],
          [['', 'x']],
        ),
        weight: spoil ? 2 : 0,
      },
    ),
  });
  return fc
    .record({
      token: tokenOf(op, context.tokens),
      path: fc.record(Object.fromEntries(pathParameters.map((p) => [p.name, segment(p.name, p.schema)]))),
      query,
      purpose: purposeOf(op),
      body: op.body ? bodyOf(op, hints, spoil).map((b) => b as Body | null) : fc.constant(null),
    })
    .map(({ token, path, query, purpose, body }) => {
      const headers: Record<string, string> = {};
      if (token.header !== null) headers.Authorization = token.header;
      if (purpose.where === 'header' || purpose.where === 'both') headers['X-Purpose'] = headerValue(purpose.text);
      const pairs: Array<[string, string]> = [
        ...Object.entries(query.documented).filter((e): e is [string, string] => e[1] !== undefined),
        ...query.extra,
      ];
      if (purpose.where === 'query' || purpose.where === 'both') pairs.push(['purpose', purpose.text]);
      let text: string | null = null;
      if (body) {
        text = bodyText(body, context.bodyLimit);
        if (body.contentType !== '(none)') headers['Content-Type'] = body.contentType;
        if (body.encoding) headers['Content-Encoding'] = body.encoding.split(' ')[0]!;
      }
      return {
        operation: op.key,
        method: op.method,
        path: fillPath(op.template, path),
        query: pairs.length ? `?${pairs.map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`).join('&')}` : '',
        headers,
        token: token.label,
        body: text === null ? null : encoded(text, body!.encoding),
        bodyText: text,
      };
    });
}

/** A request for any of the operations. */
export function requests(operations: readonly Operation[], context: FuzzContext): fc.Arbitrary<FuzzRequest> {
  return fc.oneof(...operations.map((op) => requestsFor(op, context)));
}
