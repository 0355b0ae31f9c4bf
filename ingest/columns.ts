/**
 * Column types of the data contract. Each parses the text of one CSV cell into the
 * stored value or says what is wrong with it; an empty field is null and only
 * accepted where the column is nullable. The `sqlType` is the PostgreSQL type of the
 * staging array.
 *
 * These are plain functions rather than zod schemas: a delivery has millions of cells,
 * and a schema's per-call overhead would dominate reading them (ingest times: README,
 * Performance).
 */

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

export interface ColumnType<T> {
  readonly sqlType: string;
  parse(text: string): Parsed<T>;
}

export interface Column {
  readonly name: string;
  readonly nullable: boolean;
  /**
   * May be missing from a file's header: a column a later contract version added, so
   * that files of the earlier version still load. A missing column is empty in every row.
   */
  readonly optional: boolean;
  readonly type: ColumnType<unknown>;
}

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const bad = (reason: string): Parsed<never> => ({ ok: false, reason });

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const INTEGER = /^[+-]?\d+$/;
const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

function isCalendarDay(text: string): boolean {
  const m = DATE.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

export const text = (maxLength: number): ColumnType<string> => ({
  sqlType: 'text',
  parse: (s) => (s.length <= maxLength ? ok(s) : bad(`is longer than ${maxLength} characters`)),
});

export const pattern = (regex: RegExp, description: string, normalise: (s: string) => string = (s) => s): ColumnType<string> => ({
  sqlType: 'text',
  parse(s) {
    const value = normalise(s);
    return regex.test(value) ? ok(value) : bad(`is not ${description}`);
  },
});

export const integer = (min: number, max: number): ColumnType<number> => ({
  sqlType: 'bigint',
  parse(s) {
    if (!INTEGER.test(s)) return bad('is not a whole number');
    const n = Number(s);
    return n >= min && n <= max ? ok(n) : bad(`is outside ${min}–${max}`);
  },
});

export const decimal = (min: number, max = Number.POSITIVE_INFINITY): ColumnType<number> => ({
  sqlType: 'double precision',
  parse(s) {
    if (!DECIMAL.test(s)) return bad("is not a number (decimals use '.')");
    const n = Number(s);
    if (n >= min && n <= max) return ok(n);
    return bad(max === Number.POSITIVE_INFINITY ? `is below ${min}` : `is outside ${min}–${max}`);
  },
});

/** A probability that something happened: 0 is excluded, since then it could not have. */
export const probability: ColumnType<number> = {
  sqlType: 'double precision',
  parse(s) {
    if (!DECIMAL.test(s)) return bad("is not a number (decimals use '.')");
    const n = Number(s);
    if (n > 0 && n <= 1) return ok(n);
    return bad('is outside (0, 1]: a probability above 0 and at most 1 (leave the field empty when unknown)');
  },
};

const BOOLEANS: Record<string, boolean> = { true: true, '1': true, ja: true, false: false, '0': false, nee: false };

export const boolean: ColumnType<boolean> = {
  sqlType: 'boolean',
  parse(s) {
    const value = BOOLEANS[s.toLowerCase()];
    return value === undefined ? bad('is not a boolean (true/false, 1/0, ja/nee)') : ok(value);
  },
};

export const date: ColumnType<string> = {
  sqlType: 'date',
  parse: (s) => (isCalendarDay(s) ? ok(s) : bad('is not a date YYYY-MM-DD')),
};

export const oneOf = <const V extends readonly string[]>(values: V): ColumnType<V[number]> => {
  const allowed = new Set<string>(values);
  return {
    sqlType: 'text',
    parse(s) {
      const value = s.toLowerCase();
      return allowed.has(value) ? ok(value as V[number]) : bad(`is not one of ${values.join(', ')}`);
    },
  };
};

export function column(name: string, type: ColumnType<unknown>, options: { nullable?: boolean; optional?: boolean } = {}): Column {
  const optional = options.optional ?? false;
  // An absent optional column reads as empty fields, which only a nullable column takes.
  if (optional && !options.nullable) throw new Error(`column ${name}: an optional column must be nullable`);
  return { name, type, nullable: options.nullable ?? false, optional };
}

/** Parses one field. Surrounding blanks are not data: Excel pads cells with them. */
export function parseField(col: Column, raw: string): Parsed<unknown> {
  const trimmed = raw.trim();
  if (trimmed === '') return col.nullable ? ok(null) : bad('is empty but required');
  return col.type.parse(trimmed);
}
