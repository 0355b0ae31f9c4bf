import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type pg from 'pg';
import { loadConfig, type Config } from '../config/index.ts';
import { drainInbox, READY_MARKER, runRetrainJob, type JobResult } from '../training/index.ts';
import { randomControls } from '../training/index.ts';
import { activeRiskList, type RiskListInUse } from '../training/index.ts';
import { RngFamily, SyntheticMunicipality, type YearTruth } from '../synthetic/index.ts';
import { openRunDatabase } from './database.ts';
import { yearFigures, type YearFigures } from './figures.ts';
import { lastYear, POLICIES, type RunKey, type SimulateOptions } from './options.ts';
import { chooseExtraControls } from './policies.ts';

/** What the retrain job of a year did. */
export interface JobSummary {
  year: number;
  outcome: JobResult['outcome'] | 'unclaimed';
  /** The model it registered, and whether the gate promoted it. */
  modelVersion: number | null;
  promoted: boolean | null;
  /** Why it failed or kept the active model. */
  note: string | null;
}

export interface PolicyRun extends RunKey {
  years: YearFigures[];
  jobs: JobSummary[];
  seconds: number;
  /** CPU time of this process during the run (the embedded database runs in it too): the machine may be shared. */
  cpuSeconds: number;
}

export interface RunHooks {
  /** A year judged: its figures, its job and the run's seconds so far. */
  onYear?(key: RunKey, figures: YearFigures, job: JobSummary, seconds: number): void;
  /** The job's and the import's own log lines. */
  log?(message: string): void;
}

/** Random numbers of the policies' choices: a stream of their own, keyed by policy and year. */
const SELECTION_STREAM = 11;

/** A year that has run but is judged only once the next job has ingested it (its random controls are read back from the database). */
interface RunYear {
  truth: YearTruth;
  pBayes: Float64Array;
  existing: number[];
  list: RiskListInUse | null;
  job: JobSummary;
}

function summariseJob(year: number, result: JobResult): JobSummary {
  const detail = (result.detail ?? {}) as {
    model?: { version?: number; promoted?: boolean; kept?: number | null; reason?: string };
    error?: string;
  };
  const outcome = result.claimed ? (result.outcome ?? 'failed') : 'unclaimed';
  return {
    year,
    outcome,
    modelVersion: detail.model?.version ?? null,
    promoted: detail.model?.promoted ?? null,
    note: detail.error ?? detail.model?.reason ?? null,
  };
}

async function markReady(dir: string): Promise<void> {
  await writeFile(join(dir, READY_MARKER), '');
}

/** The city, with the years before the simulation delivered to the inbox as one history. */
async function deliverHistory(options: SimulateOptions, inbox: string): Promise<SyntheticMunicipality> {
  const city = SyntheticMunicipality.create({
    addresses: options.addresses,
    seed: options.seed,
    startYear: options.startYear,
    endYear: lastYear(options),
  });
  const history = await city.openDelivery(join(inbox, String(options.from - 1)));
  for (let year = options.startYear; year < options.from; year++) {
    city.openYear();
    await city.runYear(history);
  }
  await city.closeDelivery(history);
  await markReady(history.dir);
  return city;
}

/**
 * One policy under one label weighting: a database and a city of its own, the city's
 * history delivered, then each year the monthly job of `hennep serve` (inbox → ingest →
 * drift → train → score) as the product runs it, the policy's extra controls chosen from
 * what that left, and the year run and delivered to the inbox.
 */
export async function runPolicy(
  options: SimulateOptions,
  key: RunKey,
  environment: NodeJS.ProcessEnv,
  hooks: RunHooks = {},
): Promise<PolicyRun> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const log = hooks.log ?? (() => undefined);
  const work = await mkdtemp(join(tmpdir(), 'hennep-simulate-'));
  const inbox = join(work, 'inbox');
  const config: Config = loadConfig({
    ...environment,
    HENNEP_INBOX: inbox,
    HENNEP_LIST_SIZE: String(options.capacity),
    HENNEP_LABEL_WEIGHTING: key.labelWeighting,
  });
  const db = await openRunDatabase(config, `${POLICIES.indexOf(key.policy)}_${key.labelWeighting}`);
  try {
    const city = await deliverHistory(options, inbox);
    const indexOf = new Map(city.addresses.map((a) => [a.id, a.index]));

    const selection = new RngFamily(options.seed, SELECTION_STREAM);
    const judged: YearFigures[] = [];
    const jobs: JobSummary[] = [];
    const judge = async (pending: RunYear) => {
      const figures = yearFigures({
        ...pending,
        addresses: city.addresses,
        indexOf,
        sample: await randomControls(db.pool, pending.truth.year),
        capacity: options.capacity,
      });
      judged.push(figures);
      hooks.onYear?.(key, figures, pending.job, (performance.now() - started) / 1000);
    };
    let pending: RunYear | null = null;
    for (let year = options.from; year <= lastYear(options); year++) {
      const job = summariseJob(year, await runRetrainJob(db.pool, config, new Date(Date.UTC(year, 0, 1, 3)), log));
      jobs.push(job);
      if (pending) await judge(pending);
      pending = await runYearOf(city, db.pool, { options, key, year, inbox, selection, job });
    }
    // The last year is ingested as the next job would, without training a model nobody would use.
    await drainInbox(db.pool, inbox, log);
    if (pending) await judge(pending);
    const used = process.cpuUsage(cpu);
    return { ...key, years: judged, jobs, seconds: (performance.now() - started) / 1000, cpuSeconds: (used.user + used.system) / 1e6 };
  } finally {
    await db.close();
    await rm(work, { recursive: true, force: true });
  }
}

async function runYearOf(
  city: SyntheticMunicipality,
  pool: pg.Pool,
  context: { options: SimulateOptions; key: RunKey; year: number; inbox: string; selection: RngFamily; job: JobSummary },
): Promise<RunYear> {
  const { options, key, year } = context;
  const list = await activeRiskList(pool);
  const { pBayes } = city.openYear();
  const existing = city.addresses.filter((a) => city.exists(a.index, year)).map((a) => a.index);
  const exists = new Set(existing);
  const indexOf = new Map(city.addresses.map((a) => [a.id, a.index]));
  const listOrder = list ? list.addressIds.map((id) => indexOf.get(id) ?? -1).filter((i) => exists.has(i)) : null;
  const extra = chooseExtraControls(key.policy, {
    year,
    capacity: options.capacity,
    sampleShare: options.sampleShare,
    existing,
    listOrder,
    pBayes,
    rng: context.selection.at(POLICIES.indexOf(key.policy), year),
  });
  const delivery = await city.openDelivery(join(context.inbox, String(year)), { withAddresses: false });
  const truth = await city.runYear(delivery, extra);
  await city.closeDelivery(delivery);
  await markReady(delivery.dir);
  return { truth, pBayes, existing, list, job: context.job };
}
