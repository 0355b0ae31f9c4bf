/**
 * The SQL of controls: the open and the finished ones, the corrections of recorded
 * outcomes (migration 009: each its own row, never changed afterwards, so the outcome
 * first recorded stays readable as the `from` of the first correction), and the
 * inspections outcomes become (ingest's table, under ids of the service's own).
 */
import type pg from 'pg';
import type { Queryable } from '../../db/index.ts';
import { SIGNAL_SELECT, type SignalRow } from '../signals/store.ts';
import type { Correction, Outcome } from './view.ts';

const OPEN = `${SIGNAL_SELECT} WHERE s.status IN ('approved', 'control_planned') ORDER BY s.priority, s.rank, s.id`;
const FINISHED = `${SIGNAL_SELECT} WHERE s.status = 'outcome_recorded' ORDER BY s.outcome_at DESC, s.id DESC LIMIT $1`;

/** Approved or planned controls, by priority then rank. */
export async function openControls(db: Queryable): Promise<SignalRow[]> {
  return (await db.query<SignalRow>(OPEN)).rows;
}

/** Controls with an outcome, newest first. */
export async function finishedControls(db: Queryable, limit: number): Promise<SignalRow[]> {
  return (await db.query<SignalRow>(FINISHED, [limit])).rows;
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
  const { rows } = await db.query<CorrectionRow>('SELECT * FROM control_corrections WHERE signal_id = ANY($1::bigint[]) ORDER BY id', [
    signalIds,
  ]);
  for (const r of rows) {
    bySignal.get(Number(r.signal_id))?.push({
      id: Number(r.id),
      at: r.corrected_at.toISOString(),
      by: r.corrected_by,
      from: r.from_outcome,
      to: r.to_outcome,
      reason: r.reason,
    });
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

/** Stores a correction; its id. */
export async function insertCorrection(client: pg.PoolClient, c: NewCorrection): Promise<number> {
  const { rows } = await client.query<{ id: string }>(
    `INSERT INTO control_corrections (signal_id, inspection_id, from_outcome, to_outcome, reason, corrected_by, corrected_at, purpose)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
    [c.signalId, c.inspectionId, c.from, c.to, c.reason, c.by, c.at, c.purpose],
  );
  return Number(rows[0]!.id);
}

export interface NewInspection {
  inspectionId: string;
  addressId: string;
  inspectedOn: string;
  reason: 'risk_model' | 'random';
  outcome: Outcome;
  /** The chance the address was drawn with (a sample's control); null for the list's. */
  selectionProbability: number | null;
}

export async function insertInspection(client: pg.PoolClient, i: NewInspection): Promise<void> {
  await client.query(
    `INSERT INTO inspections (inspection_id, address_id, inspected_on, reason, outcome, selection_probability) VALUES ($1, $2, $3, $4, $5, $6)`,
    [i.inspectionId, i.addressId, i.inspectedOn, i.reason, i.outcome, i.selectionProbability],
  );
}

export async function setInspectionOutcome(client: pg.PoolClient, inspectionId: string, outcome: Outcome): Promise<void> {
  await client.query('UPDATE inspections SET outcome = $2 WHERE inspection_id = $1', [inspectionId, outcome]);
}
