/**
 * The auditor's search of the audit log, a page at a time. "Who looked at this address?":
 * the address is given by its id, or by postcode and house number, resolved here to the
 * address ids whose entries are read. A page carries the seqs to ask the next older and
 * newer page by (`before`, `after`), each only when there is such a page.
 */
import type { Queryable } from '../../db/index.ts';
import { addressesAt, auditEntries, type AuditRow, type EntryFilter, type MatchedAddress } from './store.ts';

export interface AuditSearch {
  /** Part of the actor's name, any case. */
  actor?: string;
  action?: string;
  before?: number;
  after?: number;
  from?: string;
  to?: string;
  /** `hide`: leave out the audit log's own reads (`audit:read`). */
  auditReads: 'show' | 'hide';
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
  /** `before` for the next older page; null: none. */
  older: number | null;
  /** `after` for the next newer page; null: none. */
  newer: number | null;
}

/** Whether the filter selects any entry older (or newer) than `seq`. */
async function beyond(db: Queryable, filter: EntryFilter, seq: number, side: 'older' | 'newer'): Promise<boolean> {
  const one = { ...filter, limit: 1, before: side === 'older' ? seq : null, after: side === 'newer' ? seq : null };
  return (await auditEntries(db, one)).length > 0;
}

export async function searchAuditLog(db: Queryable, search: AuditSearch): Promise<AuditFound> {
  // Filters narrow one another: an address id and a postcode together mean that address, if it is there.
  const matched = search.postcode
    ? (await addressesAt(db, search.postcode, search.houseNumber)).filter((m) => !search.addressId || m.addressId === search.addressId)
    : null;
  const addressIds = matched ? matched.map((m) => m.addressId) : search.addressId ? [search.addressId] : null;
  const filter: EntryFilter = {
    actor: search.actor ?? null,
    action: search.action ?? null,
    before: search.before ?? null,
    after: search.after ?? null,
    from: search.from ?? null,
    to: search.to ?? null,
    without: search.auditReads === 'hide' ? 'audit:read' : null,
    limit: search.limit + 1,
    addressIds,
  };
  const fetched = await auditEntries(db, filter);
  const more = fetched.length > search.limit;
  const rows = fetched.slice(0, search.limit);
  const newerPage = filter.after !== null;
  if (newerPage) rows.reverse();
  if (rows.length === 0) return { rows, matched, addressIds, older: null, newer: null };
  const [first, last] = [Number(rows[0]!.seq), Number(rows.at(-1)!.seq)];
  const older = newerPage ? ((await beyond(db, filter, last, 'older')) ? last : null) : more ? last : null;
  const newer = newerPage ? (more ? first : null) : filter.before !== null && (await beyond(db, filter, first, 'newer')) ? first : null;
  return { rows, matched, addressIds, older, newer };
}
