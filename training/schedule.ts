/**
 * Starts the retrain schedule in this process (the service calls it). Every replica
 * starts one; `runRetrainJob` makes sure each tick runs once. The tick's identity is its
 * scheduled time truncated to the schedule's resolution (seconds when the expression has
 * a seconds field, else minutes), the same on every replica.
 */
import cron from 'node-cron';
import type pg from 'pg';
import type { Config } from '../config/index.ts';
import { runRetrainJob } from './job.ts';

export class ScheduleError extends Error {
  override name = 'ScheduleError';
}

export function tickOf(date: Date, expression: string): Date {
  const resolution = expression.trim().split(/\s+/).length === 6 ? 1000 : 60_000;
  return new Date(Math.floor(date.getTime() / resolution) * resolution);
}

export function startRetrainSchedule(pool: pg.Pool, config: Config, log: (message: string) => void): { stop(): Promise<void> } | null {
  const expression = config.retrainCron;
  if (expression === null) return null;
  const validation = cron.validateDetailed(expression);
  if (!validation.valid) {
    throw new ScheduleError(
      `HENNEP_RETRAIN_CRON '${expression}' is not a cron expression: ${validation.errors.map((e) => `${e.field}: ${e.message}`).join('; ')}`,
    );
  }
  const running = new Set<Promise<void>>();
  const task = cron.schedule(
    expression,
    async (context) => {
      const tick = tickOf(context.date, expression);
      const run = runRetrainJob(pool, config, tick, log).then(
        (r) => {
          if (r.claimed) log(`retrain run ${r.runId} for ${tick.toISOString()}: ${r.outcome}`);
        },
        (error: unknown) => log(`retrain tick ${tick.toISOString()} could not be recorded: ${(error as Error).message}`),
      );
      running.add(run);
      await run;
      running.delete(run);
    },
    { name: 'retrain', noOverlap: false },
  );
  return {
    async stop() {
      await task.stop();
      await task.destroy();
      await Promise.all(running);
    },
  };
}
