/**
 * A page of the current risk list. A cursor is `<list id>.<rank>` of the page before: one
 * of a list since replaced answers 409, so that nobody pages on through a different list
 * without noticing.
 */
import type { Queryable } from '../../db/index.ts';
import { HttpError } from '../http/errors.ts';
import type { CurrentList, RiskReader } from './reader.ts';
import { rankedScores, type ScoreRow } from './store.ts';

export interface PageRequest {
  cursor?: string;
  district?: string;
  neighbourhood?: string;
  limit: number;
}

export interface RiskListPage {
  list: CurrentList;
  rows: ScoreRow[];
  /** The cursor of the next page; null when this one was the last. */
  nextCursor: string | null;
}

export async function riskListPage(reader: RiskReader, db: Queryable, request: PageRequest): Promise<RiskListPage> {
  const list = await reader.currentList(db);
  let after = 0;
  if (request.cursor) {
    const [listId, rank] = request.cursor.split('.').map(Number) as [number, number];
    if (listId !== list.listId)
      throw new HttpError(
        409,
        'list_replaced',
        `the cursor is of risk list ${listId}, which has been replaced by list ${list.listId}; start again from the top`,
      );
    after = rank;
  }
  const rows = await rankedScores(db, {
    listId: list.listId,
    after,
    district: request.district ?? null,
    neighbourhood: request.neighbourhood ?? null,
    limit: request.limit,
  });
  const last = rows.at(-1);
  return { list, rows, nextCursor: last && rows.length === request.limit ? `${list.listId}.${last.rank}` : null };
}
