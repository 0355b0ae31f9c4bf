/** A retrain-and-rescore run started by a beheerder: in the background, awaited at shutdown. */
import { runRetrainJob } from '../../training/index.ts';
import type { AnyContext } from '../http/route.ts';

/** Records the run in the audit log, then starts it; the time it is scheduled for (whole seconds). */
export async function startRetrain(context: AnyContext): Promise<Date> {
  const { services, auditBase } = context;
  const scheduledFor = new Date(Math.floor(services.clock().getTime() / 1000) * 1000);
  // Recorded before it starts: a run nobody can account for must not happen.
  await services.audit.append({ ...auditBase, action: 'jobs:run', status: 202, detail: { scheduledFor: scheduledFor.toISOString() } });
  const run = runRetrainJob(services.pool, services.config, scheduledFor, (message) =>
    services.log.info({ job: 'retrain' }, message),
  ).catch((error: Error) => services.log.error({ job: 'retrain', err: error.message }, 'retrain run failed to record'));
  services.background.add(run);
  void run.finally(() => services.background.delete(run));
  return scheduledFor;
}
