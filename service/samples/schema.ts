/** What the sample routes accept and answer. */
import { z } from 'zod';
import { text } from '../http/fields.ts';
import { SEED_MAX } from './random.ts';

/** Largest sample one request draws: a share of a year's controls, not a census. */
export const SAMPLE_MAX = 10_000;

/** What a beheerder asks for. */
export const drawRequestSchema = z.strictObject({
  n: z
    .number()
    .int('n is a whole number of addresses')
    .min(1, 'n is at least 1 address')
    .max(SAMPLE_MAX, `n is at most ${SAMPLE_MAX} addresses`)
    .optional()
    .describe(
      'addresses to draw; omitted: HENNEP_SAMPLE_SHARE × the controls the RIEC approved in the last 12 months, rounded up, at least 1',
    ),
  seed: z
    .number()
    .int('a seed is a whole number')
    .min(0, 'a seed is at least 0')
    .max(SEED_MAX, `a seed is at most ${SEED_MAX}`)
    .optional()
    .describe('seed of the draw (xoshiro128**); omitted: a random one, recorded with the sample'),
  stratifyBy: z
    .enum(['district'])
    .optional()
    .describe('draw per district, n allocated in proportion to each district’s frame (at least one each)'),
  reason: text(10, 2000, 'state why this sample is drawn in at least 10 characters').describe(
    'why the sample is drawn; the RIEC sees it with every proposal of the sample',
  ),
});
export type DrawRequest = z.infer<typeof drawRequestSchema>;

export const sampleCountsSchema = z.object({
  drawn: z.number().int().describe('members of the sample'),
  pending: z.number().int().describe('still proposed, less than a year after the draw'),
  unanswered: z.number().int().describe('still proposed a year or more after the draw: non-response'),
  approved: z.number().int().describe('approved by the RIEC (whatever followed)'),
  rejected: z.number().int().describe('rejected by the RIEC (also those since deleted by retention): non-response'),
  controlled: z.number().int().describe('outcome recorded'),
  found: z.number().int().describe('outcome cultivation or preparation'),
  noAccess: z.number().int().describe('outcome no_access'),
  nonResponse: z.number().int().describe('rejected + unanswered'),
});

export const sampleSchema = z.object({
  id: z.number().int(),
  drawnBy: z.string(),
  drawnAt: z.string(),
  seed: z.number().int().describe('with the risk list and the frame rule, repeats the draw'),
  reason: z.string(),
  modelVersion: z.number().int(),
  listId: z.number().int().nullable().describe('the risk list whose addresses formed the frame; null once retention deleted it'),
  referenceDate: z.string(),
  frameSize: z.number().int().describe('N: addresses of the list without an open signal at the draw'),
  n: z.number().int(),
  design: z.enum(['uniform', 'district']),
  probability: z.number().nullable().describe('uniform: every frame address’s chance n / N; per district: see strata'),
  strata: z
    .array(z.object({ district: z.string(), frameSize: z.number().int(), n: z.number().int(), probability: z.number() }))
    .describe('per district N_h, n_h and the chance n_h / N_h; empty for a uniform draw'),
  size: z
    .object({ share: z.number(), approvedControls: z.number().int() })
    .nullable()
    .describe('how n was set when the request gave none: share × controls approved in the 12 months before; null when n was given'),
  counts: sampleCountsSchema,
});
export type SampleView = z.infer<typeof sampleSchema>;

export const samplesResponseSchema = z.object({
  defaults: z
    .object({ share: z.number(), approvedControls: z.number().int(), n: z.number().int() })
    .describe('the size a draw without n gets now: HENNEP_SAMPLE_SHARE × controls approved in the last 12 months, rounded up, at least 1'),
  items: z.array(sampleSchema),
});
