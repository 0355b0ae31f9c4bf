/**
 * `npm run bench`: the performance figures of the README, measured in one run on this
 * machine. Each line says what was measured and against which target. Sections can be
 * run alone: `node bin/run-ts.js bench/index.ts service` (or `pipeline`); none = both.
 * `scale` (cities of several sizes) and `simulate` (five policies over five years) take
 * long (README, Performance) and run only when named.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildFeatures } from '../features/index.ts';
import { importDirectory } from '../ingest/index.ts';
import type pg from 'pg';
import { BENCH_DIR, benchCity } from './city.ts';
import { benchTraining, type QualityRow, type TrainingBench } from './training.ts';
import { embeddedBench, postgresBench, type BenchDatabase } from './databases.ts';
import type { Measure } from './load.ts';
import { benchService, type ServiceBench } from './service.ts';
import { benchScale } from './scale.ts';
import type { ScaleBench, ScaleOptions } from './scale-types.ts';
import { SCALE_ARGS, SCALE_USAGE, scaleOptionsOf } from './scale-options.ts';
import { allFinished, printScale } from './scale-report.ts';
import { benchSimulate, printSimulate, type SimulateBench } from './simulate.ts';

interface Result {
  what: string;
  database?: string;
  seconds: number;
  target?: string;
  pass?: boolean;
}

const ADDRESSES = Number(process.env.BENCH_ADDRESSES ?? 100_000);
const REFERENCE_DATE = '2023-01-01';
const TEST_YEAR = 2023;
const TRAIN_YEARS = 4;
const FEATURE_TARGETS: Record<string, number> = { 'embedded PGlite': 15, PostgreSQL: 5 };
const SERVICE_ADDRESSES = Number(process.env.BENCH_SERVICE_ADDRESSES ?? 20_000);
const SERVICE_SECONDS = Number(process.env.BENCH_SERVICE_SECONDS ?? 6);
/** 1: autocannon in a worker thread; 0: on the service's event loop. */
const SERVICE_WORKERS = Number(process.env.BENCH_SERVICE_WORKERS ?? 1);
const SERVICE_ROUNDS = Number(process.env.BENCH_SERVICE_ROUNDS ?? 3);
const SECTIONS = ['pipeline', 'service', 'scale', 'simulate'] as const;
const DEFAULT_SECTIONS = ['pipeline', 'service'] as const;
type Section = (typeof SECTIONS)[number];

function usageError(message: string): never {
  console.error(
    `${message}\nusage: bench/index.ts [${SECTIONS.join('] [')}] (none = ${DEFAULT_SECTIONS.join(' and ')})\n       bench/index.ts ${SCALE_USAGE}`,
  );
  process.exit(2);
}

function sectionsOf(args: string[]): { sections: Set<Section>; scale?: ScaleOptions } {
  const parse = () => parseArgs({ args, options: SCALE_ARGS, allowPositionals: true });
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse();
  } catch (error) {
    usageError((error as Error).message);
  }
  const names = parsed.positionals;
  const unknown = names.filter((a) => !(SECTIONS as readonly string[]).includes(a));
  if (unknown.length) usageError(`unknown bench section${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}`);
  const sections = new Set<Section>(names.length ? (names as Section[]) : DEFAULT_SECTIONS);
  if (!sections.has('scale')) {
    if (Object.keys(parsed.values).length)
      usageError("--sizes and the other options are the scale section's: name it (bench/index.ts scale --sizes …)");
    return { sections };
  }
  try {
    return { sections, scale: scaleOptionsOf(parsed.values) };
  } catch (error) {
    usageError((error as Error).message);
  }
}

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; seconds: number }> {
  const started = performance.now();
  const value = await work();
  return { value, seconds: (performance.now() - started) / 1000 };
}

async function benchDatabase(
  bench: BenchDatabase,
  cityDir: string,
  results: Result[],
  then?: (pool: pg.Pool) => Promise<void>,
): Promise<void> {
  const db = await bench.open();
  try {
    const ingest = await timed(() => importDirectory(db.pool, cityDir));
    if (ingest.value.status !== 'loaded') throw new Error(`the bench city was refused: ${JSON.stringify(ingest.value.errors)}`);
    const phases = Object.entries(ingest.value.seconds)
      .map(([k, v]) => `${k} ${v.toFixed(1)} s`)
      .join(', ');
    results.push({
      what: `ingest ${ADDRESSES.toLocaleString('en')} addresses × 9 years (${phases})`,
      database: bench.label,
      seconds: ingest.seconds,
    });
    const features = await timed(() => buildFeatures(db.pool, REFERENCE_DATE));
    const target = FEATURE_TARGETS[bench.label.startsWith('PostgreSQL') ? 'PostgreSQL' : bench.label]!;
    const featureLine = {
      what: `features as of ${REFERENCE_DATE}, ${features.value.addressIds.length.toLocaleString('en')} × ${features.value.names.length}`,
      database: bench.label,
      seconds: features.seconds,
      target: `≤ ${target} s`,
      pass: features.seconds <= target,
    };
    results.push(featureLine);
    await then?.(db.pool);
  } finally {
    await db.close();
  }
}

async function serviceSection(): Promise<{ service?: ServiceBench; serviceError?: string }> {
  const city = await benchCity(SERVICE_ADDRESSES);
  if (city.generatedSeconds !== null)
    console.log(
      `service bench city generated: ${SERVICE_ADDRESSES.toLocaleString('en')} addresses in ${city.generatedSeconds.toFixed(1)} s`,
    );
  const database = (await postgresBench()) ?? embeddedBench();
  try {
    return {
      service: await benchService(database, city.dir, SERVICE_ADDRESSES, (m) => console.log(m), {
        seconds: SERVICE_SECONDS,
        workers: SERVICE_WORKERS,
        rounds: SERVICE_ROUNDS,
      }),
    };
  } catch (error) {
    // Loud, but after the other sections' tables: their figures stand.
    return { serviceError: `${database.label}: ${(error as Error).message}` };
  }
}

function printPipeline(results: Result[]): void {
  if (!results.length) return;
  console.log(`\n| measure | database | seconds | target |\n|---|---|---|---|`);
  for (const r of results)
    console.log(
      `| ${r.what} | ${r.database ?? '–'} | ${r.seconds.toFixed(1)} | ${r.target ? `${r.target} ${r.pass ? '✓' : '✗ MISSED'}` : '–'} |`,
    );
}

function printQuality(bench: TrainingBench): void {
  console.log(
    `\nModel quality, test year ${bench.testYear} (${bench.positives} positives among ${ADDRESSES.toLocaleString('en')} addresses; ` +
      'the targets apply to both test years):\n',
  );
  console.log(
    '| model | AP | expected AP (labels drawn from p_bayes; sd of one draw) | precision@100 | training s | note |\n|---|---|---|---|---|---|',
  );
  const expected = (r: QualityRow) => (r.expectedAp ? `${r.expectedAp.mean.toFixed(4)} (${r.expectedAp.sd.toFixed(4)})` : '–');
  const fitSeconds = (r: QualityRow) => (r.fitSeconds === null ? '–' : r.fitSeconds.toFixed(1));
  for (const r of bench.rows)
    console.log(
      `| ${r.model} | ${r.averagePrecision.toFixed(4)} | ${expected(r)} | ${r.precisionAt100.toFixed(2)} | ${fitSeconds(r)} | ${r.note} |`,
    );
  console.log('\n| check | value | target |\n|---|---|---|');
  for (const c of bench.checks) console.log(`| ${c.what} | ${c.value} | ${c.target} ${c.pass ? '✓' : '✗ MISSED'} |`);
  for (const r of bench.readings) console.log(`| ${r.what} | ${r.value} | – |`);
}

async function main(): Promise<void> {
  const { sections, scale: scaleOptions } = sectionsOf(process.argv.slice(2));
  const results: Result[] = [];
  let training: TrainingBench | undefined;
  let secondYear: TrainingBench | undefined;
  if (sections.has('pipeline')) ({ training, secondYear } = await pipeline(results));
  const { service, serviceError } = sections.has('service') ? await serviceSection() : {};
  let scale: ScaleBench | undefined;
  if (scaleOptions) scale = await benchScale(scaleOptions, (m) => console.log(m));

  const simulate: SimulateBench | undefined = sections.has('simulate') ? await benchSimulate((m) => console.log(m)) : undefined;

  printPipeline(results);
  for (const bench of [training, secondYear]) if (bench) printQuality(bench);
  if (service) printService(service);
  if (serviceError) console.log(`\nService throughput: ✗ FAILED — ${serviceError}`);
  if (scale) printScale(scale);
  if (simulate) printSimulate(simulate);
  mkdirSync(BENCH_DIR, { recursive: true });
  const latest = {
    at: new Date().toISOString(),
    sections: [...sections],
    addresses: ADDRESSES,
    results,
    training,
    secondYear,
    service,
    serviceError,
    scale,
    simulate,
  };
  writeFileSync(join(BENCH_DIR, 'latest.json'), JSON.stringify(latest, null, 2));
  const scaleFailed = scale !== undefined && !allFinished(scale);
  const missed =
    results.some((r) => r.pass === false) ||
    training?.checks.some((c) => !c.pass) ||
    secondYear?.checks.some((c) => !c.pass) ||
    simulate?.checks.some((c) => !c.pass);
  if (missed || service?.pass === false || serviceError || scaleFailed) process.exitCode = 1;
}

function printService(s: ServiceBench): void {
  const ms = (v: number) => v.toFixed(1);
  console.log(
    `\nService throughput (${s.database}; ${s.addresses.toLocaleString('en')} scored addresses; autocannon, ${s.connections} connections, ` +
      `${s.seconds} s each after ${s.warmupSeconds} s warm-up, ${s.rounds.length} rounds of bare, bare ` +
      `with the answer's body, then risk; the table shows the median round). ` +
      `Both measured in this run on this machine (${availableParallelism()} cores, shared by the ` +
      `service, the database and the load generator: ${s.loadGenerator}). ` +
      `Set-up, not measured: ingest ${s.setupSeconds.ingest.toFixed(1)} s, train ${s.setupSeconds.train.toFixed(1)} ` +
      `s, score ${s.setupSeconds.score.toFixed(1)} s.\n`,
  );
  const cpu = (m: Measure) => (m.cpuMsPerAnswer * 1000).toFixed(0);
  console.log('| route | requests/s | p50 ms | p99 ms | answers 200 | CPU µs per answer, serving thread |\n|---|---|---|---|---|---|');
  const figures = (m: Measure) =>
    `${m.requestsPerSecond.toFixed(0)} | ${ms(m.p50)} | ${ms(m.p99)} | ${m.responses.toLocaleString('en')} | ${cpu(m)}`;
  console.log(`| bare Express \`GET /bare\` | ${figures(s.bare)} |`);
  console.log(
    `| bare Express \`GET /sized\`: the same risk answer (${s.answerBytes.toLocaleString('en')} bytes of JSON) from memory | ${figures(s.sized)} |`,
  );
  console.log(
    `| \`GET /api/v1/addresses/:addressId/risk\` (analist token, X-Purpose, audited; ` +
      `${s.distinctAddresses.toLocaleString('en')} addresses) | ${figures(s.risk)} |`,
  );
  console.log('\n| check | value | target |\n|---|---|---|');
  const rounds = s.rounds.map((r) => `${r.risk.toFixed(0)}/${r.bare.toFixed(0)} = ${r.ratio.toFixed(3)}`).join('; ');
  const riskCpu = s.rounds.map((r) => (r.riskCpuMs * 1000).toFixed(0)).join(', ');
  console.log(
    `| risk requests/s ÷ bare requests/s, median of ${s.rounds.length} rounds (${rounds}) | ` +
      `${s.ratio.toFixed(3)} | ≥ ${s.target.toFixed(2)} ${s.pass ? '✓' : '✗ MISSED'} |`,
  );
  const sizedRatio = s.sized.requestsPerSecond / s.bare.requestsPerSecond;
  console.log(`| for reading the ratio: the answer's size alone (sized ÷ bare, median round) | ${sizedRatio.toFixed(2)} | — |`);
  const pipelineRatio = (s.risk.requestsPerSecond / s.sized.requestsPerSecond).toFixed(2);
  console.log(
    `| for reading the ratio: the pipeline alone (risk ÷ sized, median round: token, permission, ` +
      `purpose, query, explanation, audit commit) | ${pipelineRatio} | — |`,
  );
  console.log(
    `| for reading the ratio: the serving thread's CPU time per risk answer, each round (autocannon runs in another thread) | ${riskCpu} µs | — |`,
  );
  const audited =
    'audit entries written by the risk requests of all rounds (warm-up included; in-flight ones at the end are audited, not counted)';
  console.log(`| ${audited} | ${s.auditEntries.toLocaleString('en')} | one per answer ✓ |`);
}

async function pipeline(results: Result[]): Promise<{ training?: TrainingBench; secondYear?: TrainingBench }> {
  const city = await benchCity(ADDRESSES);
  if (city.generatedSeconds !== null) {
    results.push({
      what: `generate ${ADDRESSES.toLocaleString('en')} addresses × 9 years`,
      seconds: city.generatedSeconds,
      target: '< 60 s',
      pass: city.generatedSeconds < 60,
    });
  }
  let training: TrainingBench | undefined;
  let secondYear: TrainingBench | undefined;
  const trainOn = async (pool: pg.Pool) => {
    training = await benchTraining(pool, city.dir, TEST_YEAR, TRAIN_YEARS, (m) => console.log(m), { sampling: true });
    // A second reading a year later (its own training window): one year's ~100 positives are noisy.
    secondYear = await benchTraining(pool, city.dir, TEST_YEAR + 1, TRAIN_YEARS, (m) => console.log(m));
  };
  const postgres = await postgresBench();
  await benchDatabase(embeddedBench(), city.dir, results, postgres ? undefined : trainOn);
  if (postgres) await benchDatabase(postgres, city.dir, results, trainOn);
  else
    console.log(
      'No PostgreSQL answered (BENCH_DATABASE_URL, DATABASE_URL or 127.0.0.1:5432): its figures are skipped; training runs on the embedded database.',
    );
  return { training, secondYear };
}

await main();
