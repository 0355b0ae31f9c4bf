/**
 * A page of the current risk list, by rank or by address, narrowed by area, postcode,
 * street and house number. A cursor is `<list id>.<rank>` of the last row of the page
 * before (in either order, a rank names one address of the list): one
 * of a list since replaced answers 409, so that nobody pages on through a different list
 * without noticing.
 */
import type { Queryable } from '../../db/index.ts';
import { HttpError } from '../http/errors.ts';
import { areaPageByAddress } from './area-page.ts';
import { readsAreaFirst, type CurrentList, type RiskReader } from './reader.ts';
import { currentPage, type ListFilter, type ListSort, type ListedRow } from './store.ts';

export interface PageRequest extends ListFilter {
  cursor?: string;
  sort: ListSort;
  limit: number;
}

export interface RiskListPage {
  list: CurrentList;
  rows: ListedRow[];
  /** The cursor of the next page; null when this one was the last. */
  nextCursor: string | null;
  /** How many addresses the filter leaves: on the first page (no cursor) only, else null. */
  matching: number | null;
}

export async function riskListPage(reader: RiskReader, db: Queryable, request: PageRequest): Promise<RiskListPage> {
  const cursor = request.cursor?.split('.').map(Number) as [number, number] | undefined;
  const filter = filterOf(request);
  // By address within an area, the area's size decides how the page is read, by the list
  // the reader last found current: no query more; a list replaced meanwhile only chooses
  // the reading, the page's rows come from the list current now.
  const areaFirst = request.sort === 'address' && readsAreaFirst(reader.lastList(), filter, request.limit);
  const page = { ...filter, after: cursor?.[1] ?? 0, sort: request.sort, limit: request.limit };
  const found = areaFirst ? await areaPageByAddress(db, page) : await currentPage(db, page);
  const list = await reader.listOf(db, found[0]);
  // The page was read from the current list; a cursor of another list is refused, not paged on.
  if (cursor && cursor[0] !== list.listId)
    throw new HttpError(
      409,
      'list_replaced',
      `the cursor is of risk list ${cursor[0]}, which has been replaced by list ${list.listId}; start again from the top`,
    );
  const rows = found.filter((r): r is typeof r & ListedRow => r.address_id !== null && r.address_id !== undefined);
  const last = rows.at(-1);
  const filtered = Object.values(filter).some((v) => v !== undefined);
  const matching = request.cursor ? null : filtered ? await reader.matching(db, list, filter) : list.addresses;
  return { list, rows, nextCursor: last && rows.length === request.limit ? `${list.listId}.${last.rank}` : null, matching };
}

/** The filter as the store reads it: a postcode as stored (upper case, no space), a street trimmed. */
function filterOf(r: PageRequest): ListFilter {
  return {
    district: r.district,
    neighbourhood: r.neighbourhood,
    postcode: r.postcode?.replace(/\s/g, '').toUpperCase(),
    street: r.street?.trim(),
    houseNumber: r.houseNumber,
  };
}
