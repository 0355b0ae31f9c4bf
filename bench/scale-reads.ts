/**
 * The risk-list reads an analist's browser makes, through the service itself (token,
 * permission, purpose, the route's query, the audit entry): the first page, a page deep in
 * the list (by the cursor the service hands out) and the first page of one district.
 * Each is asked once cold, then REPEATS times; the median of the repeats is its time.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../config/index.ts';
import { migrate, openDatabase } from '../db/index.ts';
import { createApp } from '../service/index.ts';
import { createAuthenticator, mintToken } from '../service/index.ts';

export interface ReadTiming {
  /** The same at every size, to compare by. */
  read: string;
  /** What was read at this size, the items answered and the first (cold) time. */
  detail: string;
  coldSeconds: number;
  medianSeconds: number;
  items: number;
}

const REPEATS = 5;
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
  return { read, detail, coldSeconds: cold.seconds, medianSeconds: warm[Math.floor(REPEATS / 2)]!, items };
}

export async function riskListReads(log: (message: string) => void): Promise<ReadTiming[]> {
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
    const reads = [first, deep, byDistrict];
    for (const r of reads) log(`${r.read} — ${r.detail}: ${(r.medianSeconds * 1000).toFixed(1)} ms`);
    await service.drain();
    return reads;
  } finally {
    if (server) {
      server.closeAllConnections();
      await new Promise((resolve) => server!.close(resolve));
    }
    await db.close();
  }
}
