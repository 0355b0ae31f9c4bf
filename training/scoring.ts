/**
 * Batch scoring with the active model: the features of every address as of one reference
 * date, read batch by batch through a cursor, each batch scored, explained and staged, then
 * ranked in SQL and stored as one risk list, all in one transaction (a list is either
 * complete or absent; the transaction creates a temporary table, a privilege PostgreSQL
 * grants every role by default). Nothing per address is held in the process: the medians come from
 * a bounded sample (median-sample.ts), the base rate from a running sum. A batch's
 * contributions are stored only where they cannot be computed again from the values
 * (models/stored-terms.ts).
 */
import type pg from 'pg';
import type { Queryable } from '../db/index.ts';
import { withTransaction } from '../db/index.ts';
import { FEATURE_NAMES, FETCH_ROWS, forEachFeatureBatchIn, imputationIndicators, type FeatureMatrix } from '../features/index.ts';
import {
  explainRows,
  loadTensorflow,
  reasonTerms,
  scoreRows,
  STORED_REASONS,
  storedReasonsText,
  storesContributions,
  termsOfRow,
  type Explained,
  type LoadedBackend,
} from '../models/index.ts';
import { dataYears, lastCompleteYear } from './dataset.ts';
import { MEDIAN_ROWS, MedianSample } from './median-sample.ts';
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

export async function scoreAddresses(
  pool: pg.Pool,
  options: {
    asOf?: string;
    model?: ModelRecord;
    onProgress?: (message: string) => void;
    /** Sees each batch of the features as it is scored (the retrain job counts drift on them). */
    onFeatures?: (batch: FeatureMatrix) => void;
    /** Addresses per batch: the features' cursor fetch, and the rows explained and staged at a time. */
    batchRows?: number;
    /** Addresses whose rows the medians' sample keeps (median-sample.ts). */
    medianRows?: number;
  } = {},
): Promise<ScoreResult> {
  const started = performance.now();
  const model = options.model ?? (await activeModel(pool));
  if (!model)
    throw new ScoringError('no model is active: train one first (hennep train), or activate one (hennep models activate VERSION)');
  const referenceDate = options.asOf ?? (await nextReferenceDate(pool));
  if (FEATURE_NAMES.join() !== model.artefact.names.join()) {
    throw new ScoringError(
      `model ${model.version} was trained on another feature list than the catalogue now builds; train a new model (hennep train)`,
    );
  }
  const { tf } = await loadTensorflow();
  options.onProgress?.(`scoring the addresses as of ${referenceDate}`);
  const stored = await storeRiskList(pool, {
    model,
    referenceDate,
    tf,
    onFeatures: options.onFeatures,
    batchRows: options.batchRows ?? FETCH_ROWS,
    medianRows: options.medianRows ?? MEDIAN_ROWS,
  });
  options.onProgress?.(`stored the risk list of ${stored.rows.toLocaleString('en')} addresses`);
  // Statistics that know the new list: without them (autovacuum off or not yet run; PGlite
  // has none) the planner takes the list for a few rows and reads all of it, joined and
  // sorted, for each page of a district instead of walking the rank index. A role that does
  // not own the table gets a warning here, not an error.
  await pool.query('ANALYZE risk_scores');
  const { rows, completeness } = stored;
  const completenessError = { max: completeness.max, mean: rows ? completeness.sum / rows : 0 };
  return {
    listId: stored.listId,
    version: model.version,
    referenceDate,
    addresses: rows,
    completenessError,
    seconds: (performance.now() - started) / 1000,
  };
}

/**
 * One batch's explanations (`part`, explainRows') as stored: per address its contributions,
 * features then pairs, as the stored array's text (null where the model's are computed again
 * on read: models/stored-terms.ts), and the reasons the risk list shows (models/reasons.ts,
 * with the features' imputation `indicators`); the intercept; and the batch's completeness errors.
 */
function explainBatch(model: ModelRecord, part: Explained, values: Float64Array, n: number, indicators: Int32Array) {
  const width = model.artefact.names.length;
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

/** What the list keeps of every address while the year streams past: counts, sums and a bounded sample. */
class ListTally {
  rows = 0;
  probabilitySum = 0;
  readonly completeness = { max: 0, sum: 0 };
  readonly medians: MedianSample;

  constructor(width: number, medianRows: number) {
    this.medians = new MedianSample(width, medianRows);
  }

  /** The list's base rate: the mean calibrated probability over its addresses (none without addresses). */
  get baseRate(): number | null {
    return this.rows ? this.probabilitySum / this.rows : null;
  }
}

/**
 * Scores, explains and stores every address in one transaction: a list is either complete
 * or absent. The features are read in the cursor's snapshot; the areas stored with them are
 * the addresses' when the list is written (READ COMMITTED, as before scoring streamed: an
 * ingest meanwhile neither blocks nor fails it). Each batch is staged in a temporary table;
 * the list is ranked from it in SQL, 1 the highest logit, equal logits by address id in byte
 * order, so a list ranks the same every time.
 */
async function storeRiskList(
  pool: pg.Pool,
  list: {
    model: ModelRecord;
    referenceDate: string;
    tf: Tf;
    onFeatures?: (batch: FeatureMatrix) => void;
    batchRows: number;
    medianRows: number;
  },
): Promise<{ listId: number; rows: number; completeness: { max: number; sum: number } }> {
  const { model, referenceDate, tf } = list;
  const width = model.artefact.names.length;
  const indicators = imputationIndicators(model.artefact.names);
  const tally = new ListTally(width, list.medianRows);
  const listId = await withTransaction(pool, async (client) => {
    const inserted = await client.query<{ id: number }>(
      'INSERT INTO risk_lists (model_version, reference_date, addresses) VALUES ($1, $2, 0) RETURNING id',
      [model.version, referenceDate],
    );
    const id = inserted.rows[0]!.id;
    await client.query(
      `CREATE TEMPORARY TABLE scoring_stage (address_id char(16) NOT NULL, score float8 NOT NULL, probability float8 NOT NULL,
         contributions float8[], intercept float8 NOT NULL, feature_values float8[] NOT NULL, reasons float8[] NOT NULL) ON COMMIT DROP`,
    );
    await forEachFeatureBatchIn(
      client,
      referenceDate,
      async (batch) => {
        list.onFeatures?.(batch);
        await stageBatch(client, model, batch, tally, { tf, indicators });
      },
      list.batchRows,
    );
    await client.query(
      // The municipality and areas by a join in this statement (migrations 012, 013), not by the row triggers.
      `INSERT INTO risk_scores (list_id, address_id, score, probability, rank, contributions, intercept, feature_values, reasons,
                                municipality_code, district_code, neighbourhood_code)
       SELECT $1, s.address_id, s.score, s.probability, r.rank, s.contributions, s.intercept, s.feature_values, s.reasons,
              m.municipality_code, m.district_code, m.neighbourhood_code
       FROM scoring_stage s
       JOIN (SELECT address_id, row_number() OVER (ORDER BY score DESC, address_id COLLATE "C")::int AS rank FROM scoring_stage) r
         USING (address_id)
       LEFT JOIN addresses m ON m.address_id = s.address_id`,
      [id],
    );
    // What the list's area filter can match, and how many of each area, counted once here rather than on a first read.
    await client.query(
      'UPDATE risk_lists SET addresses = $2, feature_medians = $3, base_rate = $4, areas = list_areas($1), area_counts = list_area_counts($1) WHERE id = $1',
      [id, tally.rows, tally.medians.medians(), tally.baseRate],
    );
    return id;
  });
  return { listId, rows: tally.rows, completeness: tally.completeness };
}

/** One batch scored, explained and staged; a score that is not a finite number stops the list. */
async function stageBatch(
  client: Queryable,
  model: ModelRecord,
  batch: FeatureMatrix,
  tally: ListTally,
  tools: { tf: Tf; indicators: Int32Array },
): Promise<void> {
  const n = batch.addressIds.length;
  const width = model.artefact.names.length;
  const part = explainRows(model.artefact, batch.values, n, tools.tf);
  // The score is explainRows' own logit for a logistic or additive model (scoreRows computes
  // it the same way); an mlp's is its forward pass, not integrated gradients' end point.
  const scored = model.artefact.family === 'mlp' ? scoreRows(model.artefact, batch.values, n, tools.tf) : part;
  const bad = scored.logits.findIndex((z) => !Number.isFinite(z));
  // The row number, not the address id: this message reaches logs and job records.
  if (bad >= 0) {
    throw new ScoringError(
      `model ${model.version} gave row ${tally.rows + bad + 1} of the features as of ${batch.referenceDate} a score of ${scored.logits[bad]}; ` +
        `nothing was stored (hennep features --as-of ${batch.referenceDate} shows that row; check the model's artefact)`,
    );
  }
  const explained = explainBatch(model, part, batch.values, n, tools.indicators);
  tally.rows += n;
  for (const p of scored.probabilities) tally.probabilitySum += p;
  tally.completeness.max = Math.max(tally.completeness.max, explained.max);
  tally.completeness.sum += explained.sum;
  tally.medians.add(batch.values, batch.addressIds);
  const values: string[] = [];
  for (let i = 0; i < n; i++) values.push(`{${Array.from(batch.values.subarray(i * width, (i + 1) * width)).join(',')}}`);
  await client.query(
    `INSERT INTO scoring_stage
     SELECT t.a, t.s, t.p, t.c::float8[], $5, t.v::float8[], t.w::float8[]
     FROM unnest($1::text[], $2::float8[], $3::float8[], $4::text[], $6::text[], $7::text[]) AS t(a, s, p, c, v, w)`,
    [
      batch.addressIds,
      Array.from(scored.logits),
      Array.from(scored.probabilities),
      explained.explained,
      explained.intercept,
      values,
      explained.reasons,
    ],
  );
}
