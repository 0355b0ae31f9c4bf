import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type pg from 'pg';
import { buildFeatures, type FeatureMatrix } from '../features/index.ts';
import type { Queryable } from '../db/index.ts';
import { explainRows } from '../models/index.ts';
import { loadTensorflow } from '../models/index.ts';
import { withTransaction } from '../db/index.ts';
import { dataYears, lastCompleteYear } from './dataset.ts';
import { activeModel, type ModelRecord } from './registry.ts';

/**
 * Batch scoring with the active model: features of every address as of one reference
 * date, scored and explained in chunks, ranked, and stored as one risk list in one
 * transaction (a list is either complete or absent).
 */
export class ScoringError extends Error {
  override name = 'ScoringError';
}

/** The reference date to score by default: the 1 January after the newest year with complete labels. */
export async function nextReferenceDate(db: Queryable): Promise<string> {
  const span = await dataYears(db);
  if (!span) throw new ScoringError('there are no reports or inspections in the database: ingest a delivery first (hennep ingest --dir DIR)');
  return `${lastCompleteYear(span) + 1}-01-01`;
}

export interface ScoreResult {
  listId: number;
  version: number;
  referenceDate: string;
  addresses: number;
  completenessError: { max: number; mean: number };
  seconds: number;
}

const CHUNK = 10_000;

export async function scoreAddresses(
  pool: pg.Pool,
  options: { asOf?: string; model?: ModelRecord; onProgress?: (message: string) => void; /** Already built for `asOf`: not built again. */ features?: FeatureMatrix } = {},
): Promise<ScoreResult> {
  const started = performance.now();
  const model = options.model ?? (await activeModel(pool));
  if (!model) throw new ScoringError('no model is active: train one first (hennep train), or activate one (hennep models activate VERSION)');
  const referenceDate = options.asOf ?? (await nextReferenceDate(pool));
  let features = options.features;
  if (features?.referenceDate !== referenceDate) {
    options.onProgress?.(`features as of ${referenceDate}`);
    features = await buildFeatures(pool, referenceDate);
  }
  if (features.names.join() !== model.artefact.names.join()) {
    throw new ScoringError(`model ${model.version} was trained on another feature list than the catalogue now builds; train a new model (hennep train)`);
  }
  const rows = features.addressIds.length;
  const width = features.names.length;
  const { tf } = await loadTensorflow();
  const logits = new Float64Array(rows);
  const probabilities = new Float64Array(rows);
  const contributions = new Float64Array(rows * width);
  let intercept = 0;
  let maxError = 0;
  let sumError = 0;
  for (let start = 0; start < rows; start += CHUNK) {
    const n = Math.min(CHUNK, rows - start);
    const part = explainRows(model.artefact, features.values.subarray(start * width, (start + n) * width), n, tf);
    logits.set(part.logits, start);
    probabilities.set(part.probabilities, start);
    contributions.set(part.contributions, start * width);
    intercept = part.intercept;
    maxError = Math.max(maxError, part.completenessError.max);
    sumError += part.completenessError.mean * n;
  }
  const bad = logits.findIndex((z) => !Number.isFinite(z));
  // The row number, not the address id: this message reaches logs and job records.
  if (bad >= 0) throw new ScoringError(`model ${model.version} gave row ${bad + 1} of the features as of ${referenceDate} a score of ${logits[bad]}; nothing was stored (hennep features --as-of ${referenceDate} shows that row; check the model's artefact)`);
  const order = Array.from({ length: rows }, (_, i) => i).sort((a, b) => logits[b]! - logits[a]! || (features.addressIds[a]! < features.addressIds[b]! ? -1 : 1));
  const rank = new Int32Array(rows);
  order.forEach((row, position) => (rank[row] = position + 1));

  options.onProgress?.(`storing the risk list of ${rows.toLocaleString('en')} addresses`);
  const medians = featureMedians(features.values, rows, width);
  const row = (matrix: Float64Array, i: number) => `{${Array.from(matrix.subarray(i * width, (i + 1) * width)).join(',')}}`;
  const listId = await withTransaction(pool, async (client) => {
    const list = await client.query<{ id: number }>('INSERT INTO risk_lists (model_version, reference_date, addresses, feature_medians) VALUES ($1, $2, $3, $4) RETURNING id', [model.version, referenceDate, rows, medians]);
    const id = list.rows[0]!.id;
    for (let start = 0; start < rows; start += CHUNK) {
      const end = Math.min(rows, start + CHUNK);
      const explained: string[] = [];
      const values: string[] = [];
      for (let i = start; i < end; i++) {
        explained.push(row(contributions, i));
        values.push(row(features.values, i));
      }
      await client.query(
        `INSERT INTO risk_scores (list_id, address_id, score, probability, rank, contributions, intercept, feature_values)
         SELECT $1, a, s, p, r, c::float8[], $7, v::float8[] FROM unnest($2::text[], $3::float8[], $4::float8[], $5::int[], $6::text[], $8::text[]) AS t(a, s, p, r, c, v)`,
        [id, features.addressIds.slice(start, end), Array.from(logits.subarray(start, end)), Array.from(probabilities.subarray(start, end)), Array.from(rank.subarray(start, end)), explained, intercept, values],
      );
    }
    return id;
  });
  // Statistics that know the new list: without them (autovacuum off or not yet run; PGlite
  // has none) the planner takes the list for a few rows and reads all of it, joined and
  // sorted, for each page of a district instead of walking the rank index. A role that does
  // not own the table gets a warning here, not an error.
  await pool.query('ANALYZE risk_scores');
  return { listId, version: model.version, referenceDate, addresses: rows, completenessError: { max: maxError, mean: rows ? sumError / rows : 0 }, seconds: (performance.now() - started) / 1000 };
}

/** The median of every column of a row-major matrix: the reference an explanation shows. */
export function featureMedians(values: Float64Array, rows: number, width: number): number[] {
  const column = new Float64Array(rows);
  const medians: number[] = [];
  for (let j = 0; j < width; j++) {
    for (let i = 0; i < rows; i++) column[i] = values[i * width + j]!;
    column.sort();
    medians.push(rows === 0 ? 0 : rows % 2 ? column[(rows - 1) / 2]! : (column[rows / 2 - 1]! + column[rows / 2]!) / 2);
  }
  return medians;
}

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
  const { rows } = await db.query<{ address_id: string; score: number }>('SELECT address_id, score FROM risk_scores WHERE list_id = $1 ORDER BY rank', [list.id]);
  return { listId: list.id, version: list.model_version, referenceDate: list.reference_date, addressIds: rows.map((r) => r.address_id), scores: Float64Array.from(rows, (r) => r.score) };
}
