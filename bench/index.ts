import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildFeatures } from '../features/index.ts';
import { importDirectory } from '../ingest/index.ts';
import type pg from 'pg';
import { BENCH_DIR, benchCity } from './city.ts';
import { benchTraining, type TrainingBench } from './training.ts';
import { embeddedBench, postgresBench, type BenchDatabase } from './databases.ts';

/**
 * `npm run bench`: the performance figures of the README, measured in one run on this
 * machine. Each line says what was measured and against which target.
 */
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

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; seconds: number }> {
  const started = performance.now();
  const value = await work();
  return { value, seconds: (performance.now() - started) / 1000 };
}

async function benchDatabase(bench: BenchDatabase, cityDir: string, results: Result[], then?: (pool: pg.Pool) => Promise<void>): Promise<void> {
  const db = await bench.open();
  try {
    const ingest = await timed(() => importDirectory(db.pool, cityDir));
    if (ingest.value.status !== 'loaded') throw new Error(`the bench city was refused: ${JSON.stringify(ingest.value.errors)}`);
    results.push({ what: `ingest ${ADDRESSES.toLocaleString('en')} addresses × 9 years (${Object.entries(ingest.value.seconds).map(([k, v]) => `${k} ${v.toFixed(1)} s`).join(', ')})`, database: bench.label, seconds: ingest.seconds });
    const features = await timed(() => buildFeatures(db.pool, REFERENCE_DATE));
    const target = FEATURE_TARGETS[bench.label.startsWith('PostgreSQL') ? 'PostgreSQL' : bench.label]!;
    const featureLine = { what: `features as of ${REFERENCE_DATE}, ${features.value.addressIds.length.toLocaleString('en')} × ${features.value.names.length}`, database: bench.label, seconds: features.seconds, target: `≤ ${target} s`, pass: features.seconds <= target };
    results.push(featureLine);
    await then?.(db.pool);
  } finally {
    await db.close();
  }
}

async function main(): Promise<void> {
  const results: Result[] = [];
  const city = await benchCity(ADDRESSES);
  if (city.generatedSeconds !== null) results.push({ what: `generate ${ADDRESSES.toLocaleString('en')} addresses × 9 years`, seconds: city.generatedSeconds, target: '< 60 s', pass: city.generatedSeconds < 60 });
  let training: TrainingBench | undefined;
  let secondYear: TrainingBench | undefined;
  const trainOn = async (pool: pg.Pool) => {
    training = await benchTraining(pool, city.dir, TEST_YEAR, TRAIN_YEARS, (m) => console.log(m));
    // A second reading a year later (its own training window): one year's ~100 positives are noisy.
    secondYear = await benchTraining(pool, city.dir, TEST_YEAR + 1, TRAIN_YEARS, (m) => console.log(m));
  };
  const postgres = await postgresBench();
  await benchDatabase(embeddedBench(), city.dir, results, postgres ? undefined : trainOn);
  if (postgres) await benchDatabase(postgres, city.dir, results, trainOn);
  else console.log('No PostgreSQL answered (BENCH_DATABASE_URL, DATABASE_URL or 127.0.0.1:5432): its figures are skipped; training runs on the embedded database.');

  console.log(`\n| measure | database | seconds | target |\n|---|---|---|---|`);
  for (const r of results) console.log(`| ${r.what} | ${r.database ?? '–'} | ${r.seconds.toFixed(1)} | ${r.target ? `${r.target} ${r.pass ? '✓' : '✗ MISSED'}` : '–'} |`);
  for (const [bench, role] of [[training, 'the targets'], [secondYear, 'a second reading, no target']] as const) {
    if (!bench) continue;
    console.log(`\nModel quality, test year ${bench.testYear} (${bench.positives} positives among ${ADDRESSES.toLocaleString('en')} addresses; ${role}):\n`);
    console.log('| model | AP | precision@100 | training s | note |\n|---|---|---|---|---|');
    for (const r of bench.rows) console.log(`| ${r.model} | ${r.averagePrecision.toFixed(4)} | ${r.precisionAt100.toFixed(2)} | ${r.fitSeconds === null ? '–' : r.fitSeconds.toFixed(1)} | ${r.note} |`);
    console.log('\n| check | value | target |\n|---|---|---|');
    for (const c of bench.checks) console.log(`| ${c.what} | ${c.value} | ${c.target} ${c.pass ? '✓' : bench === training ? '✗ MISSED' : '✗'} |`);
  }
  mkdirSync(BENCH_DIR, { recursive: true });
  writeFileSync(join(BENCH_DIR, 'latest.json'), JSON.stringify({ at: new Date().toISOString(), addresses: ADDRESSES, results, training, secondYear }, null, 2));
  if (results.some((r) => r.pass === false) || training?.checks.some((c) => !c.pass)) process.exitCode = 1;
}

await main();
