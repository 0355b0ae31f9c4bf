/**
 * The retrain job: ingest every new delivery in the inbox, measure drift against the
 * active model's training data, train → evaluate → audit → promote or keep, rescore.
 *
 * Run once per tick however many replicas run it: each replica's timer fires, but only
 * the one whose INSERT of (job, scheduled_for) succeeds does the work; the others see the
 * conflict and do nothing. A session advisory lock keeps a slow run from overlapping the
 * next tick's (that tick is then recorded as skipped). A process killed mid-run leaves
 * its row 'running'; the next run that gets the lock marks it failed. Promotion is one
 * transaction, so a killed run never changes which model is active.
 */
import { mkdir, readdir, rename, stat, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type pg from 'pg';
import type { Config } from '../config/index.ts';
import { isSingleSession } from '../db/index.ts';
import { FEATURE_NAMES } from '../features/index.ts';
import { formatReport, importDirectory, type ImportReport } from '../ingest/index.ts';
import { StabilityTally, type DriftReference } from './drift.ts';
import { activeModel } from './registry.ts';
import { nextReferenceDate, scoreAddresses } from './scoring.ts';
import { trainSettings } from './settings.ts';
import { TrainingSizeError } from './size-limit.ts';
import { trainModel, UnchangedDataError } from './train.ts';

export const RETRAIN_JOB = 'retrain';
/** Arbitrary but fixed: the advisory-lock key of the retrain job. */
const RETRAIN_LOCK = 0x68656e6e;

export interface JobResult {
  claimed: boolean;
  runId?: number;
  outcome?: 'succeeded' | 'failed' | 'skipped';
  detail?: Record<string, unknown>;
}

export function runnerName(): string {
  return `${hostname()}:${process.pid}`;
}

/** Claims the tick; returns the run id, or null when another replica claimed it first. */
async function claimTick(pool: pg.Pool, scheduledFor: Date, runner: string): Promise<number | null> {
  const { rows } = await pool.query<{ id: number }>(
    `INSERT INTO job_runs (job, scheduled_for, runner) VALUES ($1, $2, $3) ON CONFLICT (job, scheduled_for) DO NOTHING RETURNING id`,
    [RETRAIN_JOB, scheduledFor, runner],
  );
  return rows[0]?.id ?? null;
}

async function finish(
  pool: pg.Pool,
  id: number,
  outcome: 'succeeded' | 'failed' | 'skipped',
  detail: Record<string, unknown>,
): Promise<void> {
  await pool.query(`UPDATE job_runs SET outcome = $2, finished_at = now(), detail = $3 WHERE id = $1`, [id, outcome, detail]);
}

/** The file a deliverer writes last, when every file of the delivery is complete. */
export const READY_MARKER = 'READY';

/**
 * Imports every complete delivery directory in the inbox (one holding the READY marker;
 * others may still be copying in and wait for the next run), oldest name first, and
 * moves each to processed/ or failed/ with its report.
 */
export async function drainInbox(
  pool: pg.Pool,
  inbox: string,
  log: (message: string) => void,
): Promise<Array<{ delivery: string; status: string; runId?: number; error?: string }>> {
  const listing = await readdir(inbox, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    throw new Error(`HENNEP_INBOX ${inbox} cannot be read (${error.code ?? error.message}): create it or unset HENNEP_INBOX`);
  });
  const candidates = listing
    .filter((e) => e.isDirectory() && e.name !== 'processed' && e.name !== 'failed')
    .map((e) => e.name)
    .sort();
  const entries: string[] = [];
  for (const name of candidates) {
    if (
      await stat(join(inbox, name, READY_MARKER)).then(
        () => true,
        () => false,
      )
    )
      entries.push(name);
    else log(`inbox: ${name} has no ${READY_MARKER} file yet; left for the next run`);
  }
  const results: Array<{ delivery: string; status: string; runId?: number; error?: string }> = [];
  for (const name of entries) {
    const dir = join(inbox, name);
    let report: ImportReport | null = null;
    let error: string | undefined;
    try {
      report = await importDirectory(pool, dir);
    } catch (e) {
      error = (e as Error).message;
    }
    const target = report?.status === 'loaded' ? 'processed' : 'failed';
    await writeFile(join(dir, 'import-report.txt'), report ? formatReport(report) : `import failed: ${error}\n`);
    if (report) await writeFile(join(dir, 'import-report.json'), `${JSON.stringify(report, null, 2)}\n`);
    await mkdir(join(inbox, target), { recursive: true });
    const destination = join(inbox, target, await freeName(join(inbox, target), name));
    await rename(dir, destination);
    log(`inbox: ${name} → ${target}/`);
    const rejected = report?.status === 'rejected' ? report.errors.map((e) => JSON.stringify(e)).join('; ') : undefined;
    results.push({ delivery: name, status: report?.status ?? 'failed', runId: report?.runId, error: error ?? rejected });
  }
  return results;
}

async function freeName(dir: string, name: string): Promise<string> {
  for (let n = 0; ; n++) {
    const candidate = n === 0 ? name : `${name}.${n}`;
    try {
      await stat(join(dir, candidate));
    } catch {
      return candidate;
    }
  }
}

/** A run in this process (the embedded database has one session, where advisory locks always succeed). */
let runningHere = false;

export async function runRetrainJob(
  pool: pg.Pool,
  config: Config,
  scheduledFor: Date,
  log: (message: string) => void = () => undefined,
): Promise<JobResult> {
  const runner = runnerName();
  const runId = await claimTick(pool, scheduledFor, runner);
  if (runId === null) {
    log(`retrain tick ${scheduledFor.toISOString()}: claimed by another replica`);
    return { claimed: false };
  }
  const lock = await retrainLock(pool, log);
  try {
    if (!lock.locked || runningHere) {
      const { rows: holder } = await pool.query<{ id: number; runner: string }>(
        `SELECT id, runner FROM job_runs WHERE job = $1 AND outcome = 'running' AND id <> $2 ORDER BY id DESC LIMIT 1`,
        [RETRAIN_JOB, runId],
      );
      const detail = { reason: `a previous retrain run is still going${holder[0] ? ` (run ${holder[0].id} on ${holder[0].runner})` : ''}` };
      await finish(pool, runId, 'skipped', detail);
      return { claimed: true, runId, outcome: 'skipped', detail };
    }
    runningHere = true;
    try {
      // Rows left 'running' by a process that died: nobody else holds the lock, so they are over.
      await pool.query(
        `UPDATE job_runs SET outcome = 'failed', finished_at = now(), detail = detail || '{"error":"interrupted: the process ended during the run"}'
         WHERE job = $1 AND outcome = 'running' AND id <> $2`,
        [RETRAIN_JOB, runId],
      );
      const detail = await retrain(pool, config, log);
      const lost = lock.lost();
      if (lost)
        throw new Error(
          `the retrain lock's database session was lost during the run (${lost.message}); another replica may have run at the same time`,
        );
      await finish(pool, runId, 'succeeded', detail);
      return { claimed: true, runId, outcome: 'succeeded', detail };
    } catch (error) {
      const detail = { error: (error as Error).message };
      log(`retrain failed: ${detail.error}`);
      await finish(pool, runId, 'failed', detail);
      return { claimed: true, runId, outcome: 'failed', detail };
    } finally {
      runningHere = false;
    }
  } finally {
    lock.release();
  }
}

/**
 * The session-level advisory lock that keeps two replicas from retraining at once, held
 * on a connection of its own for the whole run. The embedded database is one process's
 * single session, where the in-process flag is the whole story: no lock connection (its
 * one connection must stay free for the run's own queries).
 */
async function retrainLock(
  pool: pg.Pool,
  log: (message: string) => void,
): Promise<{ locked: boolean; lost(): Error | null; release(): void }> {
  if (isSingleSession(pool)) return { locked: true, lost: () => null, release: () => undefined };
  const lockClient = await pool.connect();
  // The lock lives in this session. If the session dies (server restart, idle timeout),
  // the lock is gone: note it instead of crashing the process on an unhandled 'error'.
  let lockLost: Error | null = null;
  const onLockError = (error: Error) => {
    lockLost = error;
    log(`retrain lock session lost: ${error.message}`);
  };
  lockClient.on('error', onLockError);
  const release = () => {
    lockClient.off('error', onLockError);
    // Destroying the session releases every advisory lock it holds, also when an unlock
    // would fail; a pooled session kept with the lock would skip every later tick.
    lockClient.release(true);
  };
  try {
    const { rows } = await lockClient.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [RETRAIN_LOCK]);
    return { locked: rows[0]!.locked, lost: () => lockLost, release };
  } catch (error) {
    release();
    throw error;
  }
}

/**
 * The population stability of the upcoming features against the model that was active when
 * the job started, counted batch by batch on the features scoring reads (null without such
 * a model; skipped when it uses another feature list).
 */
function driftCounter(active: Awaited<ReturnType<typeof activeModel>>, next: string) {
  if (!active) return null;
  if (active.artefact.names.join() !== FEATURE_NAMES.join()) {
    const skipped = { activeVersion: active.version, at: next, skipped: 'the active model uses another feature list' };
    return { add: () => undefined, result: () => skipped };
  }
  const tally = new StabilityTally((active.drift as { reference: DriftReference[] }).reference, FEATURE_NAMES);
  return {
    add: (batch: { values: Float64Array; addressIds: readonly string[] }) => tally.add(batch.values, batch.addressIds.length),
    result: () => {
      // Asked once the list is stored: drift that cannot be counted (a city without addresses) is said, not the run's failure.
      try {
        const psi = tally.result();
        return { activeVersion: active.version, at: next, drifted: psi.filter((p) => p.level !== 'stable'), features: psi };
      } catch (error) {
        return { activeVersion: active.version, at: next, skipped: (error as Error).message };
      }
    },
  };
}

async function retrain(pool: pg.Pool, config: Config, log: (message: string) => void): Promise<Record<string, unknown>> {
  const imports = config.inbox ? await drainInbox(pool, config.inbox, log) : [];
  const active = await activeModel(pool);
  const next = await nextReferenceDate(pool);
  // Counted on the features the new list is scored from: the year is read twice (training's
  // drift record, then scoring), never held whole.
  const drift = driftCounter(active, next);
  let model: Record<string, unknown>;
  try {
    // Compared with the latest model of any status: a refused model on unchanged data would be refused again.
    const { rows: latest } = await pool.query<{ data_fingerprint: string }>(
      'SELECT data_fingerprint FROM models ORDER BY version DESC LIMIT 1',
    );
    const outcome = await trainModel(
      pool,
      trainSettings(config, {
        actor: `job:${runnerName()}`,
        onProgress: log,
        unchangedFingerprint: latest[0]?.data_fingerprint,
      }),
    );
    model = {
      version: outcome.version,
      family: outcome.family,
      promoted: outcome.promoted,
      reasons: outcome.reasons,
      testYear: outcome.plan.test,
      averagePrecision: outcome.chosen.averagePrecision,
      selfSelection: outcome.selfSelection,
      randomSample: outcome.randomSample,
      liveCheck: outcome.liveCheck,
    };
  } catch (error) {
    // Nothing new to learn, or a city too large to train: the active model stays and still
    // rescores. Without one there is nothing to rescore with, and the refusal is the run's error.
    if (!(error instanceof UnchangedDataError || (error instanceof TrainingSizeError && active))) throw error;
    log(error.message);
    model = { kept: active?.version ?? null, reason: error.message };
  }
  const list = await scoreAddresses(pool, { asOf: next, onProgress: log, onFeatures: drift?.add });
  const driftResult = drift?.result() ?? null;
  if (driftResult && 'drifted' in driftResult) {
    const moved = driftResult.drifted.map((p) => `${p.name} ${p.psi.toFixed(2)}`).join(', ');
    log(`drift at ${next} against model ${driftResult.activeVersion}: ${moved || 'none'}`);
  }
  return {
    imports,
    drift: driftResult,
    model,
    riskList: { id: list.listId, version: list.version, referenceDate: list.referenceDate, addresses: list.addresses },
  };
}
