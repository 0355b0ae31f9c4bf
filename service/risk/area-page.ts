/**
 * A page of the current risk list by address within a small area (list-page.ts decides
 * when: reader.ts readsAreaFirst).
 */
import type { Queryable } from '../../db/index.ts';
import {
  ADDRESS_ORDER,
  afterCondition,
  CURRENT,
  filterSql,
  PAGE_COLUMNS,
  type CurrentRow,
  type ListedRow,
  type ListPage,
} from './store.ts';

/**
 * currentPage by address within a small area: the area's rows of the list from its index
 * (fenced by OFFSET 0, so that they are read first), their addresses sorted, and only the
 * page's `limit` joined with their scores and signals. Costs the area's size, where the walk
 * in address order costs the list's size over the area's share.
 */
export async function areaPageByAddress(db: Queryable, page: ListPage): Promise<Array<CurrentRow & Partial<ListedRow>>> {
  const { onScores, onAddresses, values } = filterSql(page, 3);
  if (page.sort !== 'address' || onScores.length === 0) throw new Error('a page of an area by address needs an area and sort=address');
  const sql = { onScores, onAddresses, after: afterCondition(page) };
  const { rows } = await db.query<CurrentRow & Partial<ListedRow>>(
    `WITH cur AS (${CURRENT})
     SELECT cur.*, p.* FROM cur LEFT JOIN LATERAL (
       SELECT ${PAGE_COLUMNS}, g.id AS signal_id, g.status AS signal_status
       FROM (SELECT a.* FROM (SELECT s.address_id FROM risk_scores s WHERE s.list_id = cur.list_id AND ${sql.onScores.join(' AND ')} OFFSET 0) k
             JOIN addresses a USING (address_id)
             WHERE ${[...sql.onAddresses, sql.after].join(' AND ')}
             ORDER BY ${ADDRESS_ORDER} LIMIT $2) a
       JOIN risk_scores s ON s.list_id = cur.list_id AND s.address_id = a.address_id
       LEFT JOIN LATERAL (SELECT id, status FROM signals WHERE address_id = s.address_id ORDER BY id DESC LIMIT 1) g ON true
       ORDER BY ${ADDRESS_ORDER}
     ) p ON true`,
    [page.after, page.limit, ...values],
  );
  return rows;
}
