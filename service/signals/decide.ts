/** The RIEC's decision on a proposal: approve with legal basis, reason and priority, or reject with a reason. */
import { HttpError } from '../http/errors.ts';
import type { AnyContext } from '../http/route.ts';
import type { SignalRow } from './store.ts';
import { transition } from './transition.ts';

export type Decision =
  { decision: 'approve'; legalBasis: string; reason: string; priority: number } | { decision: 'reject'; reason: string };

/** Moves proposal `id` to approved or rejected; whoever proposed an address does not decide on it (four eyes: 403). */
export function decide(context: AnyContext, id: number, body: Decision): Promise<SignalRow> {
  const { services, principal } = context;
  const approve = body.decision === 'approve';
  return transition(context, id, {
    to: approve ? 'approved' : 'rejected',
    set: {
      decidedBy: principal.subject,
      decidedAt: services.clock(),
      decisionReason: body.reason,
      legalBasis: approve ? body.legalBasis : null,
      priority: approve ? body.priority : null,
    },
    detail: { decision: body.decision },
    async before(_client, current) {
      if (current.proposed_by === principal.subject)
        throw new HttpError(
          403,
          'own_proposal',
          `signal ${id} was proposed by you (${principal.subject}); another RIEC member decides on it`,
        );
    },
  });
}
