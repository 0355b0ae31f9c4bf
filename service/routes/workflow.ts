import { z } from 'zod';
import { withTransaction } from '../../db/index.ts';
import { HttpError, route, text, wholeNumber, type RequestContext } from '../http.ts';
import { addressIdSchema, addressOf, addressSchema, currentList, reasonsSchema, scoreOf } from './risk.ts';
import { idParams, iso, SIGNAL_KINDS, SIGNAL_SELECT, SIGNAL_STATUSES, signalById, transition, type SignalRow } from './signal-rows.ts';
import { snapshotOf } from './snapshot.ts';

/**
 * The analist's proposals and the RIEC's decisions on them (the states: signal-rows.ts;
 * the interventieteam's part: controls.ts).
 */
export const signalSchema = z.object({
  id: z.number().int(),
  addressId: z.string(),
  address: addressSchema,
  status: z.enum(SIGNAL_STATUSES),
  kind: z.enum(SIGNAL_KINDS).describe('risk_model: an analist proposed it from the list; sample: drawn at random (proposed by the system)'),
  sampleId: z.number().int().nullable().describe('the sample it was drawn in (kind sample)'),
  modelVersion: z.number().int(),
  rank: z.number().int(),
  explanation: z.object({ listId: z.number(), referenceDate: z.string(), score: z.number(), probability: z.number(), percentile: z.number(), reasons: reasonsSchema }),
  proposal: z.object({ by: z.string(), at: z.string(), reason: z.string() }),
  decision: z.object({ by: z.string(), at: z.string(), legalBasis: z.string().nullable(), reason: z.string(), priority: z.number().nullable() }).nullable(),
  control: z.object({ plannedBy: z.string().nullable(), plannedFor: z.string().nullable(), outcome: z.string().nullable(), outcomeBy: z.string().nullable(), outcomeAt: z.string().nullable(), inspectionId: z.string().nullable() }).nullable(),
});

function signalOf(r: SignalRow, lang: 'nl' | 'en') {
  const e = r.explanation;
  return {
    id: Number(r.id),
    addressId: r.address_id,
    address: addressOf(r),
    status: r.status,
    kind: r.kind,
    sampleId: r.sample_id === null ? null : Number(r.sample_id),
    modelVersion: r.model_version,
    rank: r.rank,
    explanation: { listId: e.listId, referenceDate: e.referenceDate, score: e.score, probability: e.probability, percentile: e.percentile, reasons: e.reasons[lang] },
    proposal: { by: r.proposed_by, at: iso(r.proposed_at)!, reason: r.proposal_reason },
    decision: r.decided_by ? { by: r.decided_by, at: iso(r.decided_at)!, legalBasis: r.legal_basis, reason: r.decision_reason!, priority: r.priority } : null,
    control: r.planned_by || r.outcome ? { plannedBy: r.planned_by, plannedFor: r.planned_for, outcome: r.outcome, outcomeBy: r.outcome_by, outcomeAt: iso(r.outcome_at), inspectionId: r.inspection_id } : null,
  };
}

export const workflowRoutes = [
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
    errors: { 404: 'no such address, or not on the current list', 409: 'the address already has an open signal', 503: 'no active model or no risk list' },
    async handler(context) {
      const { body, services, principal, purpose } = context;
      const list = await currentList(services.pool);
      const row = await scoreOf(services.pool, list, body.addressId);
      const snapshot = snapshotOf(list, row);
      const signal = await withTransaction(services.pool, async (client) => {
        // A sample being drawn reads the addresses without an open signal: wait for it to finish.
        await client.query('LOCK TABLE signals IN ROW EXCLUSIVE MODE');
        // Two proposals of one address at once: the second waits here, then sees the first.
        await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`signal:${body.addressId}`]);
        const open = await client.query<{ id: string; status: string }>(`SELECT id, status FROM signals WHERE address_id = $1 AND status IN ('proposed', 'approved', 'control_planned') FOR UPDATE`, [body.addressId]);
        if (open.rows[0]) throw new HttpError(409, 'signal_open', `address ${body.addressId} already has an open signal (${open.rows[0].id}, ${open.rows[0].status})`, { signal: Number(open.rows[0].id) });
        const inserted = await client.query<{ id: string }>(
          `INSERT INTO signals (address_id, model_version, list_id, rank, explanation, proposed_by, proposed_at, proposal_reason, purpose)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
          [body.addressId, list.version, list.listId, row.rank, JSON.stringify(snapshot), principal.subject, services.clock(), body.reason, purpose],
        );
        const id = Number(inserted.rows[0]!.id);
        await services.audit.appendWith(client, { ...context.auditBase, action: 'signals:propose', addressId: body.addressId, status: 201, detail: { signal: id, to: 'proposed', modelVersion: list.version, rank: row.rank } });
        return (await signalById(client, id))!;
      });
      return { status: 201, body: signalOf(signal, 'nl'), audited: true };
    },
  }),
  route({
    method: 'get',
    path: '/signals',
    action: 'signals:read',
    summary: 'Proposals and what became of them, newest first; `status=proposed` is the RIEC queue, oldest first',
    query: z.strictObject({ status: z.enum(SIGNAL_STATUSES).optional(), limit: wholeNumber('limit is a whole number', { max: 200 }).default(100), lang: z.enum(['nl', 'en']).default('nl') }),
    response: z.object({ items: z.array(signalSchema) }),
    async handler({ query, services }) {
      // The RIEC's queue oldest first, so that no proposal waits behind newer ones; else newest first.
      const { rows } = await services.pool.query<SignalRow>(
        `${SIGNAL_SELECT} WHERE ($1::text IS NULL OR s.status = $1) ORDER BY CASE WHEN $1 = 'proposed' THEN s.id END ASC, s.id DESC LIMIT $2`,
        [query.status ?? null, query.limit],
      );
      return { body: { items: rows.map((r) => signalOf(r, query.lang)) }, detail: { status: query.status, shown: rows.map((r) => r.address_id), signals: rows.map((r) => Number(r.id)) } };
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
        reason: text(10, 2000, 'state the reason in at least 10 characters'),
        priority: z.number().int().min(1).max(3).default(2),
      }),
      z.strictObject({ decision: z.literal('reject'), reason: text(10, 2000, 'state the reason in at least 10 characters') }),
    ]),
    response: signalSchema,
    errors: { 404: 'no such signal', 409: 'the signal is not proposed (decided already)' },
    async handler(context) {
      const { params, body, services, principal } = context;
      const approve = body.decision === 'approve';
      const signal = await transition(context as RequestContext<unknown, unknown, unknown>, params.id, {
        from: ['proposed'],
        to: approve ? 'approved' : 'rejected',
        set: { decided_by: principal.subject, decided_at: services.clock(), decision_reason: body.reason, legal_basis: approve ? body.legalBasis : null, priority: approve ? body.priority : null },
        detail: { decision: body.decision },
        async before(_client, current) {
          // Four eyes: whoever proposed an address does not decide on it.
          if (current.proposed_by === principal.subject) throw new HttpError(403, 'own_proposal', `signal ${params.id} was proposed by you (${principal.subject}); another RIEC member decides on it`);
        },
      });
      return { body: signalOf(signal, 'nl'), audited: true };
    },
  }),
];
