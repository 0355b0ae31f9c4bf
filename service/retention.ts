/**
 * Retention: risk lists (with their scores) and rejected signals older than
 * HENNEP_RETENTION_DAYS are deleted, and the deletion is recorded in the audit log in
 * the same transaction. The newest list of the active model is kept whatever its age,
 * so that switching retention on never switches scoring off. Signals that led to a
 * control are kept: they are the record of a decision.
 */
import cron from 'node-cron';
import type pg from 'pg';
import { appendEntries, withTransaction } from '../db/index.ts';
import { runnerName, tickOf } from '../training/index.ts';

/** The job's name in job_runs. */
export const RETENTION_JOB = 'retention';

export interface RetentionResult {
  cutoff: string;
  riskLists: number;
  riskScores: number;
  rejectedSignals: number;
}

export async function runRetention(pool: pg.Pool, days: number, now: Date = new Date()): Promise<RetentionResult> {
  const cutoff = new Date(now.getTime() - days * 86_400_000);
  return withTransaction(pool, async (client) => {
    // No activation between choosing the list to keep and deleting the others.
    await client.query('LOCK TABLE models IN SHARE MODE');
    const keep = await client.query<{ id: string }>(
      `SELECT max(l.id) AS id FROM risk_lists l JOIN models m ON m.version = l.model_version WHERE m.status = 'active'`,
    );
    const keepId = keep.rows[0]?.id ?? null;
    const scores = await client.query<{ n: string }>(
      `SELECT count(*) AS n FROM risk_scores WHERE list_id IN (SELECT id FROM risk_lists WHERE created_at < $1 AND id IS DISTINCT FROM $2)`,
      [cutoff, keepId],
    );
    const lists = await client.query(`DELETE FROM risk_lists WHERE created_at < $1 AND id IS DISTINCT FROM $2`, [cutoff, keepId]);
    const signals = await client.query(`DELETE FROM signals WHERE status = 'rejected' AND decided_at < $1`, [cutoff]);
    const result: RetentionResult = {
      cutoff: cutoff.toISOString(),
      riskLists: lists.rowCount ?? 0,
      riskScores: Number(scores.rows[0]!.n),
      rejectedSignals: signals.rowCount ?? 0,
    };
    await appendEntries(client, [
      {
        entry: {
          actor: 'system',
          action: 'retention',
          status: 0,
          detail: { days, ...result, keptActiveList: keepId === null ? null : Number(keepId) },
        },
        at: now,
      },
    ]);
    return result;
  });
}

/** Runs retention on its schedule; of several replicas, the one that claims the tick runs it. */
export function startRetentionSchedule(
  pool: pg.Pool,
  expression: string | null,
  days: number,
  log: (message: string) => void,
): { stop(): Promise<void> } | null {
  if (expression === null) return null;
  const validation = cron.validateDetailed(expression);
  if (!validation.valid)
    throw new Error(
      `HENNEP_RETENTION_CRON '${expression}' is not a cron expression: ${validation.errors.map((e) => `${e.field}: ${e.message}`).join('; ')}`,
    );
  const running = new Set<Promise<void>>();
  const task = cron.schedule(
    expression,
    async (context) => {
      const tick = tickOf(context.date, expression);
      const run = (async () => {
        const claim = await pool.query<{ id: string }>(
          `INSERT INTO job_runs (job, scheduled_for, runner) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING id`,
          [RETENTION_JOB, tick, runnerName()],
        );
        const id = claim.rows[0]?.id;
        if (!id) return;
        try {
          const result = await runRetention(pool, days);
          await pool.query(`UPDATE job_runs SET outcome = 'succeeded', finished_at = now(), detail = $2 WHERE id = $1`, [
            id,
            JSON.stringify(result),
          ]);
          log(
            `retention: ${result.riskLists} risk lists and ${result.rejectedSignals} rejected signals older than ${result.cutoff} deleted`,
          );
        } catch (error) {
          await pool.query(`UPDATE job_runs SET outcome = 'failed', finished_at = now(), detail = $2 WHERE id = $1`, [
            id,
            JSON.stringify({ error: (error as Error).message }),
          ]);
          log(`retention failed: ${(error as Error).message}`);
        }
      })().catch((error: Error) => log(`retention tick could not be recorded: ${error.message}`));
      running.add(run);
      await run;
      running.delete(run);
    },
    { name: 'retention' },
  );
  return {
    async stop() {
      await task.stop();
      await task.destroy();
      await Promise.all(running);
    },
  };
}
