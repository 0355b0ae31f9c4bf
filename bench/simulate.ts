/**
 * The year-by-year simulation at bench size: its wall time with every policy, and over
 * several seeds how often the 90 % interval of model+sample's random-sample estimate of
 * the list's precision covers the true precision the synthetic city knows.
 */
import { POLICIES, runSimulation, type PolicyRun, type SimulationReport } from '../simulate/index.ts';

export interface SimulateBench {
  addresses: number;
  years: number;
  capacity: number;
  seconds: number;
  findings: string[];
  coverage: { seeds: number[]; withInterval: number; covered: number; meanWidth: number | null; seconds: number };
  checks: Array<{ what: string; value: string; target: string; pass: boolean }>;
}

const ADDRESSES = Number(process.env.BENCH_SIMULATE_ADDRESSES ?? 20_000);
const SEEDS = Number(process.env.BENCH_SIMULATE_SEEDS ?? 10);
const YEARS = 5;
const CAPACITY = 50;
const TARGET_SECONDS = 15 * 60;
const TARGET_COVERAGE = 0.8;

function settings(seed: number, policies: SimulationReport['settings']['policies']): SimulationReport['settings'] {
  return {
    addresses: ADDRESSES,
    seed,
    startYear: 2016,
    from: 2025,
    years: YEARS,
    capacity: CAPACITY,
    policies,
    sampleShare: 0.1,
    labelWeightings: ['none'],
  };
}

function intervals(run: PolicyRun | undefined) {
  return (run?.years ?? [])
    .map((y) => y.livePrecision)
    .filter((l) => l !== null && l.low !== null && l.high !== null)
    .map((l) => l!);
}

export async function benchSimulate(log: (message: string) => void): Promise<SimulateBench> {
  let current = 1;
  const onYear = (key: { policy: string }, figures: { year: number; found: { total: number } }, _job: unknown, seconds: number) =>
    log(`simulate seed ${current} ${key.policy} ${figures.year}: ${figures.found.total} found (${seconds.toFixed(0)} s into the run)`);
  const started = performance.now();
  const full = await runSimulation(settings(1, [...POLICIES]), process.env, { onYear });
  const seconds = (performance.now() - started) / 1000;

  // Seed 1's model+sample run is the full run's: the same city, data and training.
  const coverageStarted = performance.now();
  const seeds = Array.from({ length: SEEDS }, (_, i) => i + 1);
  const all = intervals(full.runs.find((r) => r.policy === 'model+sample'));
  for (const seed of seeds.slice(1)) {
    current = seed;
    const report = await runSimulation(settings(seed, ['model+sample']), process.env, { onYear });
    for (const l of intervals(report.runs[0])) all.push(l);
  }
  const covered = all.filter((l) => l.covered).length;
  const coverage = {
    seeds,
    withInterval: all.length,
    covered,
    meanWidth: all.length ? all.reduce((s, l) => s + (l.high! - l.low!), 0) / all.length : null,
    seconds: seconds + (performance.now() - coverageStarted) / 1000,
  };
  const rate = all.length ? covered / all.length : 0;
  return {
    addresses: ADDRESSES,
    years: YEARS,
    capacity: CAPACITY,
    seconds,
    findings: full.findings,
    coverage,
    checks: [
      {
        what:
          `hennep simulate, ${ADDRESSES.toLocaleString('en')} addresses × ${YEARS} years × ` +
          `${POLICIES.length} policies, ${CAPACITY} extra controls a year: wall time`,
        value: `${seconds.toFixed(0)} s`,
        target: `≤ ${TARGET_SECONDS} s`,
        pass: seconds <= TARGET_SECONDS,
      },
      {
        what:
          `model+sample: the 90 % interval of the list's live precision (top ${CAPACITY}) covers the true precision, ${SEEDS} seeds × ${YEARS} years, ` +
          `over the years with an interval (mean width ${coverage.meanWidth?.toFixed(3) ?? 'n/a'}; ${coverage.seconds.toFixed(0)} s)`,
        value: `${covered} / ${all.length} = ${(100 * rate).toFixed(0)} %`,
        target: `≥ ${100 * TARGET_COVERAGE} %`,
        pass: rate >= TARGET_COVERAGE && all.length > 0,
      },
    ],
  };
}

export function printSimulate(s: SimulateBench): void {
  console.log(`\nSimulation (hennep simulate; seed 1 for the findings):\n`);
  for (const line of s.findings) console.log(`- ${line}`);
  console.log('\n| check | value | target |\n|---|---|---|');
  for (const c of s.checks) console.log(`| ${c.what} | ${c.value} | ${c.target} ${c.pass ? '✓' : '✗ MISSED'} |`);
}
