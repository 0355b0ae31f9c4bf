/**
 * The sample stream: a beheerder draws addresses at random for the RIEC, and the
 * beheerder and the auditor follow what became of them. Neither answer names an address:
 * who was drawn is in the audit log, and in the RIEC's queue.
 */
import { z } from 'zod';
import { wholeNumber } from '../http/fields.ts';
import { route } from '../http/route.ts';
import { drawSample } from './draw.ts';
import { sampleOverview } from './overview.ts';
import { drawRequestSchema, sampleSchema, samplesResponseSchema } from './schema.ts';

export const sampleRoutes = [
  route({
    method: 'post',
    path: '/samples',
    action: 'samples:draw',
    summary:
      'Draw a random sample of the addresses on the current risk list without an open signal (uniform, or per district), with a seed and a reason; each drawn address enters the RIEC queue as a proposal of kind sample',
    body: drawRequestSchema,
    response: sampleSchema,
    successStatus: 201,
    errors: {
      409: 'every address of the list has an open signal: the frame is empty',
      503: 'no active model, switched off, or no risk list yet',
    },
    async handler(context) {
      const sample = await drawSample(context, context.body);
      return { status: 201, body: sample, audited: true };
    },
  }),
  route({
    method: 'get',
    path: '/samples',
    action: 'samples:read',
    summary:
      'Samples drawn, newest first, with their design, seed, frame and chances, and per sample how many members were approved, rejected, pending, unanswered, controlled, found and not accessible',
    query: z.strictObject({ limit: wholeNumber('limit is a whole number', { max: 200 }).default(50) }),
    response: samplesResponseSchema,
    async handler({ query, services }) {
      const overview = await sampleOverview(services, query.limit);
      return { body: overview, detail: { samples: overview.items.map((s) => s.id) } };
    },
  }),
];
