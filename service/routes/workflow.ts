import type pg from 'pg';
import { z } from 'zod';
import { withTransaction } from '../../db/index.ts';
import { HttpError, route, text, wholeNumber, type RequestContext, type Services } from '../http.ts';
import { recordInspection } from './inspection.ts';
import { ADDRESS_COLUMNS, addressIdSchema, addressOf, addressSchema, currentList, reasonsSchema, scoreOf, type AddressRow } from './risk.ts';
import { snapshotOf, type Snapshot } from './snapshot.ts';

/**
 * The human decision around a score: an analist proposes an address with a reason (or a
 * beheerder's random sample proposes it, as the system: service/samples/), the RIEC
 * approves (legal basis, reason, priority) or rejects (reason), the interventieteam plans
 * the control and records its outcome, which becomes an inspection — a label for the next
 * training. The interventieteam is not told which of the two kinds a control is. Every transition is one UPDATE
 * guarded by the expected status, in one transaction with its audit entry; a transition
 * from any other status answers 409.
 *
 *   proposed → approved | rejected;  approved → control_planned → outcome_recorded
 */
export const SIGNAL_STATUSES = ['proposed', 'approved', 'rejected', 'control_planned', 'outcome_recorded'] as const;
export const OUTCOMES = ['cultivation', 'preparation', 'nothing_found', 'no_access'] as const;
export const SIGNAL_KINDS = ['risk_model', 'sample'] as const;

interface SignalRow extends AddressRow {
  id: string;
  address_id: string;
  status: (typeof SIGNAL_STATUSES)[number];
  kind: (typeof SIGNAL_KINDS)[number];
  sample_id: string | null;
  model_version: number;
  rank: number;
  explanation: Snapshot;
  proposed_by: string;
  proposed_at: Date;
  proposal_reason: string;
  decided_by: string | null;
  decided_at: Date | null;
  legal_basis: string | null;
  decision_reason: string | null;
  priority: number | null;
  planned_by: string | null;
  planned_for: string | null;
  outcome: string | null;
  outcome_by: string | null;
  outcome_at: Date | null;
  inspection_id: string | null;
}

const SIGNAL_SELECT = `SELECT s.id, s.address_id, s.status, s.kind, s.sample_id, s.model_version, s.rank, s.explanation, s.proposed_by, s.proposed_at, s.proposal_reason,
  s.decided_by, s.decided_at, s.legal_basis, s.decision_reason, s.priority, s.planned_by, s.planned_for::text, s.outcome, s.outcome_by, s.outcome_at, s.inspection_id,
  ${ADDRESS_COLUMNS} FROM signals s JOIN addresses a USING (address_id)`;

const iso = (d: Date | null) => d?.toISOString() ?? null;

const signalSchema = z.object({
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

/**
 * The interventieteam's view: address, priority and a short explanation, nothing more —
 * not whether the list or chance chose the address, so that neither colours the visit.
 */
const controlSchema = z.object({
  id: z.number().int(),
  addressId: z.string(),
  address: addressSchema,
  status: z.enum(['approved', 'control_planned', 'outcome_recorded']),
  priority: z.number().int(),
  plannedFor: z.string().nullable(),
  approvedAt: z.string(),
  reasons: z.array(z.string()),
  outcome: z.enum(OUTCOMES).nullable(),
  inspectionId: z.string().nullable(),
});

function controlOf(r: SignalRow, lang: 'nl' | 'en'): z.infer<typeof controlSchema> {
  return {
    id: Number(r.id),
    addressId: r.address_id,
    address: addressOf(r),
    status: r.status as 'approved' | 'control_planned' | 'outcome_recorded',
    priority: r.priority!,
    plannedFor: r.planned_for,
    approvedAt: iso(r.decided_at)!,
    reasons: r.explanation.reasons[lang].map((x) => x.sentence),
    outcome: r.outcome as (typeof OUTCOMES)[number] | null,
    inspectionId: r.inspection_id,
  };
}

async function signalById(db: Pick<pg.Pool, 'query'>, id: number): Promise<SignalRow | null> {
  const { rows } = await db.query<SignalRow>(`${SIGNAL_SELECT} WHERE s.id = $1`, [id]);
  return rows[0] ?? null;
}

interface Move {
  from: ReadonlyArray<SignalRow['status']>;
  to: SignalRow['status'];
  /** Columns to set besides the status. */
  set: Record<string, unknown>;
  /** What the audit entry says besides the signal and its two statuses. */
  detail: Record<string, unknown>;
  /** Checks and writes inside the transaction, after the status check; may add columns to set and to the audit detail. */
  before?: (client: pg.PoolClient, signal: SignalRow) => Promise<{ set?: Record<string, unknown>; detail?: Record<string, unknown> } | void>;
  /** For the interventieteam: a signal in any other status is not theirs to know of (404, not 409). */
  visible?: ReadonlyArray<SignalRow['status']>;
}

/**
 * Moves signal `id` from `from` to `to` with `set`, inside one transaction with the audit
 * entry. 404 when there is no such signal, 409 when its status is another.
 */
async function transition(context: RequestContext<unknown, unknown, unknown>, id: number, { from, to, set, detail, before, visible }: Move): Promise<SignalRow> {
  const { services } = context;
  return withTransaction(services.pool, async (client) => {
    const current = await client.query<SignalRow>(`${SIGNAL_SELECT} WHERE s.id = $1 FOR UPDATE OF s`, [id]);
    const signal = current.rows[0];
    if (!signal || (visible && !visible.includes(signal.status))) throw new HttpError(404, visible ? 'unknown_control' : 'unknown_signal', `there is no ${visible ? 'approved control' : 'signal'} ${id}`);
    if (!from.includes(signal.status)) {
      throw new HttpError(409, 'illegal_transition', `signal ${id} is ${signal.status}; ${to} follows only from ${from.join(' or ')}`, { status: signal.status });
    }
    const extra = (await before?.(client, signal)) ?? {};
    const values = { ...set, ...extra.set, status: to };
    const columns = Object.keys(values);
    await client.query(`UPDATE signals SET ${columns.map((c, i) => `${c} = $${i + 2}`).join(', ')} WHERE id = $1`, [id, ...Object.values(values)]);
    // The audit log, unlike the team's view, says when a step concerns a sample's member.
    const sample = signal.kind === 'sample' ? { sample: Number(signal.sample_id) } : {};
    await services.audit.appendWith(client, { ...context.auditBase, action: actionOf(to), addressId: signal.address_id, status: 200, detail: { signal: id, from: signal.status, to, ...sample, ...detail, ...extra.detail } });
    return (await signalById(client, id))!;
  });
}

function actionOf(to: SignalRow['status']): string {
  return { proposed: 'signals:propose', approved: 'signals:decide', rejected: 'signals:decide', control_planned: 'controls:plan', outcome_recorded: 'controls:outcome' }[to];
}

/** What the interventieteam may know of: approved signals and what followed. */
const CONTROL_STATUSES = ['approved', 'control_planned', 'outcome_recorded'] as const;

/** Calendar days as the municipality counts them (Dutch time, not UTC: 00:30 is already tomorrow). */
const LOCAL_DATE = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam', year: 'numeric', month: '2-digit', day: '2-digit' });
const localDate = (date: Date) => LOCAL_DATE.format(date);
const today = (services: Services) => localDate(services.clock());
const dateSchema = z.iso.date('a date looks like 2026-03-01');
const idParams = z.object({ id: wholeNumber('a signal id is a positive integer') });

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
  route({
    method: 'get',
    path: '/controls',
    action: 'controls:read',
    summary: 'Approved controls, by priority then rank: address, priority and a short explanation. `format=csv` (or `csv-excel`, `;`-separated) exports them',
    query: z.strictObject({ lang: z.enum(['nl', 'en']).default('nl'), format: z.enum(['json', 'csv', 'csv-excel']).default('json') }),
    response: z.object({ items: z.array(controlSchema) }),
    async handler({ query, services }) {
      const { rows } = await services.pool.query<SignalRow>(`${SIGNAL_SELECT} WHERE s.status IN ('approved', 'control_planned') ORDER BY s.priority, s.rank, s.id`);
      const items = rows.map((r) => controlOf(r, query.lang));
      const detail = { format: query.format, shown: items.map((c) => c.addressId), controls: items.map((c) => c.id) };
      if (query.format === 'json') return { body: { items }, detail };
      return { body: null, detail, raw: { contentType: 'text/csv; charset=utf-8', filename: `controles-${today(services)}.csv`, text: controlsCsv(items, query.format === 'csv-excel' ? ';' : ',') } };
    },
  }),
  route({
    method: 'post',
    path: '/controls/:id/plan',
    action: 'controls:plan',
    summary: 'Plan an approved control on a date',
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
          if (problem) throw new HttpError(400, 'invalid_request', `body.plannedFor: ${problem}`, { field: 'body.plannedFor' });
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
    summary: 'Record the outcome of a planned control; it is stored as an inspection (reason risk_model, or random with its selection probability for a sample\'s control) and so becomes a label for the next training',
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
          const decided = localDate(current.decided_at!);
          if (inspectedOn > today(services)) throw new HttpError(400, 'invalid_request', `body.inspectedOn: ${inspectedOn} is in the future`, { field: 'body.inspectedOn' });
          if (inspectedOn < decided) throw new HttpError(400, 'invalid_request', `body.inspectedOn: ${inspectedOn} is before the RIEC approved the control on ${decided}`, { field: 'body.inspectedOn' });
          const { inspectionId, selectionProbability } = await recordInspection(client, current, body.outcome, inspectedOn);
          return { set: { inspection_id: inspectionId }, detail: { inspection: inspectionId, ...(selectionProbability === null ? {} : { selectionProbability }) } };
        },
        visible: CONTROL_STATUSES,
      });
      return { body: controlOf(signal, 'nl'), audited: true };
    },
  }),
];

/** A control is planned on or after the day the RIEC approved it, and within a year from today. */
const PLANNING_HORIZON_DAYS = 365;

export function planningProblem(plannedFor: string, approvedOn: string, todayIs: string): string | null {
  if (plannedFor < approvedOn) return `${plannedFor} is before the RIEC approved the control on ${approvedOn}`;
  const horizon = new Date(`${todayIs}T00:00:00Z`);
  horizon.setUTCDate(horizon.getUTCDate() + PLANNING_HORIZON_DAYS);
  const last = horizon.toISOString().slice(0, 10);
  if (plannedFor > last) return `${plannedFor} is more than ${PLANNING_HORIZON_DAYS} days ahead (the latest date now is ${last}); plan within a year`;
  return null;
}

function csvField(value: unknown, separator: string): string {
  const text = value === null || value === undefined ? '' : String(value);
  // Quote what needs it; a leading = + - @ is neutralised so a spreadsheet does not run it.
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /["\n\r]/.test(safe) || safe.includes(separator) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function controlsCsv(items: ReadonlyArray<z.infer<typeof controlSchema>>, separator: ',' | ';'): string {
  const header = ['id', 'priority', 'status', 'planned_for', 'address_id', 'street', 'house_number', 'house_suffix', 'postcode', 'district', 'neighbourhood', 'reasons'];
  const lines = [header.join(separator)];
  for (const c of items) {
    lines.push(
      [c.id, c.priority, c.status, c.plannedFor, c.addressId, c.address.street, c.address.houseNumber, c.address.houseSuffix, c.address.postcode, c.address.district, c.address.neighbourhood, c.reasons.join(' | ')]
        .map((v) => csvField(v, separator))
        .join(separator),
    );
  }
  // A byte-order mark lets Excel read the file as UTF-8.
  return `${separator === ';' ? '\uFEFF' : ''}${lines.join('\r\n')}\r\n`;
}
