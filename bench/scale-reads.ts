/**
 * The risk-list reads an analist's browser makes, through the service itself (token,
 * permission, purpose, the route's query, the audit entry): the first page, a page deep in
 * the list (by the cursor the service hands out) and the first page of one district.
 * Each is asked once cold, then REPEATS times; the median of the repeats is its time. Then
 * USERS users at once, each asking in turn the first page of a district and a page deep in
 * it, WARMUP rounds unmeasured (the service's pool opens its connections, each of which
 * then reads the tables' catalogue once) and ROUNDS measured: the 99th percentile of each
 * is its time, against the bound of P99_BOUND_MS.
 */
import type { Server } from 'node:http';
import { Worker } from 'node:worker_threads';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../config/index.ts';
import { migrate, openDatabase } from '../db/index.ts';
import { createApp } from '../service/index.ts';
import { createAuthenticator, mintToken } from '../service/index.ts';
import { storedList, storedNote, type StoredList } from './scale-stored.ts';

export interface ReadTiming {
  /** The same at every size, to compare by. */
  read: string;
  /** What was read at this size, the items answered and the first (cold) time. */
  detail: string;
  coldSeconds: number;
  /** What the table shows: the median of the repeats; under load, the 99th percentile. */
  seconds: number;
  items: number;
}

const REPEATS = 5;
/** Concurrent users of the load phase, requests of each kind per user, and the bound their 99th percentile is held to. */
export const USERS = 20;
const ROUNDS = 25;
const WARMUP = 1;
export const P99_BOUND_MS = 100;
const PURPOSE = 'RIEC-2026-0042 scale benchmark of the risk list';
/** How deep the deep page starts, as a share of the list. */
const DEPTH = 0.9;

interface RiskListPage {
  riskList: { id: number; addresses: number };
  items: unknown[];
}

function listen(server: Server): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.once('listening', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`));
  });
}

async function getJson<T>(url: string, headers: Record<string, string>): Promise<{ body: T; seconds: number }> {
  const started = performance.now();
  const response = await fetch(url, { headers });
  const text = await response.text();
  const seconds = (performance.now() - started) / 1000;
  if (response.status !== 200)
    throw new Error(`GET ${new URL(url).pathname}${new URL(url).search} answered ${response.status}: ${text.slice(0, 300)}`);
  return { body: JSON.parse(text) as T, seconds };
}

async function timedRead(read: string, what: string, url: string, headers: Record<string, string>): Promise<ReadTiming> {
  const cold = await getJson<RiskListPage>(url, headers);
  const warm: number[] = [];
  for (let i = 0; i < REPEATS; i++) warm.push((await getJson<RiskListPage>(url, headers)).seconds);
  warm.sort((a, b) => a - b);
  const items = cold.body.items.length;
  const detail = `${what}: ${items} items; median of ${REPEATS} after a first read of ${(cold.seconds * 1000).toFixed(1)} ms`;
  return { read, detail, coldSeconds: cold.seconds, seconds: warm[Math.floor(REPEATS / 2)]!, items };
}

function percentile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
}

/**
 * The users' side of the load, in a thread of its own: in the service's thread, the clients'
 * own work (sending, parsing the answers) would be counted as the service's. Plain
 * JavaScript, evaluated, so that the thread needs no TypeScript loader.
 */
const LOAD_CLIENT = `
const http = require('node:http');
const { parentPort, workerData } = require('node:worker_threads');
const { users, warmup, rounds, pages, headers } = workerData;
// One kept-alive connection per user, as a browser keeps one; node:http costs the client less than fetch.
const agent = new http.Agent({ keepAlive: true, maxSockets: users });
const times = { first: [], deep: [] };
// The slowest answer of each page in the unmeasured rounds, reported beside the measured ones.
const coldest = { first: 0, deep: 0 };
const items = { first: 0, deep: 0 };
function get(url) {
  return new Promise((resolve, reject) => {
    http.get(url, { headers, agent }, (response) => {
      const chunks = [];
      response.on('data', (c) => chunks.push(c));
      response.on('end', () => resolve({ status: response.statusCode, text: Buffer.concat(chunks).toString('utf8') }));
      response.on('error', reject);
    }).on('error', reject);
  });
}
async function user() {
  for (let round = 0; round < warmup + rounds; round++) {
    for (const page of ['first', 'deep']) {
      const started = performance.now();
      const { status, text } = await get(pages[page]);
      const seconds = (performance.now() - started) / 1000;
      if (round >= warmup) times[page].push(seconds);
      else coldest[page] = Math.max(coldest[page], seconds);
      if (status !== 200) throw new Error(page + ' answered ' + status + ': ' + text.slice(0, 300));
      items[page] = JSON.parse(text).items.length;
    }
  }
}
Promise.all(Array.from({ length: users }, user)).then(
  () => parentPort.postMessage({ times, items, coldest }),
  (error) => parentPort.postMessage({ error: String(error) }),
);
`;

/**
 * USERS users at once, each alternating the two pages WARMUP + ROUNDS times; each page's
 * 99th percentile over every measured request.
 */
async function underLoad(district: string, pages: { first: string; deep: string }, headers: Record<string, string>): Promise<ReadTiming[]> {
  type Result = {
    times: Record<'first' | 'deep', number[]>;
    items: Record<'first' | 'deep', number>;
    coldest: Record<'first' | 'deep', number>;
    error?: string;
  };
  const worker = new Worker(LOAD_CLIENT, { eval: true, workerData: { users: USERS, warmup: WARMUP, rounds: ROUNDS, pages, headers } });
  const { times, items, coldest, error } = await new Promise<Result>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the load's users stopped (exit code ${code}) before they reported`)));
  });
  await worker.terminate();
  if (error) throw new Error(`the load's users: ${error}`);
  return (['first', 'deep'] as const).map((page) => {
    const sorted = [...times[page]].sort((a, b) => a - b);
    const p99 = percentile(sorted, 0.99);
    const verdict = p99 * 1000 < P99_BOUND_MS ? `✓ under ${P99_BOUND_MS} ms` : `✗ NOT under ${P99_BOUND_MS} ms`;
    const what = page === 'first' ? `first page of district ${district}` : `page at ${DEPTH * 100} % of the list in district ${district}`;
    return {
      read: `read under load: ${USERS} users, ${page === 'first' ? 'first page of a district' : `a district's page at ${DEPTH * 100} %`} (p99)`,
      detail:
        `${what}, ${items[page]} items; ${sorted.length} requests by ${USERS} users at once: ` +
        `p50 ${(percentile(sorted, 0.5) * 1000).toFixed(1)} ms, p99 ${(p99 * 1000).toFixed(1)} ms ${verdict} ` +
        `(after ${WARMUP} unmeasured round, whose slowest answer took ${(coldest[page] * 1000).toFixed(1)} ms)`,
      coldSeconds: coldest[page],
      seconds: p99,
      items: items[page],
    };
  });
}

/** The reads, then (on the same database, so that its scan does not warm their cache) what the list takes on disk. */
export async function riskListReads(log: (message: string) => void): Promise<{ reads: ReadTiming[]; stored?: StoredList }> {
  const config = loadConfig({ ...process.env, HENNEP_RATE_LIMIT: '0' });
  const db = await openDatabase(config);
  let server: Server | undefined;
  try {
    await migrate(db.pool);
    const authenticator = await createAuthenticator(config);
    const token = await mintToken(config, { user: 'bench-analist', roles: ['analist'], ttlSeconds: 3600 });
    const service = createApp({ pool: db.pool, config, authenticator });
    server = service.app.listen(0, '127.0.0.1');
    const base = `${await listen(server)}/api/v1`;
    const headers = { authorization: `Bearer ${token}`, 'x-purpose': PURPOSE };

    const first = await timedRead('read: risk list, first page', 'GET /risk-list', `${base}/risk-list`, headers);
    const { body: page } = await getJson<RiskListPage>(`${base}/risk-list?limit=1`, headers);
    const deepRank = Math.floor(page.riskList.addresses * DEPTH);
    const cursor = `cursor=${page.riskList.id}.${deepRank}`;
    const deep = await timedRead(
      `read: risk list, a page at ${DEPTH * 100} %`,
      `GET /risk-list?${cursor}`,
      `${base}/risk-list?${cursor}`,
      headers,
    );
    const { body: areas } = await getJson<{ districts: Array<{ code: string }> }>(`${base}/areas`, headers);
    const district = areas.districts[0]?.code;
    if (!district) throw new Error('the service lists no district');
    const byDistrict = await timedRead(
      'read: risk list, first page of a district',
      `GET /risk-list?district=${district}`,
      `${base}/risk-list?district=${district}`,
      headers,
    );
    const pages = { first: `${base}/risk-list?district=${district}`, deep: `${base}/risk-list?district=${district}&${cursor}` };
    const reads = [first, deep, byDistrict, ...(await underLoad(district, pages, headers))];
    for (const r of reads) log(`${r.read} — ${r.detail}: ${(r.seconds * 1000).toFixed(1)} ms`);
    await service.drain();
    // Its own failure is its own: the reads above were measured all the same.
    const stored = await storedList(db.pool).catch((error: Error) => {
      log(`the risk list's size was not read: ${error.message}`);
      return undefined;
    });
    if (stored) log(`risk list stored: ${storedNote(stored)}`);
    return { reads, stored };
  } finally {
    if (server) {
      server.closeAllConnections();
      await new Promise((resolve) => server!.close(resolve));
    }
    await db.close();
  }
}
