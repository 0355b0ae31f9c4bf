/**
 * One step of the workflow (states.ts): one UPDATE guarded by the expected status, in one
 * transaction with its audit entry. A step from any other status answers 409.
 */
import type pg from 'pg';
import { withTransaction } from '../../db/index.ts';
import { HttpError } from '../http/errors.ts';
import type { AnyContext } from '../http/route.ts';
import { TRANSITIONS, type SignalStatus, type Target } from './states.ts';
import { lockedSignal, signalById, updateSignal, type SignalChange, type SignalRow } from './store.ts';

export interface Move {
  to: Target;
  /** Columns to set besides the status. */
  set: SignalChange;
  /** What the audit entry says besides the signal and its two statuses. */
  detail: Record<string, unknown>;
  /** Checks and writes inside the transaction, after the status check; may add columns to set and to the audit detail. */
  before?: (client: pg.PoolClient, signal: SignalRow) => Promise<{ set?: SignalChange; detail?: Record<string, unknown> } | void>;
  /** For the interventieteam: a signal in any other status is not theirs to know of (404, not 409). */
  visible?: readonly SignalStatus[];
}

/** Moves signal `id` to `move.to`, inside one transaction with the audit entry. 404 when there is no such signal, 409 when its status is another. */
export async function transition(context: AnyContext, id: number, move: Move): Promise<SignalRow> {
  const { services } = context;
  const { to, visible } = move;
  const { from, action } = TRANSITIONS[to];
  return withTransaction(services.pool, async (client) => {
    const signal = await lockedSignal(client, id);
    if (!signal || (visible && !visible.includes(signal.status)))
      throw new HttpError(
        404,
        visible ? 'unknown_control' : 'unknown_signal',
        `there is no ${visible ? 'approved control' : 'signal'} ${id}`,
      );
    if (!(from as readonly SignalStatus[]).includes(signal.status)) {
      throw new HttpError(409, 'illegal_transition', `signal ${id} is ${signal.status}; ${to} follows only from ${from.join(' or ')}`, {
        status: signal.status,
      });
    }
    const extra = (await move.before?.(client, signal)) ?? {};
    await updateSignal(client, id, { ...move.set, ...extra.set, status: to });
    const detail = { signal: id, from: signal.status, to, ...sampleOf(signal), ...move.detail, ...extra.detail };
    await services.audit.appendWith(client, { ...context.auditBase, action, addressId: signal.address_id, status: 200, detail });
    return (await signalById(client, id))!;
  });
}

/** The audit log, unlike the team's view, says when a step concerns a sample's member. */
export function sampleOf(signal: SignalRow): { sample?: number } {
  return signal.kind === 'sample' ? { sample: Number(signal.sample_id) } : {};
}
