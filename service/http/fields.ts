/**
 * Field types the routes share, each with the limits the database and the OpenAPI
 * document agree on: text counted in characters, and whole numbers in a path or query.
 */
import { z } from 'zod';
import { LANGUAGES } from '../../config/index.ts';

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

/** The language of an answer's words: Dutch unless English is asked for. */
export const langSchema = z.enum(LANGUAGES).default('nl');
