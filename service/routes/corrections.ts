import type pg from 'pg';
import type { Queryable } from '../../db/index.ts';
import type { Outcome } from './signal-rows.ts';

/**
 * Corrections of recorded outcomes (migration 009): each its own row — who, when, why,
 * from what to what — never changed afterwards, so the outcome first recorded stays
 * readable as the `from` of the first correction.
 */
export interface Correction {
  id: number;
  at: string;
  by: string;
  from: Outcome;
  to: Outcome;
  reason: string;
}

interface CorrectionRow {
  id: string;
  signal_id: string;
  corrected_at: Date;
  corrected_by: string;
  from_outcome: Outcome;
  to_outcome: Outcome;
  reason: string;
}

/** The corrections of each of `signalIds`, oldest first. */
export async function correctionsOf(db: Queryable, signalIds: readonly number[]): Promise<Map<number, Correction[]>> {
  const bySignal = new Map<number, Correction[]>(signalIds.map((id) => [id, []]));
  if (signalIds.length === 0) return bySignal;
  const { rows } = await db.query<CorrectionRow>('SELECT * FROM control_corrections WHERE signal_id = ANY($1::bigint[]) ORDER BY id', [signalIds]);
  for (const r of rows) {
    bySignal.get(Number(r.signal_id))?.push({ id: Number(r.id), at: r.corrected_at.toISOString(), by: r.corrected_by, from: r.from_outcome, to: r.to_outcome, reason: r.reason });
  }
  return bySignal;
}

export interface NewCorrection {
  signalId: number;
  inspectionId: string;
  from: Outcome;
  to: Outcome;
  reason: string;
  by: string;
  at: Date;
  purpose: string;
}

/**
 * Records a correction and gives the control its corrected outcome: the signal, and the
 * inspection it became (an id of the service's own, `risk_model-` or `sample-`, which no
 * delivery may overwrite: data contract v1.1), so the next training learns the corrected
 * label. Inside the caller's transaction, which holds the signal's row.
 */
export async function recordCorrection(client: pg.PoolClient, c: NewCorrection): Promise<number> {
  const { rows } = await client.query<{ id: string }>(
    `INSERT INTO control_corrections (signal_id, inspection_id, from_outcome, to_outcome, reason, corrected_by, corrected_at, purpose)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
    [c.signalId, c.inspectionId, c.from, c.to, c.reason, c.by, c.at, c.purpose],
  );
  await client.query('UPDATE inspections SET outcome = $2 WHERE inspection_id = $1', [c.inspectionId, c.to]);
  await client.query('UPDATE signals SET outcome = $2 WHERE id = $1', [c.signalId, c.to]);
  return Number(rows[0]!.id);
}
