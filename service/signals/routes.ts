/** The analist's proposals and the RIEC's decisions on them (the interventieteam's part: controls/). */
import { z } from 'zod';
import { langSchema, text, wholeNumber } from '../http/fields.ts';
import { route } from '../http/route.ts';
import { addressIdSchema } from '../risk/schemas.ts';
import { decide } from './decide.ts';
import { addressHistory, historySchema } from './history.ts';
import { idParams } from './params.ts';
import { propose } from './propose.ts';
import { SIGNAL_STATUSES } from './states.ts';
import { listSignals } from './store.ts';
import { signalOf, signalSchema } from './view.ts';

const reasonText = text(10, 2000, 'state the reason in at least 10 characters');

export const signalRoutes = [
  route({
    method: 'post',
    path: '/signals',
    action: 'signals:propose',
    summary: 'Propose an address on the current risk list to the RIEC, with a reason; the explanation it was proposed on is kept with it',
    body: z.strictObject({
      addressId: addressIdSchema,
      reason: text(10, 2000, 'state the reason for the proposal in at least 10 characters'),
    }),
    response: signalSchema,
    successStatus: 201,
    errors: {
      404: 'no such address, or not on the current list',
      409: 'the address already has an open signal',
      503: 'no active model or no risk list',
    },
    async handler(context) {
      const signal = await propose(context, context.body);
      return { status: 201, body: signalOf(signal, 'nl'), audited: true };
    },
  }),
  route({
    method: 'get',
    path: '/signals',
    action: 'signals:read',
    summary: 'Proposals and what became of them, newest first; `status=proposed` is the RIEC queue, oldest first',
    query: z.strictObject({
      status: z.enum(SIGNAL_STATUSES).optional(),
      limit: wholeNumber('limit is a whole number', { max: 200 }).default(100),
      lang: langSchema,
    }),
    response: z.object({ items: z.array(signalSchema) }),
    async handler({ query, services }) {
      const rows = await listSignals(services.pool, { status: query.status ?? null, limit: query.limit });
      return {
        body: { items: rows.map((r) => signalOf(r, query.lang)) },
        detail: { status: query.status, shown: rows.map((r) => r.address_id), signals: rows.map((r) => Number(r.id)) },
      };
    },
  }),
  route({
    method: 'post',
    path: '/signals/:id/decision',
    action: 'signals:decide',
    summary: 'The RIEC decides on a proposal: approve with legal basis, reason and priority (1 = first), or reject with a reason',
    params: idParams,
    body: z.discriminatedUnion('decision', [
      z.strictObject({
        decision: z.literal('approve'),
        legalBasis: text(3, 500, 'name the legal basis of the control (e.g. art. 13b Opiumwet, art. 174a Gemeentewet)'),
        reason: reasonText,
        priority: z.number().int().min(1).max(3).default(2),
      }),
      z.strictObject({ decision: z.literal('reject'), reason: reasonText }),
    ]),
    response: signalSchema,
    errors: { 404: 'no such signal', 409: 'the signal is not proposed (decided already)' },
    async handler(context) {
      const signal = await decide(context, context.params.id, context.body);
      return { body: signalOf(signal, 'nl'), audited: true };
    },
  }),
  route({
    method: 'get',
    path: '/addresses/:addressId/history',
    action: 'risk:address',
    summary:
      "An address's dossier: the controls recorded at it and their outcomes, and its signals — proposal, the RIEC's decision with legal basis and reason, the control, its outcome and corrections — newest first",
    params: z.object({ addressId: addressIdSchema }),
    query: z.strictObject({ lang: langSchema }),
    response: historySchema,
    errors: { 404: 'no such address' },
    async handler({ params, query, services }) {
      const body = await addressHistory(services.pool, params.addressId, query.lang);
      return {
        addressId: params.addressId,
        body,
        detail: { signals: body.signals.map((s) => s.id), inspections: body.inspections.length },
      };
    },
  }),
];
