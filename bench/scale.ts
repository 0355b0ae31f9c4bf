/**
 * `npm run bench -- scale [--sizes 20000,150000]`: the whole path at each city size —
 * generate, ingest, features for one reference date, train, score and the risk-list reads
 * of the service — on PostgreSQL and on the embedded database, each step a process of its
 * own (bench/scale-step.ts) so that its peak resident memory is its own. A step that fails
 * or runs past its time limit is the result for that size; the larger sizes of that
 * database are then not run.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { BENCH_DIR, cityDirOf } from './city.ts';
import { benchServerUrl, postgresBench } from './databases.ts';
import { sampleServerMemory } from './scale-memory.ts';
import { noteOf, stepsFor, type Step } from './scale-steps.ts';
import { storedNote } from './scale-stored.ts';
import { AFTER_REFUSAL } from './scale-report.ts';
import { runStep } from './scale-run.ts';
import type { ScaleBench, ScaleOptions, ScaleRow } from './scale-types.ts';

const SEED = 1;
const POSTGRES_DATABASE = 'hennep_scale';
const LOG_DIR = join(BENCH_DIR, 'scale-logs');

interface Target {
  label: string;
  env: NodeJS.ProcessEnv;
  /** The PostgreSQL server to sample the bench database's backends on. */
  server?: string;
}

function childEnv(extra: NodeJS.ProcessEnv, trainYears: number): NodeJS.ProcessEnv {
  const { DATABASE_URL: _url, HENNEP_DATA_DIR: _dir, ...rest } = process.env;
  return { ...rest, HENNEP_TRAIN_YEARS: String(trainYears), ...extra };
}

async function targetOf(kind: 'postgres' | 'embedded', options: ScaleOptions): Promise<Target | null> {
  if (kind === 'embedded') {
    const dataDir = join(BENCH_DIR, 'scale-embedded');
    rmSync(dataDir, { recursive: true, force: true });
    // The same limit as --embedded-max: above it, `hennep ingest` must refuse at the start.
    const env = childEnv({ HENNEP_DATA_DIR: dataDir, HENNEP_EMBEDDED_MAX_ADDRESSES: String(options.embeddedMax) }, options.trainYears);
    return { label: 'embedded PGlite', env };
  }
  const postgres = await postgresBench(process.env, POSTGRES_DATABASE);
  if (!postgres) return null;
  // The service's key for the bench token lives here; the data live in PostgreSQL.
  const keys = join(BENCH_DIR, 'scale-postgres');
  return {
    label: postgres.label,
    env: childEnv({ DATABASE_URL: postgres.url, HENNEP_DATA_DIR: keys }, options.trainYears),
    server: benchServerUrl(),
  };
}

export async function benchScale(options: ScaleOptions, log: (message: string) => void): Promise<ScaleBench> {
  mkdirSync(LOG_DIR, { recursive: true });
  const bench: ScaleBench = {
    at: new Date().toISOString(),
    options,
    machine: { cores: availableParallelism(), memoryGiB: totalmem() / 2 ** 30, node: process.version, loadAtStart: loadavg()[0]! },
    rows: [],
    logs: LOG_DIR,
  };
  const record = (row: ScaleRow) => {
    bench.rows.push(row);
    const rss = row.maxRssMb === null ? '' : `, peak RSS ${row.maxRssMb.toFixed(0)} MB`;
    const server = row.serverMb === null ? '' : `, PostgreSQL backends ${row.serverMb.toFixed(0)} MB`;
    const figures = row.seconds === null ? '' : ` ${row.seconds.toFixed(row.seconds < 1 ? 3 : 1)} s${rss}${server}`;
    log(
      `scale [${row.addresses.toLocaleString('en')}, ${row.database}] ${row.step}: ${row.status}${figures}${row.note ? ` — ${row.note}` : ''}`,
    );
    // After every step: an interrupted run keeps what it measured.
    writeFileSync(join(BENCH_DIR, 'scale.json'), JSON.stringify(bench, null, 2));
  };

  const cities = new Map<number, string | null>();
  const cityOf = async (size: number) => {
    if (!cities.has(size)) cities.set(size, await generated(size, options, record));
    return cities.get(size)!;
  };
  for (const kind of options.databases) {
    let failedAt: number | null = null;
    for (const size of options.sizes) {
      const city = await cityOf(size);
      const steps = stepsFor(city ?? '', options);
      const notRun = (database: string, note: string) =>
        steps.forEach((s) =>
          record({ addresses: size, database, step: s.name, status: 'not run', seconds: null, maxRssMb: null, serverMb: null, note }),
        );
      const label = kind === 'postgres' ? 'PostgreSQL' : 'embedded PGlite';
      if (!city) notRun(label, 'the city was not generated');
      else if (failedAt !== null) notRun(label, `this database did not finish ${failedAt.toLocaleString('en')} addresses`);
      else if (kind === 'embedded' && size > options.embeddedMax) {
        const target = (await targetOf(kind, options))!;
        await refusal(size, steps, target, options, record);
      } else {
        const target = await targetOf(kind, options);
        if (!target) notRun(label, 'no PostgreSQL answered (BENCH_DATABASE_URL, DATABASE_URL or 127.0.0.1:5432)');
        else if (!(await runSteps(size, steps, target, options, record))) failedAt = size;
      }
    }
  }
  bench.machine.loadAtEnd = loadavg()[0]!;
  writeFileSync(join(BENCH_DIR, 'scale.json'), JSON.stringify(bench, null, 2));
  return bench;
}

/**
 * Above the embedded database's limit, its run is the refusal: the schema, then `hennep
 * ingest`, which must stop at the start naming HENNEP_EMBEDDED_MAX_ADDRESSES (the test of
 * the ingest command checks that nothing is written). The later steps are not run.
 */
async function refusal(size: number, steps: Step[], target: Target, options: ScaleOptions, record: (row: ScaleRow) => void): Promise<void> {
  const [migrate, ingest, ...rest] = steps as [Step, Step, ...Step[]];
  const base = { addresses: size, database: target.label, serverMb: null };
  if (!(await runSteps(size, [migrate], target, options, record))) return;
  const logFile = join(LOG_DIR, `embedded-${size}-ingest-refusal`);
  const run = await runStep({ task: ingest.task, args: ingest.args, env: target.env, logFile, timeoutSeconds: options.stepTimeoutSeconds });
  const refused = run.status === 'failed' && /HENNEP_EMBEDDED_MAX_ADDRESSES/.test(run.reason ?? '');
  const note = refused
    ? `refused at the start, as it must above ${options.embeddedMax.toLocaleString('en')} addresses: ${run.reason}`
    : `expected a refusal naming HENNEP_EMBEDDED_MAX_ADDRESSES; the step ${run.status === 'ok' ? 'ran' : run.reason}`;
  record({ ...base, step: `${ingest.name} (refusal)`, status: refused ? 'ok' : 'failed', seconds: run.seconds, maxRssMb: null, note });
  for (const step of rest) record({ ...base, step: step.name, status: 'not run', seconds: null, maxRssMb: null, note: AFTER_REFUSAL });
}

/** Runs the steps in order; after a failure the rest are recorded as not run. False when one failed. */
async function runSteps(
  size: number,
  steps: Step[],
  target: Target,
  options: ScaleOptions,
  record: (row: ScaleRow) => void,
): Promise<boolean> {
  for (const [i, step] of steps.entries()) {
    const sampler = target.server ? await sampleServerMemory(target.server, POSTGRES_DATABASE) : null;
    const logFile = join(LOG_DIR, `${target.label.split(' ')[0]!.toLowerCase()}-${size}-${step.key}`);
    const run = await runStep({ task: step.task, args: step.args, env: target.env, logFile, timeoutSeconds: options.stepTimeoutSeconds });
    const serverMb = sampler ? await sampler.stop() : null;
    const base = { addresses: size, database: target.label, maxRssMb: run.outcome?.maxRssMb ?? null, serverMb };
    const judged = run.status === 'ok' ? noteOf(step, run.stdout) : { note: run.reason };
    if (run.status === 'ok' && !judged.failed && run.outcome?.reads) {
      for (const r of run.outcome.reads) record({ ...base, step: r.read, status: 'ok', seconds: r.seconds, note: r.detail });
      const stored = run.outcome.stored;
      if (stored)
        record({
          ...base,
          step: 'risk list on disk',
          status: 'ok',
          seconds: null,
          maxRssMb: null,
          serverMb: null,
          note: storedNote(stored),
        });
      continue;
    }
    const status = run.status === 'ok' && judged.failed ? 'failed' : run.status;
    record({ ...base, step: step.name, status, seconds: run.seconds, taskSeconds: run.outcome?.taskSeconds, note: judged.note });
    if (status !== 'ok') {
      for (const rest of steps.slice(i + 1))
        record({
          ...base,
          step: rest.name,
          status: 'not run',
          seconds: null,
          maxRssMb: null,
          serverMb: null,
          note: `${step.name} did not finish`,
        });
      return false;
    }
  }
  return true;
}

/** The city of this size: cached under the bench directory, or generated by `hennep generate` now. Null when that failed. */
async function generated(size: number, options: ScaleOptions, record: (row: ScaleRow) => void): Promise<string | null> {
  const dir = cityDirOf(size, SEED);
  const measurement = `${dir}.generate.json`;
  const row = { addresses: size, database: '–', step: 'generate' };
  if (existsSync(join(dir, 'truth.csv'))) {
    const earlier = existsSync(measurement)
      ? (JSON.parse(readFileSync(measurement, 'utf8')) as { seconds: number; maxRssMb: number; at: string })
      : null;
    const note = earlier ? `measured when it was generated (${earlier.at})` : 'generated by another bench section, not measured';
    record({ ...row, status: 'cached', seconds: earlier?.seconds ?? null, maxRssMb: earlier?.maxRssMb ?? null, serverMb: null, note });
    return dir;
  }
  const partial = `${dir}.partial`;
  rmSync(partial, { recursive: true, force: true });
  const args = [
    'generate',
    '--out',
    partial,
    '--addresses',
    String(size),
    '--seed',
    String(SEED),
    '--start-year',
    '2016',
    '--end-year',
    '2024',
  ];
  const run = await runStep({
    task: 'hennep',
    args,
    env: childEnv({}, options.trainYears),
    logFile: join(LOG_DIR, `${size}-generate`),
    timeoutSeconds: options.stepTimeoutSeconds,
  });
  const maxRssMb = run.outcome?.maxRssMb ?? null;
  record({
    ...row,
    status: run.status,
    seconds: run.seconds,
    taskSeconds: run.outcome?.taskSeconds,
    maxRssMb,
    serverMb: null,
    note: run.reason,
  });
  if (run.status !== 'ok') return null;
  renameSync(partial, dir);
  writeFileSync(measurement, JSON.stringify({ seconds: run.seconds, maxRssMb, at: new Date().toISOString() }));
  return dir;
}
