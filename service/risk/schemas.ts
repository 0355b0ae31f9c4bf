/** What the risk routes accept and answer, shared with the routes that show an address or its reasons. */
import { z } from 'zod';
import { LANGUAGES } from '../../config/index.ts';
import { SIGNAL_STATUSES } from '../signals/states.ts';

export const addressIdSchema = z.string().regex(/^[0-9]{16}$/, 'an address id is 16 digits (BAG nummeraanduiding)');

export const addressSchema = z.object({
  street: z.string(),
  houseNumber: z.number().int(),
  houseSuffix: z.string().nullable(),
  postcode: z.string(),
  district: z.string(),
  neighbourhood: z.string(),
});

export const modelRef = z.object({ version: z.number().int(), family: z.string() });
export const listRef = z.object({ id: z.number().int(), referenceDate: z.string(), addresses: z.number().int() });
const reasonSchema = z.object({ feature: z.string(), contribution: z.number(), sentence: z.string() });
export const reasonsSchema = z.array(reasonSchema);

export const riskResponse = z.object({
  addressId: z.string(),
  address: addressSchema,
  model: modelRef,
  riskList: listRef,
  score: z.number().describe('the logit: intercept + sum of contributions'),
  probability: z
    .number()
    .describe(
      'the chance that a control in the year after the reference date finds cultivation; calibrated on the validation year (Platt)',
    ),
  baseRate: z
    .number()
    .describe("the same chance at an average home: the mean probability over the list's addresses, to read the probability against"),
  rank: z.number().int(),
  percentile: z.number().describe('share of addresses scored lower, in %'),
  explanation: z.object({
    lang: z.enum(LANGUAGES),
    logit: z.number(),
    intercept: z.number(),
    completenessError: z.number(),
    contributions: z
      .array(
        z.object({
          feature: z.string().describe('the feature, or for a pair term of the additive model "a × b"'),
          pair: z
            .tuple([z.string(), z.string()])
            .optional()
            .describe("a pair term's two features: what they do together beyond each alone; no value of its own"),
          contribution: z.number().describe('to the logit, measured from the average address'),
          value: z.number().nullable(),
          reference: z
            .number()
            .nullable()
            .describe('median over all scored addresses (above 200,000: over a seeded uniform sample of 200,000 of them)'),
          valueText: z
            .string()
            .describe(
              'the value as the sentence reads it: a yes/no state, "never" for a capped recency, "unknown" for a missing or imputed value, ' +
                "else the number in the language's format",
            ),
          referenceText: z.string().describe('the median, read the same way'),
          sentence: z.string(),
        }),
      )
      .describe('every feature and pair term, largest effect first; what each feature is: GET /api/v1/features'),
  }),
  notice: z.string(),
});

export const riskListResponse = z.object({
  model: modelRef,
  riskList: listRef,
  items: z.array(
    z.object({
      addressId: z.string(),
      address: addressSchema.describe(
        'the address as it is now, but its district and neighbourhood as the list was scored: what the filter matches',
      ),
      rank: z.number().int(),
      score: z.number(),
      probability: z.number(),
      percentile: z.number(),
      reasons: reasonsSchema,
      signal: z
        .object({ id: z.number().int(), status: z.enum(SIGNAL_STATUSES) })
        .nullable()
        .describe("the address's newest signal (open: proposed, approved or control_planned), or null when it never had one"),
    }),
  ),
  nextCursor: z.string().nullable(),
  matching: z
    .number()
    .int()
    .nullable()
    .describe('how many addresses of the list the filters leave; on the first page only (null with a cursor)'),
  notice: z.string(),
});

export const areasResponse = z.object({ districts: z.array(z.object({ code: z.string(), neighbourhoods: z.array(z.string()) })) });
