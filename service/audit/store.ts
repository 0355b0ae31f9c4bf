/**
 * The SQL of the auditor's reads: entries newest first, filtered by actor, action, a seq
 * to page before, and the addresses they name or showed (found through the GIN index of
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
  actor: string | null;
  action: string | null;
  /** Entries before this seq (paging). */
  before: number | null;
  limit: number;
  /** Entries naming one of these addresses or showing it among others; null: any entry. */
  addressIds: readonly string[] | null;
}

const FILTERS = `($1::text IS NULL OR actor = $1) AND ($2::text IS NULL OR action = $2) AND ($3::bigint IS NULL OR seq < $3)`;
/** Entries naming one of the addresses, or showing it among others: either index answers. */
const BY_ADDRESS = `SELECT * FROM audit_log WHERE ${FILTERS} AND (address_id = ANY($5::text[]) OR audit_shown(detail) ?| $5::text[]) ORDER BY seq DESC LIMIT $4`;
const ALL = `SELECT * FROM audit_log WHERE ${FILTERS} ORDER BY seq DESC LIMIT $4`;

/** The entries `filter` selects, newest first. */
export async function auditEntries(db: Queryable, filter: EntryFilter): Promise<AuditRow[]> {
  const values = [filter.actor, filter.action, filter.before, filter.limit];
  const { rows } = filter.addressIds
    ? await db.query<AuditRow>(BY_ADDRESS, [...values, filter.addressIds])
    : await db.query<AuditRow>(ALL, values);
  return rows;
}
