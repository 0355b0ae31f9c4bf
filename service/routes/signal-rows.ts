import type pg from 'pg';
import { z } from 'zod';
import { withTransaction } from '../../db/index.ts';
import { HttpError, wholeNumber, type RequestContext, type Services } from '../http.ts';
import { ADDRESS_COLUMNS, type AddressRow } from './risk.ts';
import type { Snapshot } from './snapshot.ts';

/**
 * The human decision around a score: an analist proposes an address with a reason (or a
 * beheerder's random sample proposes it, as the system: service/samples/), the RIEC
 * approves (legal basis, reason, priority) or rejects (reason), the interventieteam plans
 * the control and records its outcome, which becomes an inspection — a label for the next
 * training. The interventieteam is not told which of the two kinds a control is. Every
 * transition is one UPDATE guarded by the expected status, in one transaction with its
 * audit entry; a transition from any other status answers 409.
 *
 *   proposed → approved | rejected;  approved → control_planned → outcome_recorded
 *
 * Here: the signal as stored and the transition; the routes are in workflow.ts (the
 * analist and the RIEC) and controls.ts (the interventieteam).
 */
export const SIGNAL_STATUSES = ['proposed', 'approved', 'rejected', 'control_planned', 'outcome_recorded'] as const;
export const OUTCOMES = ['cultivation', 'preparation', 'nothing_found', 'no_access'] as const;
export const SIGNAL_KINDS = ['risk_model', 'sample'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export interface SignalRow extends AddressRow {
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
  /** The date of the inspection the outcome became. */
  inspected_on: string | null;
}

export const SIGNAL_SELECT = `SELECT s.id, s.address_id, s.status, s.kind, s.sample_id, s.model_version, s.rank, s.explanation, s.proposed_by, s.proposed_at, s.proposal_reason,
  s.decided_by, s.decided_at, s.legal_basis, s.decision_reason, s.priority, s.planned_by, s.planned_for::text, s.outcome, s.outcome_by, s.outcome_at, s.inspection_id,
  i.inspected_on::text AS inspected_on, ${ADDRESS_COLUMNS}
  FROM signals s JOIN addresses a USING (address_id) LEFT JOIN inspections i ON i.inspection_id = s.inspection_id`;

export const iso = (d: Date | null) => d?.toISOString() ?? null;

export async function signalById(db: Pick<pg.Pool, 'query'>, id: number): Promise<SignalRow | null> {
  const { rows } = await db.query<SignalRow>(`${SIGNAL_SELECT} WHERE s.id = $1`, [id]);
  return rows[0] ?? null;
}

/** What the interventieteam may know of: approved signals and what followed. */
export const CONTROL_STATUSES = ['approved', 'control_planned', 'outcome_recorded'] as const;

/**
 * Signal `id` locked for a change of the interventieteam's: 404 when it is not theirs to
 * know of (a proposal, a rejection: not a 409 that tells its status).
 */
export async function lockedControl(client: pg.PoolClient, id: number): Promise<SignalRow> {
  const { rows } = await client.query<SignalRow>(`${SIGNAL_SELECT} WHERE s.id = $1 FOR UPDATE OF s`, [id]);
  const signal = rows[0];
  if (!signal || !(CONTROL_STATUSES as readonly string[]).includes(signal.status)) throw new HttpError(404, 'unknown_control', `there is no approved control ${id}`);
  return signal;
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
export async function transition(context: RequestContext<unknown, unknown, unknown>, id: number, { from, to, set, detail, before, visible }: Move): Promise<SignalRow> {
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
    await services.audit.appendWith(client, { ...context.auditBase, action: actionOf(to), addressId: signal.address_id, status: 200, detail: { signal: id, from: signal.status, to, ...sampleOf(signal), ...detail, ...extra.detail } });
    return (await signalById(client, id))!;
  });
}

/** The audit log, unlike the team's view, says when a step concerns a sample's member. */
export function sampleOf(signal: SignalRow): { sample?: number } {
  return signal.kind === 'sample' ? { sample: Number(signal.sample_id) } : {};
}

function actionOf(to: SignalRow['status']): string {
  return { proposed: 'signals:propose', approved: 'signals:decide', rejected: 'signals:decide', control_planned: 'controls:plan', outcome_recorded: 'controls:outcome' }[to];
}

/** Calendar days as the municipality counts them (Dutch time, not UTC: 00:30 is already tomorrow). */
const LOCAL_DATE = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam', year: 'numeric', month: '2-digit', day: '2-digit' });
export const localDate = (date: Date) => LOCAL_DATE.format(date);
export const today = (services: Services) => localDate(services.clock());
export const dateSchema = z.iso.date('a date looks like 2026-03-01');
export const idParams = z.object({ id: wholeNumber('a signal id is a positive integer') });
