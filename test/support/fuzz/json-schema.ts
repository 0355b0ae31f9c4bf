import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import type { JsonSchema } from './operations.ts';

/**
 * Values checked against schemas of the OpenAPI document: JSON Schema 2020-12 (OpenAPI 3.1).
 * Formats are left to the patterns zod writes beside them.
 */
const ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: false });

/** The first way `value` breaks `schema`, or null when it fits. */
export function schemaProblem(schema: JsonSchema, value: unknown): ErrorObject | null {
  const validate = ajv.compile(schema);
  return validate(value) ? null : validate.errors![0]!;
}

/** Where and what, item numbers as # (`/items/#/rank`): one kind of mismatch, whichever item shows it. */
export const where = (error: ErrorObject) => `${error.instancePath.replace(/\/\d+(?=\/|$)/g, '/#') || '(root)'} ${error.message ?? ''}`;
