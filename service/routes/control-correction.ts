import { z } from 'zod';
import { withTransaction } from '../../db/index.ts';
import { HttpError, route, text } from '../http.ts';
import { controlOf, controlSchema } from './controls.ts';
import { correctionsOf, recordCorrection } from './corrections.ts';
import { idParams, lockedControl, OUTCOMES, sampleOf, signalById, type Outcome } from './signal-rows.ts';

/**
 * A recorded outcome that was wrong — one hasty click records a find, and a find becomes
 * a training label — is corrected by an event of its own: the correction is stored with
 * who, when, why and from what to what, in one transaction with its audit entry, and the
 * outcome as first recorded stays readable beside it. Whoever may record an outcome may
 * correct one (`controls:outcome`).
 */
export const correctionRoutes = [
  route({
    method: 'post',
    path: '/controls/:id/correction',
    action: 'controls:outcome',
    summary:
      "Correct a control's recorded outcome, with a reason of at least 10 characters: stored as a correction of its own beside the outcome first recorded; the inspection, and so the next training's label, takes the corrected outcome",
    params: idParams,
    body: z.strictObject({
      outcome: z.enum(OUTCOMES).describe('the outcome as it should have been recorded'),
      reason: text(10, 2000, 'state why the recorded outcome was wrong in at least 10 characters'),
    }),
    response: controlSchema,
    errors: { 404: 'no such control', 409: 'the control has no outcome recorded yet, or has this outcome already' },
    async handler(context) {
      const { params, body, services, principal, purpose, auditBase } = context;
      const corrected = await withTransaction(services.pool, async (client) => {
        const signal = await lockedControl(client, params.id);
        if (signal.status !== 'outcome_recorded') {
          throw new HttpError(409, 'illegal_transition', `control ${params.id} is ${signal.status}: only a recorded outcome can be corrected; record the outcome first`, { status: signal.status });
        }
        const from = signal.outcome as Outcome;
        if (from === body.outcome) throw new HttpError(409, 'outcome_unchanged', `control ${params.id} has the outcome ${from} already: there is nothing to correct`);
        const correction = await recordCorrection(client, { signalId: params.id, inspectionId: signal.inspection_id!, from, to: body.outcome, reason: body.reason, by: principal.subject, at: services.clock(), purpose: purpose! });
        await services.audit.appendWith(client, {
          ...auditBase,
          action: 'controls:outcome',
          addressId: signal.address_id,
          status: 200,
          detail: { signal: params.id, correction, outcome: { from, to: body.outcome }, inspection: signal.inspection_id, ...sampleOf(signal) },
        });
        return (await signalById(client, params.id))!;
      });
      const corrections = await correctionsOf(services.pool, [params.id]);
      return { body: controlOf(corrected, 'nl', corrections.get(params.id)), audited: true };
    },
  }),
];
