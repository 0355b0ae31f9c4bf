/**
 * The SQL of the auditor's reads: entries newest first, filtered by part of the actor's
 * name, action, days, an action left out, a seq to page from, and the addresses they name or showed (found through the GIN index of
 * migration 008); and the addresses at a postcode, which stand for an address.
 */
import type { Queryable } from '../../db/index.ts';

export interface AuditRow {
  seq: string;
  at: Date;
  actor: string;
  role: string | null;
  action: string;
  method: string | null;
  path: string | null;
  address_id: string | null;
  purpose: string | null;
  status: number;
  detail: string;
  hash: string;
}

export interface MatchedAddress {
  addressId: string;
  postcode: string;
  houseNumber: number;
  houseSuffix: string | null;
}

/** The addresses at a postcode (and house number), in house-number order. */
export async function addressesAt(db: Queryable, postcode: string, houseNumber: number | undefined): Promise<MatchedAddress[]> {
  const { rows } = await db.query<{ address_id: string; postcode: string; house_number: number; house_suffix: string | null }>(
    'SELECT address_id, postcode, house_number, house_suffix FROM addresses WHERE postcode = $1 AND ($2::int IS NULL OR house_number = $2) ORDER BY house_number, house_suffix NULLS FIRST, address_id',
    [postcode, houseNumber ?? null],
  );
  return rows.map((r) => ({
    addressId: r.address_id,
    postcode: r.postcode,
    houseNumber: r.house_number,
    houseSuffix: r.house_suffix?.trim() || null,
  }));
}

export interface EntryFilter {
  /** Part of the actor's name, any case. */
  actor: string | null;
  action: string | null;
  /** Entries before this seq (an older page), newest first. */
  before: number | null;
  /** Entries after this seq (a newer page), oldest first: the caller turns them round. */
  after: number | null;
  /** First and last calendar day (YYYY-MM-DD, Dutch time), both included. */
  from: string | null;
  to: string | null;
  /** An action left out (the auditor's own reads); the log keeps them. */
  without: string | null;
  limit: number;
  /** Entries naming one of these addresses or showing it among others; null: any entry. */
  addressIds: readonly string[] | null;
}

/** `%`, `_` and `\` in a name are matched as themselves. */
const likeText = (s: string) => s.replace(/[\\%_]/g, '\\$&');

// Days are Dutch days: 2026-03-01 runs from 00:00 to 24:00 in Amsterdam. The range uses the
// index on `at` (migration 010); a part of a name has no index and is found walking back by seq.
const FILTERS = `($1::text IS NULL OR actor ILIKE '%' || $1 || '%' ESCAPE '\\') AND ($2::text IS NULL OR action = $2)
  AND ($3::bigint IS NULL OR seq < $3) AND ($4::bigint IS NULL OR seq > $4)
  AND ($5::date IS NULL OR at >= $5::date::timestamp AT TIME ZONE 'Europe/Amsterdam')
  AND ($6::date IS NULL OR at < ($6::date + 1)::timestamp AT TIME ZONE 'Europe/Amsterdam')
  AND ($7::text IS NULL OR action <> $7)`;
/** Entries naming one of the addresses, or showing it among others: either index answers. */
const BY_ADDRESS = `AND (address_id = ANY($9::text[]) OR audit_shown(detail) ?| $9::text[])`;
const select = (byAddress: boolean, newerPage: boolean) =>
  `SELECT * FROM audit_log WHERE ${FILTERS} ${byAddress ? BY_ADDRESS : ''} ORDER BY seq ${newerPage ? 'ASC' : 'DESC'} LIMIT $8`;

/** The entries `filter` selects: newest first, or, with `after`, oldest first. */
export async function auditEntries(db: Queryable, f: EntryFilter): Promise<AuditRow[]> {
  const values = [f.actor === null ? null : likeText(f.actor), f.action, f.before, f.after, f.from, f.to, f.without, f.limit];
  const newerPage = f.after !== null;
  const { rows } = f.addressIds
    ? await db.query<AuditRow>(select(true, newerPage), [...values, f.addressIds])
    : await db.query<AuditRow>(select(false, newerPage), values);
  return rows;
}
