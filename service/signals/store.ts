/**
 * The SQL of signals: the signal as stored with its address and inspection, the open
 * signal of an address, a new proposal, a list for the analist and the RIEC, and a change
 * of the columns a transition may set.
 */
import type pg from 'pg';
import type { Queryable } from '../../db/index.ts';
import type { Snapshot } from '../risk/snapshot.ts';
import { ADDRESS_COLUMNS, type AddressRow } from '../risk/store.ts';
import type { SignalKind, SignalStatus } from './states.ts';

export interface SignalRow extends AddressRow {
  id: string;
  address_id: string;
  status: SignalStatus;
  kind: SignalKind;
  sample_id: string | null;
  model_version: number;
  rank: number;
  explanation: Snapshot;
  proposed_by: string;
  proposed_at: Date;
  proposal_reason: string;
  decided_by: string | null;
  decided_at: Date | null;
  legal_basis: string | null;
  decision_reason: string | null;
  priority: number | null;
  planned_by: string | null;
  planned_for: string | null;
  outcome: string | null;
  outcome_by: string | null;
  outcome_at: Date | null;
  inspection_id: string | null;
  /** The date of the inspection the outcome became. */
  inspected_on: string | null;
}

export const SIGNAL_SELECT = `SELECT s.id, s.address_id, s.status, s.kind, s.sample_id, s.model_version, s.rank, s.explanation, s.proposed_by, s.proposed_at, s.proposal_reason,
  s.decided_by, s.decided_at, s.legal_basis, s.decision_reason, s.priority, s.planned_by, s.planned_for::text, s.outcome, s.outcome_by, s.outcome_at, s.inspection_id,
  i.inspected_on::text AS inspected_on, ${ADDRESS_COLUMNS}
  FROM signals s JOIN addresses a USING (address_id) LEFT JOIN inspections i ON i.inspection_id = s.inspection_id`;

export async function signalById(db: Queryable, id: number): Promise<SignalRow | null> {
  const { rows } = await db.query<SignalRow>(`${SIGNAL_SELECT} WHERE s.id = $1`, [id]);
  return rows[0] ?? null;
}

/** Signal `id` locked until the transaction ends, or null. */
export async function lockedSignal(client: pg.PoolClient, id: number): Promise<SignalRow | null> {
  const { rows } = await client.query<SignalRow>(`${SIGNAL_SELECT} WHERE s.id = $1 FOR UPDATE OF s`, [id]);
  return rows[0] ?? null;
}

/** The signals of one status (or all), newest first; the RIEC's queue (`proposed`) oldest first, so that no proposal waits behind newer ones. */
export async function listSignals(db: Queryable, { status, limit }: { status: SignalStatus | null; limit: number }): Promise<SignalRow[]> {
  const { rows } = await db.query<SignalRow>(
    `${SIGNAL_SELECT} WHERE ($1::text IS NULL OR s.status = $1) ORDER BY CASE WHEN $1 = 'proposed' THEN s.id END ASC, s.id DESC LIMIT $2`,
    [status, limit],
  );
  return rows;
}

/**
 * Holds proposals of `addressId` back until the transaction ends: a sample being drawn
 * reads the addresses without an open signal, so this waits for it to finish; and of two
 * proposals of one address at once, the second waits here, then sees the first.
 */
export async function lockForProposal(client: pg.PoolClient, addressId: string): Promise<void> {
  await client.query('LOCK TABLE signals IN ROW EXCLUSIVE MODE');
  await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`signal:${addressId}`]);
}

/** The address's signal still open (proposed, approved or planned), locked; or null. */
export async function openSignalOf(client: pg.PoolClient, addressId: string): Promise<{ id: string; status: string } | null> {
  const open = await client.query<{ id: string; status: string }>(
    `SELECT id, status FROM signals WHERE address_id = $1 AND status IN ('proposed', 'approved', 'control_planned') FOR UPDATE`,
    [addressId],
  );
  return open.rows[0] ?? null;
}

export interface NewProposal {
  addressId: string;
  modelVersion: number;
  listId: number;
  rank: number;
  explanation: Snapshot;
  proposedBy: string;
  proposedAt: Date;
  reason: string;
  purpose: string | null;
}

/** Stores a proposal of an analist; its id. */
export async function insertProposal(client: pg.PoolClient, p: NewProposal): Promise<number> {
  const inserted = await client.query<{ id: string }>(
    `INSERT INTO signals (address_id, model_version, list_id, rank, explanation, proposed_by, proposed_at, proposal_reason, purpose)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
    [p.addressId, p.modelVersion, p.listId, p.rank, JSON.stringify(p.explanation), p.proposedBy, p.proposedAt, p.reason, p.purpose],
  );
  return Number(inserted.rows[0]!.id);
}

/** The columns a step of the workflow may set. */
export interface SignalChange {
  status?: SignalStatus;
  decidedBy?: string;
  decidedAt?: Date;
  decisionReason?: string;
  legalBasis?: string | null;
  priority?: number | null;
  plannedBy?: string;
  plannedFor?: string;
  outcome?: string;
  outcomeBy?: string;
  outcomeAt?: Date;
  inspectionId?: string;
}

/** Each field's column: the only names an UPDATE is written with. */
const COLUMNS: Record<keyof SignalChange, string> = {
  status: 'status',
  decidedBy: 'decided_by',
  decidedAt: 'decided_at',
  decisionReason: 'decision_reason',
  legalBasis: 'legal_basis',
  priority: 'priority',
  plannedBy: 'planned_by',
  plannedFor: 'planned_for',
  outcome: 'outcome',
  outcomeBy: 'outcome_by',
  outcomeAt: 'outcome_at',
  inspectionId: 'inspection_id',
};

/** Sets the fields of `change` that are not undefined (null is written as NULL). */
export async function updateSignal(client: pg.PoolClient, id: number, change: SignalChange): Promise<void> {
  const fields = (Object.keys(COLUMNS) as Array<keyof SignalChange>).filter((field) => change[field] !== undefined);
  if (fields.length === 0) return;
  await client.query(`UPDATE signals SET ${fields.map((field, i) => `${COLUMNS[field]} = $${i + 2}`).join(', ')} WHERE id = $1`, [
    id,
    ...fields.map((field) => change[field]),
  ]);
}

/** What the address's history reads: its inspections, and the corrections of its controls' outcomes. */
export interface InspectionRow {
  inspected_on: string;
  reason: string;
  outcome: string;
}

export interface CorrectionRow {
  signal_id: string;
  from_outcome: string;
  to_outcome: string;
  reason: string;
  corrected_by: string;
  corrected_at: Date;
}

/** One address, its signals, inspections and outcome corrections, newest first (uses signals_address, inspections_address). */
export async function historyRows(
  db: Queryable,
  addressId: string,
): Promise<{ address: AddressRow | null; signals: SignalRow[]; inspections: InspectionRow[]; corrections: CorrectionRow[] }> {
  const [address, signals, inspections, corrections] = await Promise.all([
    db.query<AddressRow>(`SELECT ${ADDRESS_COLUMNS} FROM addresses a WHERE a.address_id = $1`, [addressId]),
    db.query<SignalRow>(`${SIGNAL_SELECT} WHERE s.address_id = $1 ORDER BY s.id DESC`, [addressId]),
    db.query<InspectionRow>(
      'SELECT inspected_on::text, reason, outcome FROM inspections WHERE address_id = $1 ORDER BY inspected_on DESC, inspection_id DESC',
      [addressId],
    ),
    db.query<CorrectionRow>(
      `SELECT c.signal_id, c.from_outcome, c.to_outcome, c.reason, c.corrected_by, c.corrected_at
       FROM control_corrections c JOIN signals s ON s.id = c.signal_id WHERE s.address_id = $1 ORDER BY c.id`,
      [addressId],
    ),
  ]);
  return { address: address.rows[0] ?? null, signals: signals.rows, inspections: inspections.rows, corrections: corrections.rows };
}
