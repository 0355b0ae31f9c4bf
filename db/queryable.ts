/** What a query needs: a pool, or one client of it inside a transaction. */
import type pg from 'pg';

export type Queryable = Pick<pg.Pool, 'query'>;
