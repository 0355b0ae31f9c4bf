/**
 * The load generator of the service bench: autocannon, loaded on first use (it ships no
 * type declarations, so the part used here is typed here), and what one load run measured
 * of the process that serves — its requests per second, latencies and the serving
 * thread's CPU time per answer.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';

export interface Measure {
  requestsPerSecond: number;
  /** CPU time of the serving thread per answer (warm-up included), ms: what an answer costs the service, steadier than requests/s on a shared machine. */
  cpuMsPerAnswer: number;
  p50: number;
  p99: number;
  responses: number;
  warmupResponses: number;
  non2xx: number;
  errors: number;
  timeouts: number;
}

interface AutocannonRequest {
  method?: string;
  path: string;
  headers?: Record<string, string>;
}
export interface AutocannonOptions {
  url: string;
  connections: number;
  duration: number;
  warmup?: { connections: number; duration: number };
  workers?: number;
  headers?: Record<string, string>;
  requests?: AutocannonRequest[];
}
interface AutocannonHistogram {
  average: number;
  mean: number;
  p50: number;
  p99: number;
  total: number;
}
interface AutocannonResult {
  duration: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  '2xx': number;
  statusCodeStats: Record<string, { count: number }>;
  latency: AutocannonHistogram;
  requests: AutocannonHistogram & { sent: number };
  warmup?: AutocannonResult;
}

type Autocannon = (options: AutocannonOptions) => Promise<AutocannonResult>;
let autocannon: Autocannon | undefined;

/** autocannon, required on first use: importing the bench never loads it. */
function loadAutocannon(): Autocannon {
  autocannon ??= createRequire(import.meta.url)('autocannon') as Autocannon;
  return autocannon;
}

/**
 * Runs autocannon and measures meanwhile what this process's main thread (which serves the
 * apps) spent: its CPU time, or where /proc is missing its event loop's busy time instead.
 * Loud: a benchmark of error answers measures nothing, so any answer but 2xx throws.
 */
export async function measureLoad(what: string, options: AutocannonOptions): Promise<Measure> {
  const run = loadAutocannon();
  const cpuBefore = threadCpuSeconds();
  const loopBefore = performance.eventLoopUtilization();
  const result = await run(options);
  const cpuAfter = threadCpuSeconds();
  const cpuSeconds =
    cpuBefore !== null && cpuAfter !== null ? cpuAfter - cpuBefore : performance.eventLoopUtilization(loopBefore).active / 1000;
  return measured(what, { result, cpuSeconds });
}

function measured(what: string, { result, cpuSeconds }: { result: AutocannonResult; cpuSeconds: number }): Measure {
  for (const [phase, r] of [
    ['warm-up', result.warmup],
    ['measurement', result],
  ] as const) {
    if (!r) continue;
    if (r.non2xx > 0 || r.errors > 0 || r.timeouts > 0 || r['2xx'] === 0) {
      const answers = `${r['2xx']} answers 2xx, ${r.non2xx} not 2xx (status codes ${JSON.stringify(r.statusCodeStats)})`;
      throw new Error(
        `${what}, ${phase}: ${answers}, ${r.errors} errors, ${r.timeouts} timeouts: the benchmark measures failures, not the service`,
      );
    }
  }
  const answers = result['2xx'] + (result.warmup?.['2xx'] ?? 0);
  return {
    requestsPerSecond: result.requests.average,
    cpuMsPerAnswer: answers > 0 ? (cpuSeconds * 1000) / answers : 0,
    p50: result.latency.p50,
    p99: result.latency.p99,
    responses: result['2xx'],
    warmupResponses: result.warmup?.['2xx'] ?? 0,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  };
}

/**
 * CPU seconds of the calling thread (Linux: /proc/thread-self/stat, in clock ticks of
 * 10 ms), null elsewhere. The serving thread's own CPU, unlike the process's, leaves out
 * autocannon's worker; unlike its event-loop utilisation, it leaves out time the thread
 * waited for a core the database or the load generator held.
 */
function threadCpuSeconds(): number | null {
  try {
    const stat = readFileSync('/proc/thread-self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}
