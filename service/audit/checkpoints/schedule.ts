/** When a running service writes checkpoints: at start, on its schedule, and at shutdown. */
import cron from 'node-cron';
import type pg from 'pg';
import type { Logger } from 'pino';
import type { Config } from '../../../config/index.ts';
import type { CheckpointLine } from './line.ts';
import { CheckpointWriter } from './writer.ts';

export interface CheckpointSchedule {
  /** Stops the schedule and writes the last checkpoint (graceful shutdown); never throws. */
  stop(): Promise<void>;
  writer: CheckpointWriter;
}

/**
 * Checkpoints on HENNEP_AUDIT_CHECKPOINT_CRON in every replica (not claimed once per tick
 * as the jobs are: each replica signs with its own key, so one replica down leaves the
 * others writing), one at start — so that an unwritable directory or an unreadable key
 * shows in the log at once, not at the first tick — and one at shutdown, after the last
 * audit entries are written. A failed checkpoint is logged and tried again at the next
 * tick; it never stops the service.
 */
export async function startCheckpointSchedule(pool: pg.Pool, config: Config, log: Logger): Promise<CheckpointSchedule | null> {
  const expression = config.auditCheckpointCron;
  if (expression === null) return null;
  const validation = cron.validateDetailed(expression);
  if (!validation.valid) {
    throw new Error(
      `HENNEP_AUDIT_CHECKPOINT_CRON '${expression}' is not a cron expression: ${validation.errors.map((e) => `${e.field}: ${e.message}`).join('; ')}`,
    );
  }
  const writer = new CheckpointWriter(pool, { dir: config.auditCheckpointDir, dataDir: config.dataDir, log });
  const take = async (reason: CheckpointLine['reason']) => {
    try {
      await writer.take(reason);
    } catch (error) {
      log.error(
        { err: (error as Error).message, directory: config.auditCheckpointDir },
        `audit checkpoint (${reason}) could not be written`,
      );
    }
  };
  await take('start');
  const task = cron.schedule(expression, () => take('schedule'), { name: 'audit-checkpoint' });
  return {
    writer,
    async stop() {
      await task.stop();
      await task.destroy();
      await take('shutdown');
    },
  };
}
