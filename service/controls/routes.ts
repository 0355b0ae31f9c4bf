/**
 * The interventieteam's routes: the approved controls to plan and visit, the finished ones
 * with their outcome, planning, recording, and correcting a recorded outcome. Whoever may
 * record an outcome may correct one (`controls:outcome`).
 */
import { z } from 'zod';
import { INSPECTION_OUTCOMES } from '../../ingest/index.ts';
import { langSchema, text, wholeNumber } from '../http/fields.ts';
import { route } from '../http/route.ts';
import { idParams } from '../signals/params.ts';
import { correctOutcome } from './corrections.ts';
import { controlsCsv } from './csv.ts';
import { dateSchema, lastPlanDate, localDate } from './dates.ts';
import { listControls } from './list.ts';
import { planControl, recordOutcome } from './steps.ts';
import { controlOf, controlSchema } from './view.ts';

export const controlRoutes = [
  route({
    method: 'get',
    path: '/controls',
    action: 'controls:read',
    summary:
      'Approved controls, by priority then rank: address, priority and a short explanation; `status=finished`: the controls with an outcome, newest first, with their corrections. `format=csv` exports them as UTF-8 CSV (`,`, no byte-order mark, for programs), `csv-excel` as the form Excel and LibreOffice open (`;`, byte-order mark, the address id kept as text); headers and words in `lang`',
    query: z.strictObject({
      lang: langSchema,
      format: z.enum(['json', 'csv', 'csv-excel']).default('json'),
      status: z.enum(['open', 'finished']).default('open').describe('open: approved or planned; finished: outcome recorded'),
      limit: wholeNumber('limit is a whole number', { max: 1000 })
        .default(200)
        .describe('finished controls: at most this many, newest first'),
    }),
    response: z.object({
      items: z.array(controlSchema),
      dates: z
        .object({ today: z.string(), lastPlanDate: z.string() })
        .describe('today in Dutch time (the last day an inspection can be dated) and the last day a control can be planned'),
    }),
    async handler({ query, services }) {
      const items = await listControls(services.pool, query);
      const day = localDate(services.clock());
      const detail = { format: query.format, status: query.status, shown: items.map((c) => c.addressId), controls: items.map((c) => c.id) };
      if (query.format === 'json') return { body: { items, dates: { today: day, lastPlanDate: lastPlanDate(day) } }, detail };
      return {
        body: null,
        detail,
        raw: {
          contentType: 'text/csv; charset=utf-8',
          filename: `controles-${day}.csv`,
          text: controlsCsv(items, query.format === 'csv-excel' ? ';' : ',', query.lang),
        },
      };
    },
  }),
  route({
    method: 'post',
    path: '/controls/:id/plan',
    action: 'controls:plan',
    summary: 'Plan an approved control on a date: on or after the day the RIEC approved it, at most 365 days ahead',
    params: idParams,
    body: z.strictObject({ plannedFor: dateSchema }),
    response: controlSchema,
    errors: { 404: 'no approved control with that id', 409: 'the control is planned already' },
    async handler(context) {
      const signal = await planControl(context, context.params.id, context.body.plannedFor);
      return { body: controlOf(signal, 'nl'), audited: true };
    },
  }),
  route({
    method: 'post',
    path: '/controls/:id/outcome',
    action: 'controls:outcome',
    summary:
      "Record the outcome of a planned control, inspected on or after the day the RIEC approved it and not in the future; it is stored as an inspection (reason risk_model, or random with its selection probability for a sample's control) and so becomes a label for the next training",
    params: idParams,
    body: z.strictObject({ outcome: z.enum(INSPECTION_OUTCOMES), inspectedOn: dateSchema.optional() }),
    response: controlSchema,
    errors: { 404: 'no such control', 409: 'the control is not planned, or its outcome is recorded already' },
    async handler(context) {
      const signal = await recordOutcome(context, context.params.id, context.body);
      return { body: controlOf(signal, 'nl'), audited: true };
    },
  }),
  route({
    method: 'post',
    path: '/controls/:id/correction',
    action: 'controls:outcome',
    summary:
      "Correct a control's recorded outcome, with a reason of at least 10 characters: stored as a correction of its own beside the outcome first recorded; the inspection, and so the next training's label, takes the corrected outcome",
    params: idParams,
    body: z.strictObject({
      outcome: z.enum(INSPECTION_OUTCOMES).describe('the outcome as it should have been recorded'),
      reason: text(10, 2000, 'state why the recorded outcome was wrong in at least 10 characters'),
    }),
    response: controlSchema,
    errors: { 404: 'no such control', 409: 'the control has no outcome recorded yet, or has this outcome already' },
    async handler(context) {
      const { signal, corrections } = await correctOutcome(context, context.params.id, context.body);
      return { body: controlOf(signal, 'nl', corrections), audited: true };
    },
  }),
];
