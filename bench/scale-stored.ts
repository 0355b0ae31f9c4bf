/**
 * What the newest risk list takes on disk: its rows' bytes per address (as stored: a row
 * under 2 KB is not compressed) and of those its contributions, feature values and
 * reasons. Not counted: the indexes (primary key, rank, areas), the line pointers and a
 * page's free space.
 */
import type { Queryable } from '../db/index.ts';

export interface StoredList {
  addresses: number;
  rowBytes: number;
  contributionBytes: number;
  valueBytes: number;
  reasonBytes: number;
}

export async function storedList(db: Queryable): Promise<StoredList> {
  const { rows } = await db.query<{ n: string; rows: string; contributions: string; values: string; reasons: string }>(
    `SELECT count(*) AS n, sum(pg_column_size(s.*)) AS rows, coalesce(sum(pg_column_size(s.contributions)), 0) AS contributions,
            coalesce(sum(pg_column_size(s.feature_values)), 0) AS values, coalesce(sum(pg_column_size(s.reasons)), 0) AS reasons
       FROM risk_scores s WHERE s.list_id = (SELECT max(id) FROM risk_lists)`,
  );
  const r = rows[0]!;
  const addresses = Number(r.n);
  const per = (bytes: string) => (addresses ? Number(bytes) / addresses : 0);
  return {
    addresses,
    rowBytes: per(r.rows),
    contributionBytes: per(r.contributions),
    valueBytes: per(r.values),
    reasonBytes: per(r.reasons),
  };
}

export function storedNote(s: StoredList): string {
  const mb = (s.rowBytes * s.addresses) / 1e6;
  return (
    `${s.rowBytes.toFixed(0)} bytes per address in its rows (${mb.toFixed(0)} MB for ${s.addresses.toLocaleString('en')}): ` +
    `contributions ${s.contributionBytes.toFixed(0)}, feature values ${s.valueBytes.toFixed(0)}, reasons ${s.reasonBytes.toFixed(0)}`
  );
}
