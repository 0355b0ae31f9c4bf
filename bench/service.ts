/**
 * Service throughput: `GET /api/v1/addresses/:addressId/risk` through the whole pipeline
 * (bearer token, permission, purpose, validation, two queries, explanation, the audit
 * entry committed before the answer) against a bare Express route, both served by this
 * process and loaded by autocannon with the same settings, one after the other in one run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { performance } from 'node:perf_hooks';
import { join } from 'node:path';
import express from 'express';
import pino from 'pino';
import { loadConfig } from '../config/index.ts';
import type { Database } from '../db/index.ts';
import { importDirectory } from '../ingest/index.ts';
import { createApp } from '../service/index.ts';
import { createAuthenticator, mintToken } from '../service/index.ts';
import { sendJson } from '../service/index.ts';
import { scoreAddresses } from '../training/index.ts';
import { trainSettings } from '../training/index.ts';
import { trainModel } from '../training/index.ts';
import type { BenchDatabase } from './databases.ts';
import { measureLoad, type Measure } from './load.ts';

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

type LoadSettings = Required<Omit<ServiceBenchOptions, 'distinctAddresses'>>;

/** The service and the bare routes, each listening on a port of its own. */
interface Served {
  service: ReturnType<typeof createApp>;
  serviceUrl: string;
  bareUrl: string;
  headers: Record<string, string>;
  /** Sets the body the bare `/sized` route answers. */
  setSizedBody(body: unknown): void;
}

type Round = { bare: Measure; sized: Measure; risk: Measure; ratio: number };

function loadGeneratorOf(workers: number): string {
  return workers > 0
    ? `autocannon in ${workers} worker thread${workers > 1 ? 's' : ''} of this process`
    : "autocannon on the service's own event loop";
}

export async function benchService(
  bench: BenchDatabase,
  cityDir: string,
  addresses: number,
  log: (message: string) => void,
  options: ServiceBenchOptions = {},
): Promise<ServiceBench> {
  const settings: LoadSettings = {
    connections: options.connections ?? 50,
    seconds: options.seconds ?? 10,
    warmupSeconds: options.warmupSeconds ?? 2,
    workers: options.workers ?? 1,
    rounds: options.rounds ?? 3,
  };
  const db = await bench.open();
  const keys = mkdtempSync(join(tmpdir(), 'hennep-bench-keys-'));
  const servers: Server[] = [];
  try {
    log(`service bench: ingest, train (additive) and score ${addresses.toLocaleString('en')} addresses on ${bench.label}`);
    const setupSeconds = await prepareCity(db, cityDir);
    const served = await serve(db, keys, servers);
    const ids = await riskAddresses(db, options.distinctAddresses ?? 1000);
    const answerBytes = await probe(served, ids[0]!);
    const auditBefore = served.service.services.audit.appended;
    const rounds = await runRounds(served, ids, settings, log);
    await served.service.drain();
    const auditEntries = served.service.services.audit.appended - auditBefore;
    // Requests still in flight when autocannon stops are answered (and audited) but not counted.
    const answered = rounds.reduce((n, r) => n + r.risk.warmupResponses + r.risk.responses, 0);
    if (auditEntries < answered)
      throw new Error(`${answered} risk requests were answered 200 but only ${auditEntries} audit entries were written`);
    const median = [...rounds].sort((a, b) => a.ratio - b.ratio)[Math.floor(rounds.length / 2)]!;
    return {
      database: bench.label,
      addresses,
      distinctAddresses: ids.length,
      connections: settings.connections,
      warmupSeconds: settings.warmupSeconds,
      seconds: settings.seconds,
      loadGenerator: loadGeneratorOf(settings.workers),
      bare: median.bare,
      sized: median.sized,
      answerBytes,
      risk: median.risk,
      ratio: median.ratio,
      rounds: rounds.map(roundFigures),
      target: RATIO_TARGET,
      pass: median.ratio >= RATIO_TARGET,
      auditEntries,
      setupSeconds,
    };
  } finally {
    await Promise.all(servers.map(close));
    await db.close();
    rmSync(keys, { recursive: true, force: true });
  }
}

/** Ingests the city, trains and promotes an additive model and scores it: the set-up, timed but not the benchmark. */
async function prepareCity(db: Database, cityDir: string): Promise<ServiceBench['setupSeconds']> {
  const ingest = await timed(() => importDirectory(db.pool, cityDir));
  if (ingest.value.status !== 'loaded') throw new Error(`the service bench city was refused: ${JSON.stringify(ingest.value.errors)}`);
  const train = await timed(() =>
    trainModel(db.pool, trainSettings(loadConfig({}), { actor: 'bench:service', family: 'additive', trainYears: 2 })),
  );
  if (!train.value.promoted) throw new Error(`the service bench model was not promoted: ${train.value.reasons.join('; ')}`);
  const score = await timed(() => scoreAddresses(db.pool));
  // Settled as a database in service is: without this, autovacuum of the freshly written
  // risk list competes for the cores in the first round.
  await db.pool.query('VACUUM ANALYZE');
  return { ingest: ingest.seconds, train: train.seconds, score: score.seconds };
}

/** Starts the service and the bare routes; their servers go into `servers` for the caller to close. */
async function serve(db: Database, keys: string, servers: Server[]): Promise<Served> {
  const config = loadConfig({ HENNEP_DATA_DIR: keys, HENNEP_RATE_LIMIT: '0' });
  const authenticator = await createAuthenticator(config);
  const token = await mintToken(config, { user: 'bench-analist', roles: ['analist'], ttlSeconds: 3600 });
  // The request log at the service's default level, written as in production but to /dev/null.
  const log = pino({ level: 'info' }, pino.destination({ dest: '/dev/null', sync: false }));
  const service = createApp({ pool: db.pool, config, authenticator, log });
  const bare = express();
  bare.get('/bare', (_req, res) => {
    res.json({ ok: true });
  });
  // Filled with a real risk answer by the probe: the same body, serialised per request, no
  // pipeline. Written as the service writes its answers (sendJson: no ETag, one write), so
  // that the difference to the risk route is the pipeline alone.
  let sizedBody: unknown = null;
  bare.get('/sized', (_req, res) => {
    sendJson(res, 200, sizedBody);
  });
  const serviceServer = await listen(service.app);
  servers.push(serviceServer.server);
  const bareServer = await listen(bare);
  servers.push(bareServer.server);
  const headers = { authorization: `Bearer ${token}`, 'x-purpose': PURPOSE };
  return { service, serviceUrl: serviceServer.url, bareUrl: bareServer.url, headers, setSizedBody: (body) => (sizedBody = body) };
}

/** The scored addresses the risk requests go round, in a fixed shuffled order. */
async function riskAddresses(db: Database, count: number): Promise<string[]> {
  const { rows } = await db.pool.query<{ address_id: string }>(
    `SELECT address_id FROM risk_scores WHERE list_id = (SELECT max(id) FROM risk_lists) ORDER BY address_id`,
  );
  return shuffled(
    rows.map((r) => r.address_id),
    1,
  ).slice(0, count);
}

const riskPath = (id: string) => `/api/v1/addresses/${id}/risk`;

/** One request by hand first: the answer is the one the benchmark is about. Returns its size in bytes. */
async function probe(served: Served, id: string): Promise<number> {
  const answer = await fetch(served.serviceUrl + riskPath(id), { headers: served.headers });
  const text = await answer.text();
  const body = JSON.parse(text) as { addressId?: string; explanation?: { contributions?: unknown[] } };
  served.setSizedBody(body);
  if (answer.status !== 200 || body.addressId !== id || !body.explanation?.contributions?.length) {
    throw new Error(`the risk endpoint does not answer as it should: ${answer.status} ${JSON.stringify(body).slice(0, 400)}`);
  }
  return Buffer.byteLength(text);
}

/** A round as the bench records it: requests per second of each route, and the risk route's CPU per answer. */
function roundFigures(r: Round): ServiceBench['rounds'][number] {
  return {
    bare: r.bare.requestsPerSecond,
    sized: r.sized.requestsPerSecond,
    risk: r.risk.requestsPerSecond,
    ratio: r.ratio,
    riskCpuMs: r.risk.cpuMsPerAnswer,
  };
}

async function runRounds(served: Served, ids: readonly string[], settings: LoadSettings, log: (message: string) => void): Promise<Round[]> {
  const { connections, seconds, warmupSeconds, workers } = settings;
  const common = { connections, duration: seconds, warmup: { connections, duration: warmupSeconds }, ...(workers > 0 ? { workers } : {}) };
  const rounds: Round[] = [];
  for (let round = 1; round <= settings.rounds; round++) {
    log(
      `service bench, round ${round}/${settings.rounds}: bare Express route, the same with the risk ` +
        `answer's body, then the risk endpoint over ${ids.length} addresses; ` +
        `${connections} connections, ${warmupSeconds} s warm-up + ${seconds} s each`,
    );
    const bare = await measureLoad('bare route', { ...common, url: `${served.bareUrl}/bare` });
    const sized = await measureLoad('bare route with the answer body', { ...common, url: `${served.bareUrl}/sized` });
    const requests = ids.map((id) => ({ method: 'GET', path: riskPath(id) }));
    const risk = await measureLoad('risk endpoint', { ...common, url: served.serviceUrl, headers: served.headers, requests });
    rounds.push({ bare, sized, risk, ratio: risk.requestsPerSecond / bare.requestsPerSecond });
  }
  return rounds;
}

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

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; seconds: number }> {
  const started = performance.now();
  const value = await work();
  return { value, seconds: (performance.now() - started) / 1000 };
}
