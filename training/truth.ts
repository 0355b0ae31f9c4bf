/**
 * A model judged against a synthetic city's truth (`truth.csv` of `hennep generate`):
 * per address and year the latent state `cultivating` and `p_bayes`, the exact
 * probability of a positive label given everything observable. `p_bayes` used as a
 * score is the best ranking any model can reach, so the model's figures are stated as a
 * share of that limit rather than only against another model.
 */
import { FileRejected, readCsvText } from '../ingest/index.ts';
import { LIST_SIZES } from './evaluate.ts';
import { averagePrecision, precisionAtK, rocAuc } from './metrics.ts';

export const TRUTH_HEADER = 'address_id,year,cultivating,p_bayes,group';

export interface TruthRow {
  /** The latent state: a cultivation at the address during the year. */
  cultivating: boolean;
  /** P(positive label in the year | everything observable before 1 January), 0–1. */
  pBayes: number;
  /** The protected group, a or b. */
  group: 'a' | 'b';
}

const YEAR = /^\d{4}$/;
const PROBABILITY = /^\d+(\.\d+)?$/;

/**
 * The truth of one year: address id → its row. Every line of the file is checked, not
 * only the year's: a malformed line means the file is not what the generator wrote, and
 * the error names the file, the line and the column.
 */
export function parseTruthCsv(text: string, file: string, year: number): Map<string, TruthRow> {
  // Blank lines are kept: the generator writes none, so one is a line to name.
  const { header, separator, records } = readCsvText(text, file, { keepBlankLines: true });
  const headerText = header?.join(separator);
  if (headerText !== TRUTH_HEADER) {
    throw new FileRejected(
      file,
      1,
      null,
      `expected the header "${TRUTH_HEADER}", but ${headerText ? `the first line is "${headerText}"` : 'the first line is empty'}`,
    );
  }
  const truth = new Map<string, TruthRow>();
  let first = Infinity;
  let last = -Infinity;
  for (const { line, fields } of records) {
    const { addressId, rowYear, row } = truthRow(file, line, fields);
    first = Math.min(first, rowYear);
    last = Math.max(last, rowYear);
    if (rowYear !== year) continue;
    if (truth.has(addressId)) throw new FileRejected(file, line, 'address_id', `address ${addressId} has a second row for ${year}`);
    truth.set(addressId, row);
  }
  if (truth.size === 0) {
    throw new FileRejected(
      file,
      null,
      null,
      records.length === 0 ? 'the file has no rows' : `no row is of ${year}; the file covers ${first}–${last}`,
    );
  }
  return truth;
}

/** One line of truth.csv, checked field by field. */
function truthRow(file: string, line: number, fields: readonly string[]): { addressId: string; rowYear: number; row: TruthRow } {
  if (fields.length !== 5) throw new FileRejected(file, line, null, `expected 5 columns (${TRUTH_HEADER}), found ${fields.length}`);
  const [addressId, yearText, cultivating, pBayesText, group] = fields as [string, string, string, string, string];
  if (addressId === '' || addressId.trim() !== addressId)
    throw new FileRejected(file, line, 'address_id', `"${addressId}" is not an address id`);
  if (!YEAR.test(yearText)) throw new FileRejected(file, line, 'year', `"${yearText}" is not a year`);
  if (cultivating !== 'true' && cultivating !== 'false')
    throw new FileRejected(file, line, 'cultivating', `"${cultivating}" is not true or false`);
  const pBayes = Number(pBayesText);
  if (!PROBABILITY.test(pBayesText) || pBayes > 1)
    throw new FileRejected(file, line, 'p_bayes', `"${pBayesText}" is not a probability from 0 to 1`);
  if (group !== 'a' && group !== 'b') throw new FileRejected(file, line, 'group', `"${group}" is not a or b`);
  return { addressId, rowYear: Number(yearText), row: { cultivating: cultivating === 'true', pBayes, group } };
}

/** One labelled year scored by a model; parallel arrays, one entry per address. */
export interface ScoredYear {
  year: number;
  addressIds: readonly string[];
  /** The model's logit: the ranking. */
  logits: ArrayLike<number>;
  /** The model's calibrated probability of a positive label. */
  probabilities: ArrayLike<number>;
  /** 1 when a control in the year found a cultivation, else 0. */
  labels: ArrayLike<number>;
}

export interface RankingFigures {
  averagePrecision: number;
  rocAuc: number;
  atK: Array<{ k: number; precision: number }>;
  /** Average precision against the latent state instead of the observed labels. */
  latentAveragePrecision: number;
}

export interface TruthComparison {
  year: number;
  addresses: number;
  /** Observed positive labels. */
  positives: number;
  /** Addresses cultivating in the year, found or not. */
  cultivating: number;
  model: RankingFigures;
  /** p_bayes used as a score: the limit any model can reach. */
  bayes: RankingFigures;
  /** model AP / p_bayes AP on the observed labels. */
  averagePrecisionRatio: number;
  /** Spearman rank correlation of the model's probability with p_bayes (−1 to 1). */
  spearman: number;
  /** Means over the addresses, each a probability of a positive label. */
  calibration: { meanProbability: number; meanPBayes: number; observedRate: number };
}

export class TruthMismatchError extends Error {
  override name = 'TruthMismatchError';
}

/** Compares a scored year with the truth of that year; every address must have a truth row. */
export function compareWithTruth(scored: ScoredYear, truth: ReadonlyMap<string, TruthRow>): TruthComparison {
  const rows = alignTruth(scored, truth);
  const { pBayes, cultivating } = rows;
  const labels = Float64Array.from(scored.labels);
  if (sum(labels) === 0)
    throw new Error(`no address has a positive label in ${scored.year}: average precision is undefined, so there is nothing to compare`);
  const figures = (scores: ArrayLike<number>): RankingFigures => ({
    averagePrecision: averagePrecision(scores, labels),
    rocAuc: rocAuc(scores, labels),
    atK: LIST_SIZES.map((k) => ({ k, precision: precisionAtK(scores, labels, k) })),
    latentAveragePrecision: averagePrecision(scores, cultivating),
  });
  const model = figures(scored.logits);
  const bayes = figures(pBayes);
  return {
    year: scored.year,
    addresses: labels.length,
    positives: sum(labels),
    cultivating: sum(cultivating),
    model,
    bayes,
    averagePrecisionRatio: model.averagePrecision / bayes.averagePrecision,
    spearman: spearmanCorrelation(scored.probabilities, pBayes),
    calibration: { meanProbability: mean(scored.probabilities), meanPBayes: mean(pBayes), observedRate: mean(labels) },
  };
}

/** p_bayes and the latent state in the scored rows' order, after checking that the two belong together. */
function alignTruth(scored: ScoredYear, truth: ReadonlyMap<string, TruthRow>): { pBayes: Float64Array; cultivating: Float64Array } {
  const n = scored.addressIds.length;
  if (n === 0) throw new TruthMismatchError('there are no scored addresses to compare');
  if (scored.logits.length !== n || scored.probabilities.length !== n || scored.labels.length !== n) {
    throw new TruthMismatchError(
      `addresses (${n}), logits (${scored.logits.length}), probabilities (${scored.probabilities.length}) and labels (${scored.labels.length}) differ in length`,
    );
  }
  const pBayes = new Float64Array(n);
  const cultivating = new Float64Array(n);
  const missing: string[] = [];
  let impossible = 0;
  let firstImpossible = '';
  scored.addressIds.forEach((id, i) => {
    const label = scored.labels[i];
    if (label !== 0 && label !== 1) throw new TruthMismatchError(`address ${id}: label is ${label}, expected 0 or 1`);
    const row = truth.get(id);
    if (!row) {
      missing.push(id);
      return;
    }
    pBayes[i] = row.pBayes;
    cultivating[i] = row.cultivating ? 1 : 0;
    // In the synthetic city a control finds a cultivation only where there is one.
    if (label === 1 && !row.cultivating && impossible++ === 0) firstImpossible = id;
  });
  if (missing.length > 0) {
    const have = missing.length === 1 ? 'has' : 'have';
    throw new TruthMismatchError(
      `${missing.length} of the ${n} scored addresses ${have} no truth row for ${scored.year} (first: ${missing[0]}); is this the truth of the city in the database?`,
    );
  }
  if (impossible > 0) {
    const which = impossible === 1 ? 'an address with a positive label was' : `${impossible} addresses with a positive label were`;
    throw new TruthMismatchError(
      `according to the truth, ${which} not cultivating in ${scored.year} (first: ${firstImpossible}); is this the truth of the city in the database?`,
    );
  }
  return { pBayes, cultivating };
}

/**
 * Spearman's rank correlation: the Pearson correlation of the average ranks (equal
 * values share the mean of their ranks). NaN when either side is constant.
 */
export function spearmanCorrelation(x: ArrayLike<number>, y: ArrayLike<number>): number {
  if (x.length !== y.length) throw new Error(`x (${x.length}) and y (${y.length}) differ in length`);
  if (x.length < 2) return Number.NaN;
  return pearson(averageRanks(x), averageRanks(y));
}

/** Ranks from 1, ties sharing the mean of the ranks they span. */
export function averageRanks(values: ArrayLike<number>): Float64Array {
  const order = Array.from(values, (_, i) => i).sort((a, b) => values[a]! - values[b]!);
  const ranks = new Float64Array(values.length);
  for (let start = 0; start < order.length;) {
    let end = start;
    while (end + 1 < order.length && values[order[end + 1]!] === values[order[start]!]) end++;
    for (let i = start; i <= end; i++) ranks[order[i]!] = (start + end) / 2 + 1;
    start = end + 1;
  }
  return ranks;
}

function pearson(x: Float64Array, y: Float64Array): number {
  const mx = mean(x);
  const my = mean(y);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < x.length; i++) {
    sxy += (x[i]! - mx) * (y[i]! - my);
    sxx += (x[i]! - mx) ** 2;
    syy += (y[i]! - my) ** 2;
  }
  return sxx === 0 || syy === 0 ? Number.NaN : sxy / Math.sqrt(sxx * syy);
}

function sum(values: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < values.length; i++) total += values[i]!;
  return total;
}

function mean(values: ArrayLike<number>): number {
  return sum(values) / values.length;
}
