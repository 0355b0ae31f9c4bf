/**
 * "Who looked at this address?": the address is given by its id, or by postcode and house
 * number, resolved here to the address ids whose entries are read.
 */
import type { Queryable } from '../../db/index.ts';
import { addressesAt, auditEntries, type AuditRow, type MatchedAddress } from './store.ts';

export interface AuditSearch {
  actor?: string;
  action?: string;
  before?: number;
  limit: number;
  addressId?: string;
  /** Without the space, in capitals. */
  postcode?: string;
  houseNumber?: number;
}

export interface AuditFound {
  rows: AuditRow[];
  /** With a postcode: the addresses it matched; else null. */
  matched: MatchedAddress[] | null;
  /** The address ids the entries were selected by; null: no address asked for. */
  addressIds: string[] | null;
}

export async function searchAuditLog(db: Queryable, search: AuditSearch): Promise<AuditFound> {
  // Filters narrow one another: an address id and a postcode together mean that address, if it is there.
  const matched = search.postcode
    ? (await addressesAt(db, search.postcode, search.houseNumber)).filter((m) => !search.addressId || m.addressId === search.addressId)
    : null;
  const addressIds = matched ? matched.map((m) => m.addressId) : search.addressId ? [search.addressId] : null;
  const rows = await auditEntries(db, {
    actor: search.actor ?? null,
    action: search.action ?? null,
    before: search.before ?? null,
    limit: search.limit,
    addressIds,
  });
  return { rows, matched, addressIds };
}
