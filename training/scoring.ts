/**
 * Batch scoring with the active model: features of every address as of one reference
 * date, scored, ranked, then explained and stored chunk by chunk as one risk list in one
 * transaction (a list is either complete or absent). Only the scores of every address are
 * held at once; a chunk's contributions are dropped once it is stored (and stored only
 * where they cannot be computed again from the values: models/stored-terms.ts).
 */
import type pg from 'pg';
import type { Queryable } from '../db/index.ts';
import { withTransaction } from '../db/index.ts';
import { buildFeatures, imputationIndicators, type FeatureMatrix } from '../features/index.ts';
import {
  explainRows,
  loadTensorflow,
  reasonTerms,
  scoreRows,
  STORED_REASONS,
  storedReasonsText,
  storesContributions,
  termsOfRow,
  type LoadedBackend,
} from '../models/index.ts';
import { dataYears, lastCompleteYear } from './dataset.ts';
import { activeModel, type ModelRecord } from './registry.ts';

type Tf = LoadedBackend['tf'];

export class ScoringError extends Error {
  override name = 'ScoringError';
}

/** The reference date to score by default: the 1 January after the newest year with complete labels. */
export async function nextReferenceDate(db: Queryable): Promise<string> {
  const span = await dataYears(db);
  if (!span)
    throw new ScoringError('there are no reports or inspections in the database: ingest a delivery first (hennep ingest --dir DIR)');
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
  options: {
    asOf?: string;
    model?: ModelRecord;
    onProgress?: (message: string) => void;
    /** Already built for `asOf`: not built again. */
    features?: FeatureMatrix;
  } = {},
): Promise<ScoreResult> {
  const started = performance.now();
  const model = options.model ?? (await activeModel(pool));
  if (!model)
    throw new ScoringError('no model is active: train one first (hennep train), or activate one (hennep models activate VERSION)');
  const referenceDate = options.asOf ?? (await nextReferenceDate(pool));
  let features = options.features;
  if (features?.referenceDate !== referenceDate) {
    options.onProgress?.(`features as of ${referenceDate}`);
    features = await buildFeatures(pool, referenceDate);
  }
  if (features.names.join() !== model.artefact.names.join()) {
    throw new ScoringError(
      `model ${model.version} was trained on another feature list than the catalogue now builds; train a new model (hennep train)`,
    );
  }
  const { tf } = await loadTensorflow();
  const scored = scoreAll(model, features, tf);
  const bad = scored.logits.findIndex((z) => !Number.isFinite(z));
  // The row number, not the address id: this message reaches logs and job records.
  if (bad >= 0) {
    throw new ScoringError(
      `model ${model.version} gave row ${bad + 1} of the features as of ${referenceDate} a score of ${scored.logits[bad]}; ` +
        `nothing was stored (hennep features --as-of ${referenceDate} shows that row; check the model's artefact)`,
    );
  }
  const rows = features.addressIds.length;
  options.onProgress?.(`storing the risk list of ${rows.toLocaleString('en')} addresses`);
  const { listId, completeness } = await storeRiskList(pool, {
    model,
    referenceDate,
    features,
    scored,
    rank: ranksOf(scored.logits, features.addressIds),
    tf,
  });
  // Statistics that know the new list: without them (autovacuum off or not yet run; PGlite
  // has none) the planner takes the list for a few rows and reads all of it, joined and
  // sorted, for each page of a district instead of walking the rank index. A role that does
  // not own the table gets a warning here, not an error.
  await pool.query('ANALYZE risk_scores');
  const completenessError = { max: completeness.max, mean: rows ? completeness.sum / rows : 0 };
  return {
    listId,
    version: model.version,
    referenceDate,
    addresses: rows,
    completenessError,
    seconds: (performance.now() - started) / 1000,
  };
}

/** Every address's logit and calibrated probability, in the features' order. */
interface Scored {
  logits: Float64Array;
  probabilities: Float64Array;
}

/** Scores the matrix in chunks, without explanations: what ranking needs. */
function scoreAll(model: ModelRecord, features: FeatureMatrix, tf: Tf): Scored {
  const rows = features.addressIds.length;
  const width = features.names.length;
  const scored: Scored = { logits: new Float64Array(rows), probabilities: new Float64Array(rows) };
  for (let start = 0; start < rows; start += CHUNK) {
    const n = Math.min(CHUNK, rows - start);
    const part = scoreRows(model.artefact, features.values.subarray(start * width, (start + n) * width), n, tf);
    scored.logits.set(part.logits, start);
    scored.probabilities.set(part.probabilities, start);
  }
  return scored;
}

/**
 * One chunk explained: per address its contributions, features then pairs, as the stored
 * array's text (null where the model's are computed again on read: models/stored-terms.ts),
 * and the reasons the risk list shows (models/reasons.ts, with the features' imputation
 * `indicators`); the intercept; and the chunk's completeness errors.
 */
function explainChunk(model: ModelRecord, features: FeatureMatrix, range: { start: number; end: number }, tf: Tf, indicators: Int32Array) {
  const width = features.names.length;
  const n = range.end - range.start;
  const values = features.values.subarray(range.start * width, range.end * width);
  const part = explainRows(model.artefact, values, n, tf);
  const stored = storesContributions(model.artefact);
  const explained: Array<string | null> = [];
  const reasons: string[] = [];
  for (let i = 0; i < n; i++) {
    const terms = termsOfRow(part, width, i);
    explained.push(stored ? `{${terms.join(',')}}` : null);
    const row = {
      contributions: terms,
      values: values.subarray(i * width, (i + 1) * width),
      features: width,
      pairs: part.pairs.length,
      indicators,
    };
    reasons.push(storedReasonsText(reasonTerms(row, STORED_REASONS)));
  }
  return { explained, reasons, intercept: part.intercept, max: part.completenessError.max, sum: part.completenessError.mean * n };
}

/** Each row's rank, 1 the highest logit; equal logits by address id, so a list ranks the same every time. */
function ranksOf(logits: Float64Array, addressIds: readonly string[]): Int32Array {
  const order = Array.from({ length: logits.length }, (_, i) => i).sort(
    (a, b) => logits[b]! - logits[a]! || (addressIds[a]! < addressIds[b]! ? -1 : 1),
  );
  const rank = new Int32Array(logits.length);
  order.forEach((row, position) => (rank[row] = position + 1));
  return rank;
}

/**
 * Stores the list and every address's score in one transaction: a list is either complete
 * or absent. Each chunk is explained just before it is inserted. Returns its id and the
 * explanations' completeness errors (largest, and the sum over addresses).
 */
async function storeRiskList(
  pool: pg.Pool,
  list: { model: ModelRecord; referenceDate: string; features: FeatureMatrix; scored: Scored; rank: Int32Array; tf: Tf },
): Promise<{ listId: number; completeness: { max: number; sum: number } }> {
  const { features, scored, rank } = list;
  const rows = features.addressIds.length;
  const width = features.names.length;
  const medians = featureMedians(features.values, rows, width);
  const indicators = imputationIndicators(features.names);
  const completeness = { max: 0, sum: 0 };
  const listId = await withTransaction(pool, async (client) => {
    const inserted = await client.query<{ id: number }>(
      'INSERT INTO risk_lists (model_version, reference_date, addresses, feature_medians, base_rate) VALUES ($1, $2, $3, $4, $5) RETURNING id',
      [list.model.version, list.referenceDate, rows, medians, baseRate(scored.probabilities)],
    );
    const id = inserted.rows[0]!.id;
    for (let start = 0; start < rows; start += CHUNK) {
      const end = Math.min(rows, start + CHUNK);
      const chunk = explainChunk(list.model, features, { start, end }, list.tf, indicators);
      completeness.max = Math.max(completeness.max, chunk.max);
      completeness.sum += chunk.sum;
      const values: string[] = [];
      for (let i = start; i < end; i++) values.push(`{${Array.from(features.values.subarray(i * width, (i + 1) * width)).join(',')}}`);
      const slice = (a: Float64Array | Int32Array) => Array.from(a.subarray(start, end));
      await client.query(
        // The municipality and areas by a join in this statement (migrations 012, 013), not by the row triggers.
        `INSERT INTO risk_scores (list_id, address_id, score, probability, rank, contributions, intercept, feature_values, reasons,
                                  municipality_code, district_code, neighbourhood_code)
         SELECT $1, t.a, t.s, t.p, t.r, t.c::float8[], $7, t.v::float8[], t.w::float8[], m.municipality_code, m.district_code, m.neighbourhood_code
         FROM unnest($2::text[], $3::float8[], $4::float8[], $5::int[], $6::text[], $8::text[], $9::text[]) AS t(a, s, p, r, c, v, w)
         LEFT JOIN addresses m ON m.address_id = t.a::char(16)`,
        [
          id,
          features.addressIds.slice(start, end),
          slice(scored.logits),
          slice(scored.probabilities),
          slice(rank),
          chunk.explained,
          chunk.intercept,
          values,
          chunk.reasons,
        ],
      );
    }
    // What the list's area filter can match, counted once here rather than on a first read.
    await client.query('UPDATE risk_lists SET areas = list_areas($1) WHERE id = $1', [id]);
    return id;
  });
  return { listId, completeness };
}

/** The list's base rate: the mean calibrated probability over its addresses (none without addresses). */
function baseRate(probabilities: Float64Array): number | null {
  return probabilities.length ? probabilities.reduce((s, p) => s + p, 0) / probabilities.length : null;
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
