/** The SQL of the beheerder's reads beside the registry (training/): whether a model has a risk list, and the job runs. */
import type { Queryable } from '../../db/index.ts';

export async function hasRiskList(db: Queryable, version: number): Promise<boolean> {
  const lists = await db.query<{ id: string }>('SELECT id FROM risk_lists WHERE model_version = $1 LIMIT 1', [version]);
  return lists.rowCount !== 0;
}

export interface JobRun {
  id: number;
  job: string;
  scheduledFor: string;
  startedAt: string;
  finishedAt: string | null;
  outcome: string;
  runner: string;
  detail: unknown;
}

/** The latest job runs, newest first. */
export async function jobRuns(db: Queryable, limit: number): Promise<JobRun[]> {
  const { rows } = await db.query<{
    id: string;
    job: string;
    scheduled_for: Date;
    started_at: Date;
    finished_at: Date | null;
    outcome: string;
    runner: string;
    detail: unknown;
  }>('SELECT * FROM job_runs ORDER BY id DESC LIMIT $1', [limit]);
  return rows.map((r) => ({
    id: Number(r.id),
    job: r.job,
    scheduledFor: r.scheduled_for.toISOString(),
    startedAt: r.started_at.toISOString(),
    finishedAt: r.finished_at?.toISOString() ?? null,
    outcome: r.outcome,
    runner: r.runner,
    detail: r.detail,
  }));
}
