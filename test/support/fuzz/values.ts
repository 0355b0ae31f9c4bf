import fc from 'fast-check';
import type { JsonSchema } from './operations.ts';

/**
 * Values for one parameter or body field: what its schema in the OpenAPI document accepts
 * (the subset of JSON Schema that zod writes for this API), what the data at hand makes
 * meaningful (an address on the list, a signal that exists: the hints), and what is wrong
 * in the ways that have broken services before.
 */
export type Hints = Readonly<Record<string, fc.Arbitrary<unknown>>>;

/** Text where a number, a code, a date or a short word is expected. */
const TRICKY_TEXT = [
  '',
  ' ',
  '0',
  '-1',
  '+1',
  '01',
  '1.5',
  '1.0',
  '1e3',
  '0x10',
  ' 1',
  '1 ',
  'NaN',
  'Infinity',
  'null',
  'true',
  '2147483647',
  '2147483648',
  '-2147483649',
  '9007199254740991',
  '9007199254740993',
  '99999999999999999999',
  '1.2147483648',
  '2147483648.1',
  '0.0',
  '1.',
  '.1',
  '0000-01-01',
  '2025-02-29',
  '2024-02-29',
  '9999-12-31',
  '2025-12-15T10:00:00Z',
  ' 2025-12-15',
  '20251215',
  'WK03440',
  'BU0344010',
  'wk034401',
  '036301000012345',
  '03630100001234567',
  '０３６３０１００００１２３４５６',
  '\u0000',
  'a\u0000b',
  '\u200b',
  '\u202e',
  'é',
  '😀',
  '\ud800',
  '%',
  '%00',
  '%zz',
  '../..',
  '<script>',
  "' OR 1=1 --",
  'a'.repeat(600),
];

/** JSON where a string, a number or an object is expected. */
const TRICKY_JSON: unknown[] = [
  null,
  true,
  false,
  0,
  -1,
  1.5,
  4,
  2147483648,
  1e21,
  -1e-7,
  '',
  ' ',
  [],
  {},
  ['x'],
  { a: 1 },
  '1',
  '2',
  '0x10',
  '1e3',
  'a'.repeat(9),
  ' '.repeat(12),
  '\u0000'.repeat(12),
  'Een reden\u0000met een NUL erin',
  '\u200b'.repeat(25),
  '😀'.repeat(10),
  '😀'.repeat(2001),
  'x'.repeat(2001),
  '\ud800 lone surrogate text',
  '0000-01-01',
  '9999-12-31',
  '2025-12-15T10:00:00Z',
  '1900-01-01',
];

const asText = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));

function integerBounds(schema: JsonSchema): { min: number; max: number } {
  const min = schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : -1_000_000);
  const max = Math.min(schema.maximum ?? 1_000_000, Number.MAX_SAFE_INTEGER);
  return { min, max };
}

/** A value the schema accepts. */
export function validValue(schema: JsonSchema, hints: Hints = {}): fc.Arbitrary<unknown> {
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  if (schema.oneOf) return fc.oneof(...schema.oneOf.map((s) => validValue(s, hints)));
  switch (schema.type) {
    case 'object':
      return fc.record(
        Object.fromEntries(Object.entries(schema.properties ?? {}).map(([name, s]) => [name, hints[name] ?? validValue(s, hints)])),
        { requiredKeys: schema.required ?? [] },
      );
    case 'integer':
      return fc.integer(integerBounds(schema));
    case 'number':
      return fc.double({ noNaN: true, noDefaultInfinity: true });
    case 'boolean':
      return fc.boolean();
    case 'string': {
      if (schema.pattern) return fc.stringMatching(new RegExp(schema.pattern, 'u'));
      const minLength = schema.minLength ?? 0;
      return fc.string({ unit: 'grapheme', minLength, maxLength: Math.min(schema.maxLength ?? minLength + 60, minLength + 60) });
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

/** An object of the schema's properties, each from `field`; optional ones sometimes left out. */
function objectOf(schema: JsonSchema, hints: Hints, wrong: Wrong | null): fc.Arbitrary<Record<string, unknown>> {
  const properties = Object.fromEntries(Object.entries(schema.properties ?? {}).map(([name, s]) => [name, field(name, s, hints, wrong)]));
  return fc.record(properties, { requiredKeys: schema.required ?? [] }) as fc.Arbitrary<Record<string, unknown>>;
}

/** What is wrong with a field: a value of its own kind spoiled (`spoil`), or another value altogether (`other`). */
interface Wrong {
  spoil(value: unknown): fc.Arbitrary<unknown>;
  other(): fc.Arbitrary<unknown>;
}

/**
 * A field's value: a good one (its hint or its schema's); unless `wrong` is null, now and
 * then a good one spoiled — which keeps the rest of the request valid, so the spoiled value
 * travels as far as the service lets it — or something else altogether.
 */
function field(name: string, schema: JsonSchema, hints: Hints, wrong: Wrong | null): fc.Arbitrary<unknown> {
  const hint = hints[name];
  const good = hint
    ? fc.oneof({ arbitrary: hint, weight: 3 }, { arbitrary: validValue(schema, hints), weight: 1 })
    : validValue(schema, hints);
  if (!wrong) return good;
  return fc.oneof(
    { arbitrary: good, weight: 7 },
    { arbitrary: good.chain((v) => wrong.spoil(v)), weight: 2 },
    { arbitrary: wrong.other(), weight: 1 },
  );
}

/**
 * A text spoiled: a NUL or a zero-width space in it, padded, repeated to `long` characters
 * (past any maximum in a body; short enough in a URL to stay below Node's header limit),
 * its leading number zeroed or made huge, or cut to one character.
 */
function spoiledText(text: string, long: number): fc.Arbitrary<string> {
  return fc.nat({ max: text.length }).chain((at) =>
    fc.constantFrom(
      `${text.slice(0, at)}\u0000${text.slice(at)}`,
      `${text.slice(0, at)}\u200b${text.slice(at)}`,
      `   ${text}   `,
      text.repeat(Math.ceil(long / Math.max(text.length, 1))),
      text.replace(/^\d+/, (digits) => '0'.repeat(digits.length)),
      `${text}2147483648`,
      text.slice(0, 1),
    ),
  );
}

const JSON_WRONG: Wrong = {
  spoil(value) {
    if (typeof value === 'string') return spoiledText(value, 2100);
    if (typeof value === 'number')
      return fc.constantFrom(0, -1, 1.5, 2147483647, 2147483648, Number.MAX_SAFE_INTEGER + 2, 1e21, String(value));
    return fc.constant(null);
  },
  other: () =>
    fc.oneof(
      { arbitrary: fc.constantFrom(...TRICKY_JSON), weight: 3 },
      { arbitrary: fc.jsonValue({ maxDepth: 2 }), weight: 1 },
      { arbitrary: fc.string({ unit: 'binary', maxLength: 40 }), weight: 1 },
    ),
};

/** Query and path parameters are text: a number spoiled is a number written another way (hex, padded, signed, leading zero). */
const TEXT_WRONG: Wrong = {
  spoil(value) {
    if (typeof value !== 'number') return spoiledText(asText(value), 600);
    return fc.constantFrom(
      `0x${value.toString(16)}`,
      ` ${value}`,
      `${value} `,
      `0${value}`,
      `+${value}`,
      `${value}.0`,
      `${value}e0`,
      `${value}.`,
      `${value}0000000000`,
      '2147483648',
      String(-value),
    );
  },
  other: () =>
    fc.oneof(
      { arbitrary: fc.constantFrom(...TRICKY_TEXT), weight: 4 },
      { arbitrary: fc.string({ unit: 'binary', maxLength: 30 }), weight: 1 },
    ),
};

/** A JSON body of the schema; with `spoil`, each field now and then wrong (another type, too long, a NUL, …). */
export function bodyValue(schema: JsonSchema, hints: Hints, spoil: boolean): fc.Arbitrary<unknown> {
  const wrong = spoil ? JSON_WRONG : null;
  if (schema.oneOf) return fc.oneof(...schema.oneOf.map((s) => objectOf(s, hints, wrong)));
  return objectOf(schema, hints, wrong);
}

/** A path or query parameter's text: one its schema accepts; with `spoil`, now and then a tricky one. */
export function parameterText(name: string, schema: JsonSchema, hints: Hints, spoil: boolean): fc.Arbitrary<string> {
  return field(name, schema, hints, spoil ? TEXT_WRONG : null).map(asText);
}
