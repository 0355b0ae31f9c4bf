import { createHash } from 'node:crypto';
import type pg from 'pg';
import type { Queryable } from '../features/index.ts';

/**
 * The audit log: append-only (the database refuses UPDATE, DELETE and TRUNCATE) and
 * hash-chained. Row n's hash is sha256(hash of row n−1 + "\n" + canonical JSON of row n's
 * fields), so an altered row no longer matches its hash and a removed one leaves a gap in
 * `seq` and a broken link. Appends take one advisory lock, so replicas write one after
 * another; reads are batched into one transaction per flush (group commit) and a response
 * leaves only after its entry is committed.
 */
export const GENESIS = '0'.repeat(64);
/** Any fixed number: serialises appends across processes. */
const AUDIT_LOCK = 4_242_002;

export interface AuditEntry {
  actor: string;
  role?: string | null;
  action: string;
  method?: string | null;
  path?: string | null;
  addressId?: string | null;
  purpose?: string | null;
  status: number;
  detail?: Record<string, unknown>;
}

export interface AuditRow {
  seq: number;
  at: string;
  actor: string;
  role: string | null;
  action: string;
  method: string | null;
  path: string | null;
  addressId: string | null;
  purpose: string | null;
  status: number;
  detail: string;
  prevHash: string;
  hash: string;
}

/** JSON with object keys sorted at every level: one text per value, whatever the key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return `{${entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

export function rowHash(prevHash: string, row: Omit<AuditRow, 'prevHash' | 'hash'>): string {
  const fields = [row.seq, row.at, row.actor, row.role, row.action, row.method, row.path, row.addressId, row.purpose, row.status, row.detail];
  return createHash('sha256').update(`${prevHash}\n${JSON.stringify(fields)}`).digest('hex');
}

function toRow(entry: AuditEntry, at: Date): Omit<AuditRow, 'seq' | 'prevHash' | 'hash'> {
  return {
    at: at.toISOString(),
    actor: entry.actor,
    role: entry.role ?? null,
    action: entry.action,
    method: entry.method ?? null,
    path: entry.path ?? null,
    addressId: entry.addressId ?? null,
    purpose: entry.purpose ?? null,
    status: entry.status,
    detail: canonicalJson(entry.detail ?? {}),
  };
}

/** Chains and inserts entries inside the caller's transaction (which must be open on `client`). */
export async function appendInTransaction(client: pg.PoolClient, entries: ReadonlyArray<{ entry: AuditEntry; at: Date }>): Promise<AuditRow[]> {
  await client.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_LOCK]);
  const head = await client.query<{ seq: string; hash: string }>('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1');
  let seq = Number(head.rows[0]?.seq ?? 0);
  let prevHash = head.rows[0]?.hash ?? GENESIS;
  const rows: AuditRow[] = [];
  for (const { entry, at } of entries) {
    const row = { seq: ++seq, ...toRow(entry, at) };
    const hash = rowHash(prevHash, row);
    rows.push({ ...row, prevHash, hash });
    prevHash = hash;
  }
  const column = <K extends keyof AuditRow>(k: K) => rows.map((r) => r[k]);
  await client.query(
    `INSERT INTO audit_log (seq, at, actor, role, action, method, path, address_id, purpose, status, detail, prev_hash, hash)
     SELECT * FROM unnest($1::bigint[], $2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::int[], $11::text[], $12::text[], $13::text[])`,
    [column('seq'), column('at'), column('actor'), column('role'), column('action'), column('method'), column('path'), column('addressId'), column('purpose'), column('status'), column('detail'), column('prevHash'), column('hash')],
  );
  return rows;
}

interface Pending {
  entry: AuditEntry;
  at: Date;
  resolve(): void;
  reject(error: Error): void;
}

export class AuditLog {
  private queue: Pending[] = [];
  private flushing: Promise<void> | null = null;
  /** Entries appended by this process: for /metrics. */
  appended = 0;

  constructor(
    private readonly pool: pg.Pool,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** Resolves once the entry is committed; rejects when it could not be (the caller must not answer with data then). */
  append(entry: AuditEntry): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ entry, at: this.clock(), resolve, reject });
      this.flushing ??= this.flush();
    });
  }

  /** For a state change: its audit entry commits or rolls back with it. */
  async appendWith(client: pg.PoolClient, entry: AuditEntry): Promise<void> {
    await appendInTransaction(client, [{ entry, at: this.clock() }]);
    this.appended++;
  }

  /** Waits for every queued entry (shutdown). */
  async drain(): Promise<void> {
    while (this.flushing) await this.flushing;
  }

  private async flush(): Promise<void> {
    // Let the entries of requests arriving in the same tick join this batch.
    await new Promise((r) => setImmediate(r));
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, 500);
      const client = await this.pool.connect().catch((error: Error) => error);
      if (client instanceof Error) {
        for (const p of batch) p.reject(client);
        continue;
      }
      try {
        await client.query('BEGIN');
        await appendInTransaction(client, batch);
        await client.query('COMMIT');
        this.appended += batch.length;
        for (const p of batch) p.resolve();
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        for (const p of batch) p.reject(error as Error);
      } finally {
        client.release();
      }
    }
    this.flushing = null;
  }
}

export interface VerifyProblem {
  seq: number;
  problem: string;
}

export interface VerifyResult {
  ok: boolean;
  entries: number;
  head: { seq: number; hash: string } | null;
  problems: VerifyProblem[];
}

/**
 * Walks the whole chain in order and reports every row whose content no longer matches
 * its hash, every broken link and every gap in `seq` (up to `maxProblems`). The head
 * (last seq and hash) is returned so that it can be recorded elsewhere: removing rows at
 * the very end leaves no gap, and only a recorded head shows it.
 */
export async function verifyAuditLog(db: Queryable, maxProblems = 50): Promise<VerifyResult> {
  const problems: VerifyProblem[] = [];
  let expected = 1;
  let prevHash = GENESIS;
  let entries = 0;
  let head: VerifyResult['head'] = null;
  const PAGE = 5000;
  for (;;) {
    const { rows } = await db.query<{ seq: string; at: Date; actor: string; role: string | null; action: string; method: string | null; path: string | null; address_id: string | null; purpose: string | null; status: number; detail: string; prev_hash: string; hash: string }>(
      'SELECT * FROM audit_log WHERE seq >= $1 ORDER BY seq LIMIT $2',
      [expected, PAGE],
    );
    for (const r of rows) {
      const seq = Number(r.seq);
      if (seq !== expected) problems.push({ seq, problem: `entries ${expected}–${seq - 1} are missing (removed)` });
      if (r.prev_hash !== prevHash) problems.push({ seq, problem: 'its link to the previous entry is broken (prev_hash differs)' });
      const row = { seq, at: r.at.toISOString(), actor: r.actor, role: r.role, action: r.action, method: r.method, path: r.path, addressId: r.address_id, purpose: r.purpose, status: r.status, detail: r.detail };
      if (rowHash(r.prev_hash, row) !== r.hash) problems.push({ seq, problem: 'its content was altered (the hash does not match)' });
      // Go on from what the row says, so that one altered row is reported once.
      prevHash = r.hash;
      expected = seq + 1;
      entries++;
      head = { seq, hash: r.hash };
      if (problems.length >= maxProblems) return { ok: false, entries, head, problems };
    }
    if (rows.length < PAGE) break;
  }
  return { ok: problems.length === 0, entries, head, problems };
}
