/**
 * The SQL of samples: the frame, the drawn addresses, the stored sample with its members
 * and their signals, and what became of them. Address ids are ordered COLLATE "C" so the
 * frame's order — and so the draw — is the same on every server.
 */
import type pg from 'pg';
import type { Queryable } from '../../db/index.ts';
import type { Snapshot } from '../risk/snapshot.ts';
import { SCORE_COLUMNS, type ScoreRow } from '../risk/store.ts';
import type { Pick, Stratum } from './design.ts';
import type { SampleView } from './schema.ts';

/** Who proposes a sample's addresses: no person chose them. */
export const SYSTEM = 'system';
const OPEN = `('proposed', 'approved', 'control_planned')`;

/** The frame: the list's addresses without an open signal; the stratum is the district or, for a uniform draw, ''. */
const FRAME = `SELECT s.address_id, CASE WHEN $2::boolean THEN a.district_code ELSE '' END AS stratum
  FROM risk_scores s JOIN addresses a USING (address_id)
  WHERE s.list_id = $1
    AND NOT EXISTS (SELECT 1 FROM signals g WHERE g.address_id = s.address_id AND g.status IN ${OPEN})`;

export async function frameStrata(db: Queryable, listId: number, byDistrict: boolean): Promise<Stratum[]> {
  const { rows } = await db.query<{ stratum: string; frame_size: number }>(
    `SELECT stratum, count(*)::int AS frame_size FROM (${FRAME}) f GROUP BY stratum ORDER BY stratum COLLATE "C"`,
    [listId, byDistrict],
  );
  return rows.map((r) => ({ key: r.stratum, frameSize: r.frame_size }));
}

export interface DrawnAddress extends ScoreRow {
  stratum: string;
  /** Its chance to be drawn (not `probability`, the risk score's calibrated probability). */
  inclusion_probability: number;
}

/** The addresses at the drawn positions of each stratum's frame (sorted by address id), with their scores on the list. */
export async function addressesAt(db: Queryable, listId: number, byDistrict: boolean, picks: readonly Pick[]): Promise<DrawnAddress[]> {
  const { rows } = await db.query<DrawnAddress>(
    `WITH frame AS (
       SELECT f.address_id, f.stratum, row_number() OVER (PARTITION BY f.stratum ORDER BY f.address_id COLLATE "C") - 1 AS position FROM (${FRAME}) f
     )
     SELECT p.stratum, p.inclusion_probability, ${SCORE_COLUMNS}
     FROM unnest($3::text[], $4::int[], $5::float8[]) AS p(stratum, position, inclusion_probability)
     JOIN frame f ON f.stratum = p.stratum AND f.position = p.position
     JOIN risk_scores s ON s.list_id = $1 AND s.address_id = f.address_id
     JOIN addresses a ON a.address_id = s.address_id
     ORDER BY s.address_id COLLATE "C"`,
    [listId, byDistrict, picks.map((p) => p.stratum), picks.map((p) => p.position), picks.map((p) => p.probability)],
  );
  if (rows.length !== picks.length)
    throw new Error(`the frame changed during the draw: ${picks.length} positions drawn, ${rows.length} addresses found`);
  return rows;
}

/** Controls the RIEC approved on proposals from the list (not samples: a sample does not feed its own size) since `since`. */
export async function approvedControlsSince(db: Queryable, since: Date): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM signals WHERE kind = 'risk_model' AND status IN ('approved', 'control_planned', 'outcome_recorded') AND decided_at >= $1`,
    [since],
  );
  return rows[0]!.n;
}

export interface NewSample {
  drawnBy: string;
  drawnAt: Date;
  seed: number;
  modelVersion: number;
  listId: number;
  referenceDate: string;
  frameSize: number;
  n: number;
  design: 'uniform' | 'district';
  size: { share: number; approvedControls: number } | null;
  reason: string;
  strata: ReadonlyArray<{ key: string; frameSize: number; n: number }>;
  members: ReadonlyArray<{ address: DrawnAddress; snapshot: Snapshot }>;
}

/** Stores the sample, its strata, a signal proposed by the system per member and the members; returns the ids. */
export async function insertSample(client: pg.PoolClient, s: NewSample): Promise<{ id: number; signals: number[] }> {
  const inserted = await client.query<{ id: string }>(
    `INSERT INTO samples (drawn_by, drawn_at, seed, model_version, list_id, reference_date, frame_size, n, design, share, approved_controls, reason)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
    [
      s.drawnBy,
      s.drawnAt,
      s.seed,
      s.modelVersion,
      s.listId,
      s.referenceDate,
      s.frameSize,
      s.n,
      s.design,
      s.size?.share ?? null,
      s.size?.approvedControls ?? null,
      s.reason,
    ],
  );
  const id = Number(inserted.rows[0]!.id);
  if (s.design === 'district') {
    await client.query(
      `INSERT INTO sample_strata (sample_id, stratum, frame_size, n) SELECT $1, * FROM unnest($2::text[], $3::int[], $4::int[])`,
      [id, s.strata.map((h) => h.key), s.strata.map((h) => h.frameSize), s.strata.map((h) => h.n)],
    );
  }
  const signals = await client.query<{ id: string; address_id: string }>(
    `INSERT INTO signals (address_id, model_version, list_id, rank, explanation, proposed_by, proposed_at, proposal_reason, purpose, kind, sample_id)
     SELECT m.address_id, $1, $2, m.rank, m.explanation::jsonb, $3, $4, $5, $5, 'sample', $6
     FROM unnest($7::text[], $8::int[], $9::text[]) AS m(address_id, rank, explanation)
     RETURNING id, address_id`,
    [
      s.modelVersion,
      s.listId,
      SYSTEM,
      s.drawnAt,
      s.reason,
      id,
      s.members.map((m) => m.address.address_id),
      s.members.map((m) => m.address.rank),
      s.members.map((m) => JSON.stringify(m.snapshot)),
    ],
  );
  const signalOf = new Map(signals.rows.map((r) => [r.address_id, Number(r.id)]));
  const signalIds = s.members.map((m) => signalOf.get(m.address.address_id)!);
  await client.query(
    `INSERT INTO sample_members (sample_id, address_id, inclusion_probability, stratum, signal_id) SELECT $1, * FROM unnest($2::text[], $3::float8[], $4::text[], $5::bigint[])`,
    [
      id,
      s.members.map((m) => m.address.address_id),
      s.members.map((m) => m.address.inclusion_probability),
      s.members.map((m) => (s.design === 'district' ? m.address.stratum : null)),
      signalIds,
    ],
  );
  return { id, signals: signalIds };
}

interface SampleRow {
  id: string;
  drawn_by: string;
  drawn_at: Date;
  seed: string;
  model_version: number;
  list_id: string | null;
  reference_date: string;
  frame_size: number;
  n: number;
  design: 'uniform' | 'district';
  share: number | null;
  approved_controls: number | null;
  reason: string;
  strata: Array<{ district: string; frameSize: number; n: number }>;
  counts: Omit<SampleView['counts'], 'nonResponse'>;
}

/**
 * Samples, newest first (or the one of `id`), with what became of their members. A member
 * still proposed on `unansweredAt` or later counts as unanswered; one whose signal
 * retention deleted was rejected (retention deletes no other signal).
 */
export async function listSamples(
  db: Queryable,
  { unansweredBefore, limit = 50, id = null }: { unansweredBefore: Date; limit?: number; id?: number | null },
): Promise<SampleView[]> {
  const { rows } = await db.query<SampleRow>(
    `SELECT p.id, p.drawn_by, p.drawn_at, p.seed, p.model_version, p.list_id, p.reference_date::text, p.frame_size, p.n, p.design, p.share, p.approved_controls, p.reason,
       (SELECT coalesce(json_agg(json_build_object('district', t.stratum, 'frameSize', t.frame_size, 'n', t.n) ORDER BY t.stratum COLLATE "C"), '[]'::json)
          FROM sample_strata t WHERE t.sample_id = p.id) AS strata,
       json_build_object(
         'drawn', count(*),
         'pending', count(*) FILTER (WHERE g.status = 'proposed' AND p.drawn_at > $1),
         'unanswered', count(*) FILTER (WHERE g.status = 'proposed' AND p.drawn_at <= $1),
         'approved', count(*) FILTER (WHERE g.status IN ('approved', 'control_planned', 'outcome_recorded')),
         'rejected', count(*) FILTER (WHERE g.status = 'rejected' OR g.id IS NULL),
         'controlled', count(*) FILTER (WHERE g.status = 'outcome_recorded'),
         'found', count(*) FILTER (WHERE g.outcome IN ('cultivation', 'preparation')),
         'noAccess', count(*) FILTER (WHERE g.outcome = 'no_access')) AS counts
     FROM samples p
     JOIN sample_members m ON m.sample_id = p.id
     LEFT JOIN signals g ON g.id = m.signal_id
     WHERE $3::bigint IS NULL OR p.id = $3
     GROUP BY p.id ORDER BY p.id DESC LIMIT $2`,
    [unansweredBefore, limit, id],
  );
  return rows.map((r) => ({
    id: Number(r.id),
    drawnBy: r.drawn_by,
    drawnAt: r.drawn_at.toISOString(),
    seed: Number(r.seed),
    reason: r.reason,
    modelVersion: r.model_version,
    listId: r.list_id === null ? null : Number(r.list_id),
    referenceDate: r.reference_date,
    frameSize: r.frame_size,
    n: r.n,
    design: r.design,
    probability: r.design === 'uniform' ? r.n / r.frame_size : null,
    strata: r.strata.map((h) => ({ ...h, probability: h.n / h.frameSize })),
    size: r.share === null ? null : { share: r.share, approvedControls: r.approved_controls! },
    counts: { ...r.counts, nonResponse: r.counts.rejected + r.counts.unanswered },
  }));
}

/** The chance with which a sample signal's address was drawn. */
export async function memberProbability(db: Queryable, signalId: number): Promise<number> {
  const { rows } = await db.query<{ inclusion_probability: number }>(
    'SELECT inclusion_probability FROM sample_members WHERE signal_id = $1',
    [signalId],
  );
  if (!rows[0]) throw new Error(`signal ${signalId} is of kind sample but no sample member holds it`);
  return rows[0].inclusion_probability;
}
