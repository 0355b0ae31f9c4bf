/** The interventieteam's steps on an approved control: plan it on a date, then record what the visit found. */
import type { AnyContext } from '../http/route.ts';
import { CONTROL_STATUSES } from '../signals/states.ts';
import type { SignalRow } from '../signals/store.ts';
import { transition } from '../signals/transition.ts';
import { dateRefusal, inspectionProblem, localDate, planningProblem } from './dates.ts';
import { recordInspection } from './inspection.ts';
import type { Outcome } from './view.ts';

/** Plans control `id` on `plannedFor`: on or after the day the RIEC approved it, at most 365 days ahead. */
export function planControl(context: AnyContext, id: number, plannedFor: string): Promise<SignalRow> {
  const { services, principal } = context;
  return transition(context, id, {
    to: 'control_planned',
    set: { plannedBy: principal.subject, plannedFor },
    detail: { plannedFor },
    async before(_client, current) {
      const problem = planningProblem(plannedFor, { approvedOn: localDate(current.decided_at!), today: localDate(services.clock()) });
      if (problem) throw dateRefusal('body.plannedFor', problem);
    },
    visible: CONTROL_STATUSES,
  });
}

/** Records the outcome of planned control `id`, inspected on `inspectedOn` (default today), as the inspection it becomes. */
export function recordOutcome(
  context: AnyContext,
  id: number,
  { outcome, inspectedOn: given }: { outcome: Outcome; inspectedOn?: string },
): Promise<SignalRow> {
  const { services, principal } = context;
  const inspectedOn = given ?? localDate(services.clock());
  return transition(context, id, {
    to: 'outcome_recorded',
    set: { outcome, outcomeBy: principal.subject, outcomeAt: services.clock() },
    detail: { outcome, inspectedOn },
    async before(client, current) {
      const problem = inspectionProblem(inspectedOn, { approvedOn: localDate(current.decided_at!), today: localDate(services.clock()) });
      if (problem) throw dateRefusal('body.inspectedOn', problem);
      const { inspectionId, selectionProbability } = await recordInspection(client, current, { outcome, inspectedOn });
      return {
        set: { inspectionId },
        detail: { inspection: inspectionId, ...(selectionProbability === null ? {} : { selectionProbability }) },
      };
    },
    visible: CONTROL_STATUSES,
  });
}
