/**
 * A recorded outcome that was wrong — one hasty click records a find, and a find becomes
 * a training label — is corrected by an event of its own: the correction is stored with
 * who, when, why and from what to what, in one transaction with its audit entry, and the
 * outcome as first recorded stays readable beside it. The signal and the inspection it
 * became (an id of the service's own, `risk_model-` or `sample-`, which no delivery may
 * overwrite: data contract v1.1) take the corrected outcome, so the next training learns
 * the corrected label.
 */
import { withTransaction } from '../../db/index.ts';
import { HttpError } from '../http/errors.ts';
import type { AnyContext } from '../http/route.ts';
import { CONTROL_STATUSES } from '../signals/states.ts';
import { lockedSignal, signalById, updateSignal, type SignalRow } from '../signals/store.ts';
import { sampleOf } from '../signals/transition.ts';
import { correctionsOf, insertCorrection, setInspectionOutcome } from './store.ts';
import type { Correction, Outcome } from './view.ts';

export interface CorrectionRequest {
  /** The outcome as it should have been recorded. */
  outcome: Outcome;
  reason: string;
}

/**
 * Corrects the recorded outcome of control `id`: 404 when it is not the team's to know of,
 * 409 when it has no outcome yet or this one already. The control as corrected, with all
 * its corrections.
 */
export async function correctOutcome(
  context: AnyContext,
  id: number,
  { outcome, reason }: CorrectionRequest,
): Promise<{ signal: SignalRow; corrections: Correction[] }> {
  const { services, principal, purpose, auditBase } = context;
  const corrected = await withTransaction(services.pool, async (client) => {
    const signal = await lockedSignal(client, id);
    // A proposal or a rejection is not the team's to know of: 404, not a 409 that tells its status.
    if (!signal || !(CONTROL_STATUSES as readonly string[]).includes(signal.status))
      throw new HttpError(404, 'unknown_control', `there is no approved control ${id}`);
    if (signal.status !== 'outcome_recorded') {
      throw new HttpError(
        409,
        'illegal_transition',
        `control ${id} is ${signal.status}: only a recorded outcome can be corrected; record the outcome first`,
        { status: signal.status },
      );
    }
    const from = signal.outcome as Outcome;
    if (from === outcome)
      throw new HttpError(409, 'outcome_unchanged', `control ${id} has the outcome ${from} already: there is nothing to correct`);
    const inspectionId = signal.inspection_id!;
    const correction = await insertCorrection(client, {
      signalId: id,
      inspectionId,
      from,
      to: outcome,
      reason,
      by: principal.subject,
      at: services.clock(),
      purpose: purpose!,
    });
    await setInspectionOutcome(client, inspectionId, outcome);
    await updateSignal(client, id, { outcome });
    await services.audit.appendWith(client, {
      ...auditBase,
      action: 'controls:outcome',
      addressId: signal.address_id,
      status: 200,
      detail: { signal: id, correction, outcome: { from, to: outcome }, inspection: signal.inspection_id, ...sampleOf(signal) },
    });
    return (await signalById(client, id))!;
  });
  const corrections = await correctionsOf(services.pool, [id]);
  return { signal: corrected, corrections: corrections.get(id)! };
}
