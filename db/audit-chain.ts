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

/**
 * Actors the project writes under itself: the scheduler and retention (`system`), requests
 * without a valid token (`anonymous`), command-line users (`cli:…`), jobs (`job:…`), the
 * bench. A person's token may not carry one of these as its subject, or that person's
 * actions would be recorded as the system's.
 */
const RESERVED_ACTORS = new Set(['system', 'anonymous']);
const RESERVED_ACTOR_PREFIXES = ['system:', 'cli:', 'job:', 'bench:'];

export function isReservedActor(subject: string): boolean {
  const s = subject.trim().toLowerCase();
  return RESERVED_ACTORS.has(s) || RESERVED_ACTOR_PREFIXES.some((p) => s.startsWith(p));
}

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
    return `{${entries
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/**
 * The hash `audit_append` gives a row (migration 005), recomputed to verify it: sha256 of
 * the previous hash, a line break and the JSON array of the row's fields, seq first.
 */
export function rowHash(prevHash: string, row: Omit<AuditRow, 'prevHash' | 'hash'>): string {
  return createHash('sha256')
    .update(`${prevHash}\n[${row.seq},${tailOf(row)}`)
    .digest('hex');
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

/**
 * Throws a TypeError naming the field when an entry does not have the types the chain
 * stores. Checked when an entry is queued, so that one malformed entry (say, a subject
 * that is not text) is refused alone and never fails the batch it would have joined.
 */
export function assertEntry(entry: AuditEntry): void {
  const texts = { actor: entry.actor, action: entry.action } as Record<string, unknown>;
  const optional = {
    role: entry.role,
    method: entry.method,
    path: entry.path,
    addressId: entry.addressId,
    purpose: entry.purpose,
  } as Record<string, unknown>;
  for (const [field, value] of Object.entries(texts))
    if (typeof value !== 'string') throw new TypeError(`audit entry: ${field} must be text, not ${typeof value}`);
  for (const [field, value] of Object.entries(optional)) {
    if (value !== undefined && value !== null && typeof value !== 'string')
      throw new TypeError(`audit entry: ${field} must be text or null, not ${typeof value}`);
  }
  if (!Number.isInteger(entry.status)) throw new TypeError(`audit entry: status must be an integer, not ${String(entry.status)}`);
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

/**
 * The row's fields after seq as JSON array text without its opening bracket: what the
 * database's `audit_append` (migration 005) hashes behind `[seq,` once it knows seq.
 */
function tailOf(row: Omit<AuditRow, 'seq' | 'prevHash' | 'hash'>): string {
  return JSON.stringify([
    row.at,
    row.actor,
    row.role,
    row.action,
    row.method,
    row.path,
    row.addressId,
    row.purpose,
    row.status,
    row.detail,
  ]).slice(1);
}

const APPEND =
  'SELECT appended_seq, appended_hash FROM audit_append($1::timestamptz[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::int[], $10::text[], $11::text[])';

/**
 * Appends the entries to the chain in one statement: the database takes the lock, reads
 * the head, chains and inserts (`audit_append`, migration 005). On a pool it commits on
 * its own; on a client inside a transaction it commits or rolls back with it, and the
 * lock is held until then.
 */
export async function appendEntries(
  db: Pick<pg.PoolClient, 'query'>,
  entries: ReadonlyArray<{ entry: AuditEntry; at: Date }>,
): Promise<Array<{ seq: number; hash: string }>> {
  for (const { entry } of entries) assertEntry(entry);
  const rows = entries.map(({ entry, at }) => toRow(entry, at));
  const column = <K extends keyof (typeof rows)[number]>(k: K) => rows.map((r) => r[k]);
  const { rows: appended } = await db.query<{ appended_seq: string; appended_hash: string }>({
    name: 'audit-append',
    text: APPEND,
    values: [
      column('at'),
      column('actor'),
      column('role'),
      column('action'),
      column('method'),
      column('path'),
      column('addressId'),
      column('purpose'),
      column('status'),
      column('detail'),
      rows.map(tailOf),
    ],
  });
  return appended.map((r) => ({ seq: Number(r.appended_seq), hash: r.appended_hash }));
}
