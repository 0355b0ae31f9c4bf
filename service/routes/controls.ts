import { z } from 'zod';
import { route, wholeNumber, type RequestContext } from '../http.ts';
import { dateRefusal, inspectionProblem, lastPlanDate, planningProblem } from './control-dates.ts';
import { controlsCsv } from './controls-csv.ts';
import { correctionsOf, type Correction } from './corrections.ts';
import { recordInspection } from './inspection.ts';
import { addressOf, addressSchema } from './risk.ts';
import { CONTROL_STATUSES, dateSchema, idParams, iso, localDate, OUTCOMES, SIGNAL_SELECT, today, transition, type Outcome, type SignalRow } from './signal-rows.ts';

/**
 * The interventieteam's part: the approved controls to plan and visit, the finished ones
 * with their outcome, planning and recording (a correction of an outcome:
 * control-correction.ts). The team sees address, priority and a short explanation,
 * nothing more — not whether the list or chance chose the address, so that neither
 * colours the visit.
 */
const correctionSchema = z.object({ id: z.number().int(), at: z.string(), by: z.string(), from: z.enum(OUTCOMES), to: z.enum(OUTCOMES), reason: z.string() });

export const controlSchema = z.object({
  id: z.number().int(),
  addressId: z.string(),
  address: addressSchema,
  status: z.enum(CONTROL_STATUSES),
  priority: z.number().int(),
  plannedFor: z.string().nullable(),
  approvedAt: z.string(),
  approvedOn: z.string().describe('the day the RIEC approved it (Dutch time): the first day it may be planned or inspected'),
  reasons: z.array(z.string()),
  outcome: z.enum(OUTCOMES).nullable().describe('as corrected, when it was'),
  inspectionId: z.string().nullable(),
  inspectedOn: z.string().nullable(),
  outcomeAt: z.string().nullable().describe('when the outcome was first recorded'),
  corrections: z.array(correctionSchema).describe('corrections of the recorded outcome, oldest first: the first one\'s `from` is the outcome as first recorded'),
});
export type Control = z.infer<typeof controlSchema>;

export function controlOf(r: SignalRow, lang: 'nl' | 'en', corrections: Correction[] = []): Control {
  return {
    id: Number(r.id),
    addressId: r.address_id,
    address: addressOf(r),
    status: r.status as Control['status'],
    priority: r.priority!,
    plannedFor: r.planned_for,
    approvedAt: iso(r.decided_at)!,
    approvedOn: localDate(r.decided_at!),
    reasons: r.explanation.reasons[lang].map((x) => x.sentence),
    outcome: r.outcome as Outcome | null,
    inspectionId: r.inspection_id,
    inspectedOn: r.inspected_on,
    outcomeAt: iso(r.outcome_at),
    corrections,
  };
}

const OPEN = `${SIGNAL_SELECT} WHERE s.status IN ('approved', 'control_planned') ORDER BY s.priority, s.rank, s.id`;
const FINISHED = `${SIGNAL_SELECT} WHERE s.status = 'outcome_recorded' ORDER BY s.outcome_at DESC, s.id DESC LIMIT $1`;

export const controlRoutes = [
  route({
    method: 'get',
    path: '/controls',
    action: 'controls:read',
    summary:
      'Approved controls, by priority then rank: address, priority and a short explanation; `status=finished`: the controls with an outcome, newest first, with their corrections. `format=csv` (or `csv-excel`, `;`-separated) exports them',
    query: z.strictObject({
      lang: z.enum(['nl', 'en']).default('nl'),
      format: z.enum(['json', 'csv', 'csv-excel']).default('json'),
      status: z.enum(['open', 'finished']).default('open').describe('open: approved or planned; finished: outcome recorded'),
      limit: wholeNumber('limit is a whole number', { max: 1000 }).default(200).describe('finished controls: at most this many, newest first'),
    }),
    response: z.object({
      items: z.array(controlSchema),
      dates: z.object({ today: z.string(), lastPlanDate: z.string() }).describe('today in Dutch time (the last day an inspection can be dated) and the last day a control can be planned'),
    }),
    async handler({ query, services }) {
      const { rows } = query.status === 'open' ? await services.pool.query<SignalRow>(OPEN) : await services.pool.query<SignalRow>(FINISHED, [query.limit]);
      const corrections = await correctionsOf(services.pool, query.status === 'open' ? [] : rows.map((r) => Number(r.id)));
      const items = rows.map((r) => controlOf(r, query.lang, corrections.get(Number(r.id))));
      const day = today(services);
      const detail = { format: query.format, status: query.status, shown: items.map((c) => c.addressId), controls: items.map((c) => c.id) };
      if (query.format === 'json') return { body: { items, dates: { today: day, lastPlanDate: lastPlanDate(day) } }, detail };
      return { body: null, detail, raw: { contentType: 'text/csv; charset=utf-8', filename: `controles-${day}.csv`, text: controlsCsv(items, query.format === 'csv-excel' ? ';' : ',') } };
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
      const { params, body, principal } = context;
      const signal = await transition(context as RequestContext<unknown, unknown, unknown>, params.id, {
        from: ['approved'],
        to: 'control_planned',
        set: { planned_by: principal.subject, planned_for: body.plannedFor },
        detail: { plannedFor: body.plannedFor },
        async before(_client, current) {
          const problem = planningProblem(body.plannedFor, localDate(current.decided_at!), today(context.services));
          if (problem) throw dateRefusal('body.plannedFor', problem);
        },
        visible: CONTROL_STATUSES,
      });
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
    body: z.strictObject({ outcome: z.enum(OUTCOMES), inspectedOn: dateSchema.optional() }),
    response: controlSchema,
    errors: { 404: 'no such control', 409: 'the control is not planned, or its outcome is recorded already' },
    async handler(context) {
      const { params, body, services, principal } = context;
      const inspectedOn = body.inspectedOn ?? today(services);
      const signal = await transition(context as RequestContext<unknown, unknown, unknown>, params.id, {
        from: ['control_planned'],
        to: 'outcome_recorded',
        set: { outcome: body.outcome, outcome_by: principal.subject, outcome_at: services.clock() },
        detail: { outcome: body.outcome, inspectedOn },
        async before(client, current) {
          const problem = inspectionProblem(inspectedOn, localDate(current.decided_at!), today(services));
          if (problem) throw dateRefusal('body.inspectedOn', problem);
          const { inspectionId, selectionProbability } = await recordInspection(client, current, body.outcome, inspectedOn);
          return { set: { inspection_id: inspectionId }, detail: { inspection: inspectionId, ...(selectionProbability === null ? {} : { selectionProbability }) } };
        },
        visible: CONTROL_STATUSES,
      });
      return { body: controlOf(signal, 'nl'), audited: true };
    },
  }),
];
