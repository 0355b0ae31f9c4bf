/** A stored risk list read back: the one in use, and any list as the CSV `hennep score --out` writes. */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type pg from 'pg';
import type { Queryable } from '../db/index.ts';

/** Writes `address_id,score,rank,model_version` of a stored risk list, best rank first. */
export async function exportRiskList(pool: pg.Pool, listId: number, file: string): Promise<number> {
  const { rows } = await pool.query<{ address_id: string; score: number; rank: number; model_version: number }>(
    `SELECT s.address_id, s.score, s.rank, l.model_version FROM risk_scores s JOIN risk_lists l ON l.id = s.list_id WHERE s.list_id = $1 ORDER BY s.rank`,
    [listId],
  );
  const out = createWriteStream(file);
  out.write('address_id,score,rank,model_version\n');
  for (const r of rows) if (!out.write(`${r.address_id},${r.score},${r.rank},${r.model_version}\n`)) await once(out, 'drain');
  out.end();
  await once(out, 'finish');
  return rows.length;
}

/** The risk list in use: the active model's newest, every address with its score (logit), best rank first. */
export interface RiskListInUse {
  listId: number;
  version: number;
  referenceDate: string;
  addressIds: string[];
  scores: Float64Array;
}

/** The active model's newest risk list (what the service shows and proposals come from); null when no model is active or it has none. */
export async function activeRiskList(db: Queryable): Promise<RiskListInUse | null> {
  const { rows: lists } = await db.query<{ id: number; model_version: number; reference_date: string }>(
    `SELECT l.id, l.model_version, l.reference_date FROM risk_lists l JOIN models m ON m.version = l.model_version WHERE m.status = 'active' ORDER BY l.id DESC LIMIT 1`,
  );
  const list = lists[0];
  if (!list) return null;
  const { rows } = await db.query<{ address_id: string; score: number }>(
    'SELECT address_id, score FROM risk_scores WHERE list_id = $1 ORDER BY rank',
    [list.id],
  );
  const addressIds = rows.map((r) => r.address_id);
  return {
    listId: list.id,
    version: list.model_version,
    referenceDate: list.reference_date,
    addressIds,
    scores: Float64Array.from(rows, (r) => r.score),
  };
}
