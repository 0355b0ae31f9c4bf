import { createHash } from 'node:crypto';
import type pg from 'pg';

/**
 * The audit log's chain: row n's hash is sha256(hash of row n−1 + "\n" + the JSON array of
 * row n's fields), the detail stored as canonical JSON. Appends take one advisory lock,
 * so that all processes write one chain, one row after another. Here in db/ because the
 * registry (model promotions, refusals, overrides) writes its entries in its own
 * transactions, as the service does.
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

/**
 * Text as PostgreSQL stores it: well-formed Unicode (a lone surrogate would be stored as
 * U+FFFD and never match its hash again) and no NUL (which text refuses, failing the
 * whole batch). The hash is computed over exactly what is stored.
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function storable(text: string): string;
export function storable(text: string | null): string | null;
export function storable(text: string | null): string | null {
  return text === null ? null : text.replace(LONE_SURROGATE, '\uFFFD').replaceAll('\u0000', '\uFFFD');
}

function toRow(entry: AuditEntry, at: Date): Omit<AuditRow, 'seq' | 'prevHash' | 'hash'> {
  return {
    at: at.toISOString(),
    actor: storable(entry.actor),
    role: storable(entry.role ?? null),
    action: storable(entry.action),
    method: storable(entry.method ?? null),
    path: storable(entry.path ?? null),
    addressId: storable(entry.addressId ?? null),
    purpose: storable(entry.purpose ?? null),
    status: entry.status,
    detail: storable(canonicalJson(entry.detail ?? {})),
  };
}

const HEAD = 'SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1';

/** Chains and inserts entries inside the caller's transaction (which must be open on `client`). */
export async function appendInTransaction(client: pg.PoolClient, entries: ReadonlyArray<{ entry: AuditEntry; at: Date }>): Promise<AuditRow[]> {
  await client.query({ name: 'audit-lock', text: 'SELECT pg_advisory_xact_lock($1)', values: [AUDIT_LOCK] });
  const head = await client.query<{ seq: string; hash: string }>({ name: 'audit-head', text: HEAD });
  return insertChained(client, head.rows[0], entries);
}

/**
 * Opens a transaction on `client` and appends the entries to the chain: BEGIN, the lock and
 * the head in one round trip (a batch waits for the lock there, and reads the head the
 * moment it has it), then the insert. The caller commits.
 */
export async function beginAndAppend(client: pg.PoolClient, entries: ReadonlyArray<{ entry: AuditEntry; at: Date }>): Promise<AuditRow[]> {
  // Several statements in one simple query: node-postgres answers with one result each.
  const results = (await client.query(`BEGIN; SELECT pg_advisory_xact_lock(${AUDIT_LOCK}); ${HEAD}`)) as unknown as Array<pg.QueryResult<{ seq: string; hash: string }>>;
  return insertChained(client, results[2]?.rows[0], entries);
}

async function insertChained(client: pg.PoolClient, head: { seq: string; hash: string } | undefined, entries: ReadonlyArray<{ entry: AuditEntry; at: Date }>): Promise<AuditRow[]> {
  let seq = Number(head?.seq ?? 0);
  let prevHash = head?.hash ?? GENESIS;
  const rows: AuditRow[] = [];
  for (const { entry, at } of entries) {
    const row = { seq: ++seq, ...toRow(entry, at) };
    const hash = rowHash(prevHash, row);
    rows.push({ ...row, prevHash, hash });
    prevHash = hash;
  }
  const column = <K extends keyof AuditRow>(k: K) => rows.map((r) => r[k]);
  await client.query({
    name: 'audit-insert',
    text: `INSERT INTO audit_log (seq, at, actor, role, action, method, path, address_id, purpose, status, detail, prev_hash, hash)
     SELECT * FROM unnest($1::bigint[], $2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::int[], $11::text[], $12::text[], $13::text[])`,
    values: [column('seq'), column('at'), column('actor'), column('role'), column('action'), column('method'), column('path'), column('addressId'), column('purpose'), column('status'), column('detail'), column('prevHash'), column('hash')],
  });
  return rows;
}

