import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildFeatures } from '../features/index.ts';
import { importDirectory } from '../ingest/index.ts';
import { BENCH_DIR, benchCity } from './city.ts';
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
const FEATURE_TARGETS: Record<string, number> = { 'embedded PGlite': 15, PostgreSQL: 5 };

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; seconds: number }> {
  const started = performance.now();
  const value = await work();
  return { value, seconds: (performance.now() - started) / 1000 };
}

async function benchDatabase(bench: BenchDatabase, cityDir: string, results: Result[]): Promise<void> {
  const db = await bench.open();
  try {
    const ingest = await timed(() => importDirectory(db.pool, cityDir));
    if (ingest.value.status !== 'loaded') throw new Error(`the bench city was refused: ${JSON.stringify(ingest.value.errors)}`);
    results.push({ what: `ingest ${ADDRESSES.toLocaleString('en')} addresses × 9 years (${Object.entries(ingest.value.seconds).map(([k, v]) => `${k} ${v.toFixed(1)} s`).join(', ')})`, database: bench.label, seconds: ingest.seconds });
    const features = await timed(() => buildFeatures(db.pool, REFERENCE_DATE));
    const target = FEATURE_TARGETS[bench.label.startsWith('PostgreSQL') ? 'PostgreSQL' : bench.label]!;
    results.push({ what: `features as of ${REFERENCE_DATE}, ${features.value.addressIds.length.toLocaleString('en')} × ${features.value.names.length}`, database: bench.label, seconds: features.seconds, target: `≤ ${target} s`, pass: features.seconds <= target });
  } finally {
    await db.close();
  }
}

async function main(): Promise<void> {
  const results: Result[] = [];
  const city = await benchCity(ADDRESSES);
  if (city.generatedSeconds !== null) results.push({ what: `generate ${ADDRESSES.toLocaleString('en')} addresses × 9 years`, seconds: city.generatedSeconds, target: '< 60 s', pass: city.generatedSeconds < 60 });
  await benchDatabase(embeddedBench(), city.dir, results);
  const postgres = await postgresBench();
  if (postgres) await benchDatabase(postgres, city.dir, results);
  else console.log('No PostgreSQL answered (BENCH_DATABASE_URL, DATABASE_URL or 127.0.0.1:5432): its figures are skipped.');

  console.log(`\n| measure | database | seconds | target |\n|---|---|---|---|`);
  for (const r of results) console.log(`| ${r.what} | ${r.database ?? '–'} | ${r.seconds.toFixed(1)} | ${r.target ? `${r.target} ${r.pass ? '✓' : '✗ MISSED'}` : '–'} |`);
  mkdirSync(BENCH_DIR, { recursive: true });
  writeFileSync(join(BENCH_DIR, 'latest.json'), JSON.stringify({ at: new Date().toISOString(), addresses: ADDRESSES, results }, null, 2));
  if (results.some((r) => r.pass === false)) process.exitCode = 1;
}

await main();
