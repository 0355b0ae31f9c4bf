import {
  additiveLogits,
  DEFAULT_ADDITIVE,
  type AdditiveFitOptions,
  type AdditiveModel,
  type FeatureBins,
  type RawMatrix,
} from './additive.ts';
import { fitAdditive } from './additive-fit.ts';
import { addPairs } from './additive-pairs.ts';
import type { Tf } from './backend.ts';
import { binIndices, binOffsets, fitBins } from './bins.ts';
import type { FitHistory, ValidationMetric } from './fit-types.ts';
import { monotonize, type Direction } from './monotone.ts';
import { Shuffler } from './shuffle.ts';

/**
 * The additive model as EBM fits it: outer bags averaged, pairs on the average's residuals.
 *
 * Each of K bags is fitted by fitAdditive on its own seeded share of the training rows,
 * on bins fitted once on every training row, and stopped early on the validation rows on
 * its own; the model is the mean of the bags' tables and intercepts. The mean of additive
 * models over the same bins is again one (contributions plus intercept still equal the
 * logit, and the logit is the mean of the bags' logits). Every bag is first centred on all
 * training rows, so the average is centred as a single fit is and the spread of a bin
 * across the bags, kept per bin, measures its shape, not its level: an error bar for an
 * explanation.
 *
 * Why these settings (bench city of 100,000 addresses, expected AP over 200 draws of the
 * test year's labels from p_bayes, test years 2023 and 2024, as a share of p_bayes's):
 * - The step is coupled (AdditiveFitOptions.coupled): a bin-by-bin Newton step moves the
 *   smoothness penalty's information one bin per sweep, so with 512 bins and early stopping
 *   at the 2nd or 3rd sweep the shapes were hardly smoothed at all; and the smoothing is
 *   per quantile unit, strong on kWh or WOZ (hundreds of bins), light on report counts and
 *   flags, whose first step is the signal. With it, l2 1 and smoothing 200: 0.736 → 0.770.
 * - Early stopping on validation log-loss, not AP: AP on ~100 validation positives picked
 *   the 1st or 2nd sweep by chance (every bag of 2023 stopped at sweep 1). Part of the above.
 * - Four pairs, ranked (FAST-like, in additive-pairs.ts) on the averaged main effects' residuals,
 *   with a ridge of 30 per cell: with a ridge of 1 the pairs overfitted in their first
 *   sweep and were dropped in one year and kept in the other; with 30 they are kept in
 *   both: +0.01.
 * - Bagging itself hardly moves the expected AP (5 bags 0.778–0.787 over two seeds, 14
 *   bags 0.779, one fit 0.781; with the old bin-by-bin step none at all): it is here for
 *   the per-bin spread, and for a model that does not hang on one draw of the training
 *   rows. Each bag costs about one single fit, so 5 bags, and a patience of 4 sweeps
 *   (log-loss is smooth enough: the same AP, a quarter less time).
 *
 * These were chosen on the city of seed 1 (0.736 → 0.786 of p_bayes, the mean of the two
 * years). On the city of seed 2, not looked at while choosing: 0.752 → 0.808.
 */

export interface BaggingOptions {
  /** Number of bags. */
  bags: number;
  /** Share of the training rows each bag is fitted on, drawn without replacement (1: every bag sees every row). */
  sampleShare: number;
  /** Seed of the bags' row draws: the same seed, the same model. */
  seed: number;
  /** Each bag's booster; its `bins` and `pairs` are ignored: the bags share bins, pairs come after the average. */
  additive: AdditiveFitOptions;
  /** Pairwise terms fitted on the averaged model's residuals (0: none), with additive.pairCandidates, pairBins, pairL2. */
  pairs: number;
  /** What early stopping maximises on the validation rows, in every bag and for the pairs. */
  metric: ValidationMetric;
  /** Features whose shape must be monotone (by name): made so after averaging and again after the pairs (monotone.ts). */
  monotone?: Readonly<Record<string, Direction>>;
  /** A refit: exactly this many pair sweeps, the last kept (see additive-pairs.ts); with additive.keepLast. */
  pairSweeps?: number;
}

/** Minus the mean log-loss of the logits (labels may be fractions): far steadier than AP on a hundred positives. */
export const negativeLogLoss: ValidationMetric = (logits, labels) => {
  let sum = 0;
  for (let i = 0; i < logits.length; i++) {
    const z = logits[i]!;
    sum += Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z))) - labels[i]! * z;
  }
  return -sum / logits.length;
};

export const DEFAULT_BAGGING: BaggingOptions = {
  bags: 5,
  sampleShare: 0.85,
  seed: 1,
  additive: { ...DEFAULT_ADDITIVE, coupled: true, smoothing: 200, l2: 1, patience: 4, pairs: 0, pairL2: 30 },
  pairs: 4,
  metric: negativeLogLoss,
};

export interface BaggedAdditive {
  /** The averaged model (with its pairs, when any were kept). */
  model: AdditiveModel;
  /** Per feature and bin, the standard deviation of the bin's value across the bags (0 with one bag). */
  spread: number[][];
  /** Each bag's model (centred on every training row), the sweep it kept and that sweep's validation score. */
  bags: Array<{ model: AdditiveModel; epoch: number; score: number }>;
  /**
   * Per sweep of the main effects, the bags' mean training loss and validation score (over
   * the bags that ran it): its best epoch is the sweep count for a refit of the bags.
   */
  history: FitHistory[];
  /** The pairs' sweeps, numbered on from the main effects' (empty without pairs). */
  pairHistory: FitHistory[];
  /** What a refit repeats: the bags' mean kept sweep, and the pair sweep kept (0: the pairs were dropped). */
  refit: { epochs: number; pairSweeps: number };
}

/** Each bag's rows: a seeded draw without replacement of round(share × rows), in row order. */
export function bagRows(rows: number, bags: number, share: number, seed: number): Uint32Array[] {
  if (!(share > 0 && share <= 1)) throw new Error(`the sample share must lie in (0, 1], not ${share}`);
  const size = Math.max(1, Math.round(share * rows));
  const rng = new Shuffler(seed);
  return Array.from({ length: bags }, () =>
    size === rows ? Uint32Array.from({ length: rows }, (_, i) => i) : rng.permutation(rows).subarray(0, size).sort(),
  );
}

function sampleRows(matrix: RawMatrix, rows: Uint32Array): RawMatrix {
  const width = matrix.features;
  const x = new Float64Array(rows.length * width);
  const y = new Float32Array(rows.length);
  const weights = matrix.weights ? new Float32Array(rows.length) : undefined;
  rows.forEach((r, i) => {
    for (let j = 0; j < width; j++) x[i * width + j] = matrix.x[r * width + j]!;
    y[i] = matrix.y[r]!;
    if (weights) weights[i] = matrix.weights![r]!;
  });
  return { x, y, rows: rows.length, features: width, ...(weights ? { weights } : {}) };
}

/**
 * Fits `options.bags` additive models on seeded shares of the training rows, averages
 * them and adds `options.pairs` pair terms (see above). Deterministic for a seed. With
 * `additive.keepLast`, every bag runs exactly `additive.maxEpochs` sweeps (a refit).
 */
export async function fitBaggedAdditive(
  tf: Tf,
  names: readonly string[],
  train: RawMatrix,
  validation: RawMatrix,
  options: BaggingOptions = DEFAULT_BAGGING,
): Promise<BaggedAdditive> {
  if (!(Number.isInteger(options.bags) && options.bags >= 1))
    throw new Error(`the number of bags must be a whole number ≥ 1, not ${options.bags}`);
  if (names.length !== train.features) throw new Error(`${names.length} feature names for ${train.features} training columns`);
  const bins = fitBins(train.x, train.rows, names, options.additive.maxBins);
  const counts = binCounts(bins, train);
  const directions = directionsOf(names, options.monotone ?? {});
  const perBag: AdditiveFitOptions = { ...options.additive, bins, pairs: 0 };
  const bags: BaggedAdditive['bags'] = [];
  const histories: FitHistory[][] = [];
  for (const rows of bagRows(train.rows, options.bags, options.sampleShare, options.seed)) {
    const sample = rows.length === train.rows ? train : sampleRows(train, rows);
    const { model, history } = await fitAdditive(tf, names, sample, validation, options.metric, perBag);
    const kept = options.additive.keepLast ? history.at(-1)! : history.reduce((a, h) => (h.validationScore > a.validationScore ? h : a));
    bags.push({ model: centreOn(model, counts, train.rows), epoch: kept.epoch, score: kept.validationScore });
    histories.push(history);
  }
  const { model: averaged, spread } = averageModels(
    bags.map((b) => b.model),
    bins,
  );
  const main = monotonize(averaged, counts, directions);
  const history = meanHistory(histories);
  const epochs = Math.max(1, Math.round(bags.reduce((sum, b) => sum + b.epoch, 0) / bags.length));
  if (!options.pairs) return { model: main, spread, bags, history, pairHistory: [], refit: { epochs, pairSweeps: 0 } };
  const mainScore = options.metric(additiveLogits(main, validation.x, validation.rows), Float32Array.from(validation.y));
  const pairHistory = [...history];
  const withPairs = addPairs(main, {
    mainScore,
    train,
    validation,
    metric: options.metric,
    options: { ...options.additive, pairs: options.pairs },
    history: pairHistory,
    ...(options.pairSweeps === undefined ? {} : { sweeps: options.pairSweeps }),
  });
  const pairs = pairHistory.slice(history.length);
  const pairSweeps = !withPairs.pairs?.length ? 0 : keptSweep(pairs, options.pairSweeps !== undefined);
  // Purified pairs moved their margins into the main effects: monotone again where declared.
  const model = monotonize(withPairs, counts, directions);
  return { model, spread, bags, history, pairHistory: pairs, refit: { epochs, pairSweeps } };
}

/** The pair sweep kept: the last of a refit, else the first with the best validation score. */
function keptSweep(pairHistory: readonly FitHistory[], last: boolean): number {
  if (last) return pairHistory.length;
  let best = 0;
  pairHistory.forEach((h, s) => {
    if (h.validationScore > pairHistory[best]!.validationScore) best = s;
  });
  return best + 1;
}

/** Declared directions by feature index; a name that is not a feature is refused. */
function directionsOf(names: readonly string[], monotone: Readonly<Record<string, Direction>>): Map<number, Direction> {
  return new Map(
    Object.entries(monotone).map(([name, direction]) => {
      const j = names.indexOf(name);
      if (j < 0) throw new Error(`monotone: ${name} is not one of the ${names.length} features`);
      return [j, direction];
    }),
  );
}

/** Training rows per bin of every feature. */
function binCounts(bins: readonly FeatureBins[], train: RawMatrix): Float64Array[] {
  const width = bins.length;
  const index = binIndices(bins, train.x, train.rows);
  const counts = bins.map((b) => new Float64Array(b.edges.length + 1));
  const offsets = binOffsets(bins);
  for (let i = 0; i < train.rows; i++) for (let j = 0; j < width; j++) counts[j]![index[i * width + j]! - offsets[j]!]! += 1;
  return counts;
}

/** The model with each term's mean over the given bin counts moved into the intercept (its logits stay). */
function centreOn(model: AdditiveModel, counts: readonly Float64Array[], rows: number): AdditiveModel {
  let intercept = model.intercept;
  const terms = model.terms.map((values, j) => {
    let mean = 0;
    values.forEach((v, k) => (mean += (v * counts[j]![k]!) / rows));
    intercept += mean;
    return values.map((v) => v - mean);
  });
  return { ...model, terms, intercept };
}

/**
 * The mean of main-effects models over the same bins, and each bin's standard deviation
 * across them. Both are taken as shifts from the first model, so that identical models
 * average to themselves and spread exactly 0.
 */
function averageModels(models: readonly AdditiveModel[], bins: readonly FeatureBins[]): { model: AdditiveModel; spread: number[][] } {
  const n = models.length;
  const first = models[0]!;
  const spread: number[][] = bins.map(() => []);
  const terms = bins.map((_, j) =>
    first.terms[j]!.map((v0, k) => {
      let sum = 0;
      for (const m of models) sum += m.terms[j]![k]! - v0;
      const shift = sum / n;
      let squares = 0;
      for (const m of models) squares += (m.terms[j]![k]! - v0 - shift) ** 2;
      spread[j]!.push(n < 2 ? 0 : Math.sqrt(squares / (n - 1)));
      return v0 + shift;
    }),
  );
  let shift = 0;
  for (const m of models) shift += m.intercept - first.intercept;
  return {
    model: { bins: bins.map((b) => ({ name: b.name, edges: [...b.edges] })), terms, intercept: first.intercept + shift / n },
    spread,
  };
}

/** Per sweep, the mean loss and validation score of the histories that reach it. */
function meanHistory(histories: readonly FitHistory[][]): FitHistory[] {
  const longest = histories.reduce((most, h) => Math.max(most, h.length), 0);
  return Array.from({ length: longest }, (_, s) => {
    const at = histories.filter((h) => h.length > s).map((h) => h[s]!);
    return {
      epoch: s + 1,
      loss: at.reduce((sum, h) => sum + h.loss, 0) / at.length,
      validationScore: at.reduce((sum, h) => sum + h.validationScore, 0) / at.length,
    };
  });
}
