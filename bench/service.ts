import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { performance } from 'node:perf_hooks';
import { join } from 'node:path';
import express from 'express';
import pino from 'pino';
import { loadConfig } from '../config/index.ts';
import { importDirectory } from '../ingest/index.ts';
import { createApp } from '../service/index.ts';
import { createAuthenticator, mintToken } from '../service/index.ts';
import { sendJson } from '../service/index.ts';
import { scoreAddresses } from '../training/index.ts';
import { trainSettings } from '../training/index.ts';
import { trainModel } from '../training/index.ts';
import type { BenchDatabase } from './databases.ts';

/**
 * Service throughput: `GET /api/v1/addresses/:addressId/risk` through the whole pipeline
 * (bearer token, permission, purpose, validation, two queries, explanation, the audit
 * entry committed before the answer) against a bare Express route, both served by this
 * process and loaded by autocannon with the same settings, one after the other in one run.
 */
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

export interface ServiceBench {
  database: string;
  addresses: number;
  distinctAddresses: number;
  connections: number;
  warmupSeconds: number;
  seconds: number;
  loadGenerator: string;
  bare: Measure;
  /** A bare route that answers the risk answer's JSON from memory: what the answer's size costs alone. */
  sized: Measure;
  /** Bytes of the risk answer (and of the sized route's). */
  answerBytes: number;
  risk: Measure;
  /** Ratio of the round with the median ratio; its bare and risk figures are the ones above. */
  ratio: number;
  /** Every round: bare then risk, one after the other, so that a busy moment of the machine hits both. */
  rounds: Array<{ bare: number; sized: number; risk: number; ratio: number; riskCpuMs: number }>;
  target: number;
  pass: boolean;
  /** Audit entries the risk requests wrote (warm-up and measurement): one per request. */
  auditEntries: number;
  setupSeconds: { ingest: number; train: number; score: number };
}

export interface ServiceBenchOptions {
  connections?: number;
  seconds?: number;
  warmupSeconds?: number;
  /** Addresses the risk requests cycle through (each connection goes round the same shuffled list). */
  distinctAddresses?: number;
  /** Run autocannon in a worker thread (1), or on the service's own event loop (0). */
  workers?: number;
  /** Bare-then-risk rounds; the median round's ratio counts. */
  rounds?: number;
}

export const RATIO_TARGET = 0.3;
const PURPOSE = 'RIEC-2026-0042 benchmark of the risk endpoint';

// autocannon ships no type declarations: the part used here, typed.
interface AutocannonRequest {
  method?: string;
  path: string;
  headers?: Record<string, string>;
}
interface AutocannonOptions {
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
const autocannon = createRequire(import.meta.url)('autocannon') as (options: AutocannonOptions) => Promise<AutocannonResult>;

function listen(app: express.Express): Promise<{ server: Server; url: string }> {
  return new Promise((resolve, reject) => {
    const server = app.listen(0, '127.0.0.1');
    server.once('error', reject);
    server.once('listening', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }));
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/** Loud: a benchmark of error answers measures nothing. */
function measured(what: string, { result, cpuSeconds }: { result: AutocannonResult; cpuSeconds: number }): Measure {
  for (const [phase, r] of [['warm-up', result.warmup], ['measurement', result]] as const) {
    if (!r) continue;
    if (r.non2xx > 0 || r.errors > 0 || r.timeouts > 0 || r['2xx'] === 0) {
      throw new Error(`${what}, ${phase}: ${r['2xx']} answers 2xx, ${r.non2xx} not 2xx (status codes ${JSON.stringify(r.statusCodeStats)}), ${r.errors} errors, ${r.timeouts} timeouts: the benchmark measures failures, not the service`);
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

function shuffled<T>(items: T[], seed: number): T[] {
  let state = seed >>> 0 || 1;
  const next = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
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

/**
 * Runs autocannon and measures meanwhile what this process's main thread (which serves both
 * apps) spent: its CPU time, or where /proc is missing its event loop's busy time instead.
 */
async function load(options: AutocannonOptions): Promise<{ result: AutocannonResult; cpuSeconds: number }> {
  const cpuBefore = threadCpuSeconds();
  const loopBefore = performance.eventLoopUtilization();
  const result = await autocannon(options);
  const cpuAfter = threadCpuSeconds();
  const cpuSeconds = cpuBefore !== null && cpuAfter !== null ? cpuAfter - cpuBefore : performance.eventLoopUtilization(loopBefore).active / 1000;
  return { result, cpuSeconds };
}

const timed = async <T>(work: () => Promise<T>): Promise<{ value: T; seconds: number }> => {
  const started = performance.now();
  const value = await work();
  return { value, seconds: (performance.now() - started) / 1000 };
};

export async function benchService(bench: BenchDatabase, cityDir: string, addresses: number, log: (message: string) => void, options: ServiceBenchOptions = {}): Promise<ServiceBench> {
  const connections = options.connections ?? 50;
  const seconds = options.seconds ?? 10;
  const warmupSeconds = options.warmupSeconds ?? 2;
  const workers = options.workers ?? 1;
  const db = await bench.open();
  const keys = mkdtempSync(join(tmpdir(), 'hennep-bench-keys-'));
  const servers: Server[] = [];
  try {
    log(`service bench: ingest, train (additive) and score ${addresses.toLocaleString('en')} addresses on ${bench.label}`);
    const ingest = await timed(() => importDirectory(db.pool, cityDir));
    if (ingest.value.status !== 'loaded') throw new Error(`the service bench city was refused: ${JSON.stringify(ingest.value.errors)}`);
    const train = await timed(() => trainModel(db.pool, trainSettings(loadConfig({}), { actor: 'bench:service', family: 'additive', trainYears: 2 })));
    if (!train.value.promoted) throw new Error(`the service bench model was not promoted: ${train.value.reasons.join('; ')}`);
    const score = await timed(() => scoreAddresses(db.pool));
    // Settled as a database in service is: without this, autovacuum of the freshly written
    // risk list competes for the cores in the first round.
    await db.pool.query('VACUUM ANALYZE');

    const config = loadConfig({ HENNEP_DATA_DIR: keys, HENNEP_RATE_LIMIT: '0' });
    const authenticator = await createAuthenticator(config);
    const token = await mintToken(config, { user: 'bench-analist', roles: ['analist'], ttlSeconds: 3600 });
    // The request log at the service's default level, written as in production but to /dev/null.
    const service = createApp({ pool: db.pool, config, authenticator, log: pino({ level: 'info' }, pino.destination({ dest: '/dev/null', sync: false })) });
    const bare = express();
    bare.get('/bare', (_req, res) => {
      res.json({ ok: true });
    });
    // Filled with a real risk answer below: the same body, serialised per request, no pipeline.
    // Written as the service writes its answers (sendJson: no ETag, one write), so that the difference
    // to the risk route is the pipeline alone.
    let sizedBody: unknown = null;
    bare.get('/sized', (_req, res) => {
      sendJson(res, 200, sizedBody);
    });
    const serviceServer = await listen(service.app);
    servers.push(serviceServer.server);
    const bareServer = await listen(bare);
    servers.push(bareServer.server);

    const { rows } = await db.pool.query<{ address_id: string }>(
      `SELECT address_id FROM risk_scores WHERE list_id = (SELECT max(id) FROM risk_lists) ORDER BY address_id`,
    );
    const ids = shuffled(
      rows.map((r) => r.address_id),
      1,
    ).slice(0, options.distinctAddresses ?? 1000);
    const headers = { authorization: `Bearer ${token}`, 'x-purpose': PURPOSE };
    const riskPath = (id: string) => `/api/v1/addresses/${id}/risk`;
    // One request by hand first: the answer is the one the benchmark is about.
    const probe = await fetch(serviceServer.url + riskPath(ids[0]!), { headers });
    const probeText = await probe.text();
    const probeBody = JSON.parse(probeText) as { addressId?: string; explanation?: { contributions?: unknown[] } };
    sizedBody = probeBody;
    if (probe.status !== 200 || probeBody.addressId !== ids[0] || !probeBody.explanation?.contributions?.length) {
      throw new Error(`the risk endpoint does not answer as it should: ${probe.status} ${JSON.stringify(probeBody).slice(0, 400)}`);
    }
    const auditBefore = service.services.audit.appended;

    const common = { connections, duration: seconds, warmup: { connections, duration: warmupSeconds }, ...(workers > 0 ? { workers } : {}) };
    const roundCount = options.rounds ?? 3;
    const measuredRounds: Array<{ bare: Measure; sized: Measure; risk: Measure; ratio: number }> = [];
    for (let round = 1; round <= roundCount; round++) {
      log(`service bench, round ${round}/${roundCount}: bare Express route, the same with the risk answer's body, then the risk endpoint over ${ids.length} addresses; ${connections} connections, ${warmupSeconds} s warm-up + ${seconds} s each`);
      const bare = measured('bare route', await load({ ...common, url: `${bareServer.url}/bare` }));
      const sized = measured('bare route with the answer body', await load({ ...common, url: `${bareServer.url}/sized` }));
      const risk = measured('risk endpoint', await load({ ...common, url: serviceServer.url, headers, requests: ids.map((id) => ({ method: 'GET', path: riskPath(id) })) }));
      measuredRounds.push({ bare, sized, risk, ratio: risk.requestsPerSecond / bare.requestsPerSecond });
    }
    await service.drain();
    const auditEntries = service.services.audit.appended - auditBefore;
    // Requests still in flight when autocannon stops are answered (and audited) but not counted.
    const answered = measuredRounds.reduce((n, r) => n + r.risk.warmupResponses + r.risk.responses, 0);
    if (auditEntries < answered) throw new Error(`${answered} risk requests were answered 200 but only ${auditEntries} audit entries were written`);
    const median = [...measuredRounds].sort((a, b) => a.ratio - b.ratio)[Math.floor(measuredRounds.length / 2)]!;
    const { bare: bareResult, sized: sizedResult, risk: riskResult, ratio } = median;
    return {
      database: bench.label,
      addresses,
      distinctAddresses: ids.length,
      connections,
      warmupSeconds,
      seconds,
      loadGenerator: workers > 0 ? `autocannon in ${workers} worker thread${workers > 1 ? 's' : ''} of this process` : "autocannon on the service's own event loop",
      bare: bareResult,
      sized: sizedResult,
      answerBytes: Buffer.byteLength(probeText),
      risk: riskResult,
      ratio,
      rounds: measuredRounds.map((r) => ({ bare: r.bare.requestsPerSecond, sized: r.sized.requestsPerSecond, risk: r.risk.requestsPerSecond, ratio: r.ratio, riskCpuMs: r.risk.cpuMsPerAnswer })),
      target: RATIO_TARGET,
      pass: ratio >= RATIO_TARGET,
      auditEntries,
      setupSeconds: { ingest: ingest.seconds, train: train.seconds, score: score.seconds },
    };
  } finally {
    await Promise.all(servers.map(close));
    await db.close();
    rmSync(keys, { recursive: true, force: true });
  }
}
