import type { Tf } from './backend.ts';
import type { FitHistory, ValidationMetric } from './logistic.ts';

/**
 * The glass-box family: a generalised additive model with one learned, piecewise-constant
 * shape function per feature (the binned shape functions of EBM, fitted by gradient
 * descent as in Neural Additive Models):
 *
 *   logit(x) = intercept + Σ_j term_j[bin_j(x_j)]
 *
 * so a feature's contribution to an address's score is one number read from a table, and
 * the contributions plus the intercept are the logit (summed in float64: exact). Each term
 * is centred on the training rows (its weighted mean is 0), which makes a contribution
 * read as "this much riskier than a typical training address because of this feature".
 *
 * Speed on the wasm backend: a term lookup is a `gather` of the table and the per-bin sums
 * of gradient and curvature are weighted `bincount`s (wasm has no kernel for `gather`'s
 * own gradient), so a sweep costs O(rows × features), with no one-hot matrix at all.
 */

/** Bin edges of one feature: a value v falls in bin = number of edges strictly below v. */
export interface FeatureBins {
  name: string;
  edges: number[];
}

export interface AdditiveModel {
  bins: FeatureBins[];
  /** Per feature, the shape function's value per bin (edges.length + 1 values). */
  terms: number[][];
  intercept: number;
  /**
   * A few pairwise terms (GA²M): a table over coarse bins of two features. In an
   * explanation a pair's value is shared equally by its two features, so the
   * contributions still add up exactly to the logit.
   */
  pairs?: PairTerm[];
}

export interface PairTerm {
  /** Indices of the two features. */
  features: [number, number];
  /** Coarse bin edges of each. */
  edges: [number[], number[]];
  /** Row-major (edges[0].length + 1) × (edges[1].length + 1) values. */
  terms: number[];
}

export interface AdditiveFitOptions {
  /** Most sweeps over the features. */
  maxEpochs: number;
  /** Shrinkage of each Newton step. */
  learningRate: number;
  /** Shrinkage multiplier per sweep. */
  decay: number;
  /** Sweeps without a better validation score before stopping. */
  patience: number;
  /** Relative gain a sweep must bring to count as better for stopping (the best sweep is kept either way). */
  minImprovement: number;
  /** Most bins per feature; features with fewer distinct training values get one bin per value. */
  maxBins: number;
  /** Weight of the squared difference between neighbouring bins. */
  smoothing: number;
  /** Ridge on each bin's value: a prior pseudo-curvature that keeps thinly filled bins near 0. */
  l2: number;
  /** Weight of a positive in the loss; default 1 (the fit then estimates log-odds directly). */
  positiveWeight?: number;
  /** Keep the last sweep instead of the best on validation: a refit runs a fixed number of sweeps. */
  keepLast?: boolean;
  /** Pairwise terms added after the main effects (0: none). */
  pairs?: number;
  /** The pairs are chosen among this many features with the largest main effects. */
  pairCandidates?: number;
  /** Most coarse bins per feature of a pair. */
  pairBins?: number;
  /** Ridge on each cell of a pair table. */
  pairL2?: number;
}

export const DEFAULT_ADDITIVE: AdditiveFitOptions = {
  maxEpochs: 100,
  learningRate: 0.5,
  decay: 1,
  patience: 8,
  minImprovement: 0.001,
  // Chosen on the validation years of the 100,000-address bench city (2022 and 2023) by
  // the expected AP with labels drawn from p_bayes, which one draw of ~100 positives hides
  // (README, Performance): 512 bins resolve the upper tail of kWh and WOZ where the
  // cultivations are (128 lumped the top 0.8 %), 0.65 → 0.72 of p_bayes there; the ridge
  // and smoothing at 3 beat 1 and 10 on both years.
  maxBins: 512,
  smoothing: 3,
  l2: 3,
  // Pairwise terms are off: four pairs (pairL2 1, among 20 candidates) moved the expected
  // validation AP by −0.01 to +0.01 of p_bayes on the two bench years, too little for
  // explanations that share a pair's value between two features. `pairs: N` switches them on.
  pairs: 0,
  pairCandidates: 20,
  pairBins: 8,
  pairL2: 1,
};

/** Raw (unscaled) features, row-major [rows, features], with 0/1 labels. */
export interface RawMatrix {
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  rows: number;
  features: number;
  /** Per-row loss weights (label weighting); absent: every row 1. */
  weights?: ArrayLike<number>;
}

function binOf(edges: readonly number[], value: number): number {
  let low = 0;
  let high = edges.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (edges[mid]! < value) low = mid + 1;
    else high = mid;
  }
  return low;
}

/**
 * Bin edges per feature from the training rows: one bin per distinct value when there are
 * at most `maxBins` of them (edges halfway between values), else quantile bins (edges at
 * the distinct values found at each 1/maxBins quantile).
 */
export function fitBins(x: ArrayLike<number>, rows: number, names: readonly string[], maxBins: number): FeatureBins[] {
  const width = names.length;
  return names.map((name, j) => {
    const column = new Float64Array(rows);
    for (let i = 0; i < rows; i++) column[i] = x[i * width + j]!;
    column.sort();
    const distinct: number[] = [];
    for (let i = 0; i < rows; i++) if (i === 0 || column[i] !== column[i - 1]) distinct.push(column[i]!);
    if (distinct.length <= maxBins) {
      return { name, edges: distinct.slice(1).map((v, k) => (distinct[k]! + v) / 2) };
    }
    const edges: number[] = [];
    for (let q = 1; q < maxBins; q++) {
      const value = column[Math.min(rows - 1, Math.floor((q * rows) / maxBins))]!;
      // An edge equal to the smallest value would leave bin 0 empty.
      if (value > column[0]! && (edges.length === 0 || value > edges[edges.length - 1]!)) edges.push(value);
    }
    return { name, edges };
  });
}

/** Every row's bin per feature, as indices into one table of all features' bins laid end to end. */
export function binIndices(bins: readonly FeatureBins[], x: ArrayLike<number>, rows: number): Int32Array {
  const width = bins.length;
  const offsets = binOffsets(bins);
  const out = new Int32Array(rows * width);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < width; j++) out[i * width + j] = offsets[j]! + binOf(bins[j]!.edges, x[i * width + j]!);
  }
  return out;
}

function binOffsets(bins: readonly FeatureBins[]): number[] {
  const offsets: number[] = [];
  let total = 0;
  for (const b of bins) {
    offsets.push(total);
    total += b.edges.length + 1;
  }
  offsets.push(total);
  return offsets;
}

/**
 * Each row's contribution per feature, row-major [rows, features], and its logit
 * (intercept + the row's contributions, summed in float64).
 */
export function additiveContributions(model: AdditiveModel, x: ArrayLike<number>, rows: number): { contributions: Float64Array; logits: Float64Array } {
  const width = model.bins.length;
  if (x.length !== rows * width) throw new Error(`expected ${rows} × ${width} values, got ${x.length}`);
  const contributions = new Float64Array(rows * width);
  const logits = new Float64Array(rows);
  const pairs = model.pairs ?? [];
  for (let i = 0; i < rows; i++) {
    let z = model.intercept;
    for (let j = 0; j < width; j++) {
      const c = model.terms[j]![binOf(model.bins[j]!.edges, x[i * width + j]!)]!;
      contributions[i * width + j] = c;
      z += c;
    }
    for (const pair of pairs) {
      const [a, b] = pair.features;
      const v = pair.terms[pairCell(pair, x[i * width + a]!, x[i * width + b]!)]!;
      contributions[i * width + a]! += v / 2;
      contributions[i * width + b]! += v / 2;
      z += v;
    }
    logits[i] = z;
  }
  return { contributions, logits };
}

function pairCell(pair: PairTerm, a: number, b: number): number {
  return binOf(pair.edges[0], a) * (pair.edges[1].length + 1) + binOf(pair.edges[1], b);
}

export function additiveLogits(model: AdditiveModel, x: ArrayLike<number>, rows: number): Float64Array {
  return additiveContributions(model, x, rows).logits;
}

/**
 * Turns a flat table and bias into a model whose terms are centred on the training rows
 * (weighted by how many rows fall in each bin); the means move into the intercept, so
 * every logit is unchanged.
 */
function centredModel(bins: readonly FeatureBins[], table: Float64Array, bias: number, counts: Float64Array, rows: number): AdditiveModel {
  const offsets = binOffsets(bins);
  let intercept = bias;
  const terms = bins.map((b, j) => {
    const values = Array.from(table.subarray(offsets[j]!, offsets[j + 1]!), Number);
    let mean = 0;
    values.forEach((v, k) => (mean += (v * counts[offsets[j]! + k]!) / rows));
    intercept += mean;
    return values.map((v) => v - mean);
  });
  return { bins: bins.map((b) => ({ name: b.name, edges: [...b.edges] })), terms, intercept };
}

/**
 * Fits the additive model by cyclic Newton boosting, as EBM does, but with one leaf per
 * bin: each sweep visits the features in turn and moves every bin of the feature by a
 * shrunken Newton step, −η · G / (H + λ), where G and H are the sums of the loss's
 * gradient and curvature over the training rows in the bin (one weighted `bincount`
 * each). λ acts as a prior pulling sparsely filled bins towards 0; the smoothness penalty
 * enters G and H the same way. After each sweep the validation metric is computed and
 * the best sweep's model is kept (early stopping). Deterministic: no sampling at all.
 */
export async function fitAdditive(
  tf: Tf,
  names: readonly string[],
  train: RawMatrix,
  validation: RawMatrix,
  metric: ValidationMetric,
  options: AdditiveFitOptions = DEFAULT_ADDITIVE,
): Promise<{ model: AdditiveModel; history: FitHistory[] }> {
  if (names.length !== train.features || names.length !== validation.features) throw new Error(`${names.length} feature names for ${train.features} training and ${validation.features} validation columns`);
  let positives = 0;
  for (let i = 0; i < train.rows; i++) positives += train.y[i] === 1 ? 1 : 0;
  if (positives === 0) throw new Error('the training years hold no positive label');
  const prior = positives / train.rows;
  const positiveWeight = options.positiveWeight ?? 1;

  const width = names.length;
  const bins = fitBins(train.x, train.rows, names, options.maxBins);
  const offsets = binOffsets(bins);
  const index = binIndices(bins, train.x, train.rows);
  const validationIndex = binIndices(bins, validation.x, validation.rows);
  const counts = new Float64Array(offsets.at(-1)!);
  for (const k of index) counts[k]! += 1;
  const table = new Float64Array(offsets.at(-1)!);
  let bias = Math.log(prior / (1 - prior));

  // One column of local bin numbers per feature, kept on the device for the whole fit
  // (and in JavaScript: wasm's gather took 25 ms for 400k rows, a typed-array loop 0.5 ms).
  const localBins = bins.map((_, j) => {
    const column = new Int32Array(train.rows);
    for (let i = 0; i < train.rows; i++) column[i] = index[i * width + j]! - offsets[j]!;
    return column;
  });
  const columns = localBins.map((column) => tf.tensor1d(column, 'int32'));
  const y = tf.tensor1d(Float32Array.from(train.y));
  // In a tidy: the intermediate y × (w − 1) would otherwise stay allocated after the fit.
  const rowWeights = train.weights ? tf.tensor1d(Float32Array.from(train.weights)) : null;
  const weight = tf.tidy(() => {
    const byClass = y.mul(positiveWeight - 1).add(1);
    return rowWeights ? byClass.mul(rowWeights) : byClass;
  });
  rowWeights?.dispose();
  const logits = new Float32Array(train.rows).fill(bias);
  const validationLogits = new Float64Array(validation.rows);
  const validationLabels = Float32Array.from(validation.y);
  const history: FitHistory[] = [];
  let best: { model: AdditiveModel; score: number; epoch: number } | null = null;
  // The last sweep that improved by at least minImprovement: patience counts from it.
  let marked = { score: Number.NEGATIVE_INFINITY, epoch: 0 };
  try {
    for (let sweep = 1; sweep <= options.maxEpochs; sweep++) {
      const rate = options.learningRate * options.decay ** (sweep - 1);
      for (let j = 0; j < width; j++) {
        const size = offsets[j + 1]! - offsets[j]!;
        const [gradient, curvature] = tf.tidy(() => {
          const p = tf.sigmoid(tf.tensor1d(logits));
          const g = p.sub(y).mul(weight);
          const h = p.mul(tf.scalar(1).sub(p)).mul(weight);
          return [tf.bincount(columns[j]!, g.as1D(), size), tf.bincount(columns[j]!, h.as1D(), size)];
        });
        const G = await gradient!.data();
        const H = await curvature!.data();
        tf.dispose([gradient!, curvature!]);
        const step = new Float32Array(size);
        for (let k = 0; k < size; k++) {
          const t = offsets[j]! + k;
          let g = G[k]! + options.l2 * table[t]!;
          let h = H[k]! + options.l2;
          if (options.smoothing > 0) {
            if (k > 0) {
              g += 2 * options.smoothing * (table[t]! - table[t - 1]!);
              h += 2 * options.smoothing;
            }
            if (k < size - 1) {
              g += 2 * options.smoothing * (table[t]! - table[t + 1]!);
              h += 2 * options.smoothing;
            }
          }
          step[k] = h > 0 ? (-rate * g) / h : 0;
          table[t]! += step[k]!;
        }
        const column = localBins[j]!;
        for (let i = 0; i < train.rows; i++) logits[i]! += step[column[i]!]!;
      }
      // The intercept's own Newton step.
      const [gSum, hSum, loss] = await Promise.all(
        tf.tidy(() => {
          const z = tf.tensor1d(logits);
          const p = tf.sigmoid(z);
          return [p.sub(y).mul(weight).sum(), p.mul(tf.scalar(1).sub(p)).mul(weight).sum(), tf.softplus(z).sub(y.mul(z)).mul(weight).mean()];
        }).map(async (t) => {
          const value = (await t.data())[0]!;
          t.dispose();
          return value;
        }),
      );
      const shift = -gSum! / hSum!;
      bias += shift;
      for (let i = 0; i < train.rows; i++) logits[i]! += shift;

      for (let i = 0; i < validation.rows; i++) {
        let z = bias;
        for (let j = 0; j < width; j++) z += table[validationIndex[i * width + j]!]!;
        validationLogits[i] = z;
      }
      const validationScore = metric(validationLogits, validationLabels);
      history.push({ epoch: sweep, loss: loss!, validationScore });
      if (!best || validationScore > best.score || options.keepLast) best = { model: centredModel(bins, table, bias, counts, train.rows), score: validationScore, epoch: sweep };
      if (sweep === 1 || validationScore - marked.score > Math.abs(marked.score) * options.minImprovement) marked = { score: validationScore, epoch: sweep };
      else if (sweep - marked.epoch >= options.patience && !options.keepLast) break;
    }
  } finally {
    tf.dispose([...columns, y, weight]);
  }
  if (!options.pairs) return { model: best!.model, history };
  const withPairs = fitPairs(best!.model, best!.score, train, validation, metric, options, history);
  return { model: withPairs, history };
}

/**
 * Adds up to `options.pairs` pairwise terms to a fitted main-effects model (GA²M, as EBM's
 * second stage). Candidates are the pairs among the features with the largest main
 * effects; each is scored by how much a table over coarse bins of the two features could
 * still lower the loss given the current model (the Newton gain Σ G²/(H + λ) of its cells
 * beyond that of its rows and columns, which the main effects already cover). The best
 * pairs are then fitted by cyclic Newton boosting on their cells, with early stopping on
 * the validation metric; the pairs are kept only when they beat the main-effects model.
 */
function fitPairs(model: AdditiveModel, mainScore: number, train: RawMatrix, validation: RawMatrix, metric: ValidationMetric, options: AdditiveFitOptions, history: FitHistory[]): AdditiveModel {
  const width = model.bins.length;
  const positiveWeight = options.positiveWeight ?? 1;
  const lambda = options.pairL2 ?? 10;
  const logits = additiveLogits(model, train.x, train.rows);
  const validationLogits = additiveLogits(model, validation.x, validation.rows);
  const validationLabels = Float32Array.from(validation.y);

  // Main-effect size: the spread of each term over the training rows.
  const index = binIndices(model.bins, train.x, train.rows);
  const offsets = binOffsets(model.bins);
  const spread = model.bins.map((_, j) => {
    let sum = 0;
    for (let i = 0; i < train.rows; i++) {
      const v = model.terms[j]![index[i * width + j]! - offsets[j]!]!;
      sum += v * v;
    }
    return sum / train.rows;
  });
  const candidates = spread
    .map((v, j) => ({ v, j }))
    .sort((p, q) => q.v - p.v || p.j - q.j)
    .slice(0, options.pairCandidates ?? 12)
    .map((c) => c.j)
    .sort((p, q) => p - q);
  const coarse = new Map(candidates.map((j) => [j, fitBins(column(train.x, train.rows, width, j), train.rows, [model.bins[j]!.name], options.pairBins ?? 8)[0]!.edges]));
  const coarseBin = (j: number, x: ArrayLike<number>, rows: number) => {
    const edges = coarse.get(j)!;
    const out = new Int32Array(rows);
    for (let i = 0; i < rows; i++) out[i] = binOf(edges, x[i * width + j]!);
    return out;
  };
  const trainBins = new Map(candidates.map((j) => [j, coarseBin(j, train.x, train.rows)]));

  const g = new Float64Array(train.rows);
  const h = new Float64Array(train.rows);
  const gradients = () => {
    for (let i = 0; i < train.rows; i++) {
      const p = 1 / (1 + Math.exp(-logits[i]!));
      const w = (train.y[i] === 1 ? positiveWeight : 1) * (train.weights?.[i] ?? 1);
      g[i] = (p - train.y[i]!) * w;
      h[i] = p * (1 - p) * w;
    }
  };
  gradients();
  const scored: Array<{ a: number; b: number; gain: number }> = [];
  for (let u = 0; u < candidates.length; u++) {
    for (let v = u + 1; v < candidates.length; v++) {
      const a = candidates[u]!;
      const b = candidates[v]!;
      const na = coarse.get(a)!.length + 1;
      const nb = coarse.get(b)!.length + 1;
      const G = new Float64Array(na * nb);
      const H = new Float64Array(na * nb);
      const ba = trainBins.get(a)!;
      const bb = trainBins.get(b)!;
      for (let i = 0; i < train.rows; i++) {
        const c = ba[i]! * nb + bb[i]!;
        G[c]! += g[i]!;
        H[c]! += h[i]!;
      }
      let cells = 0;
      const rowG = new Float64Array(na), rowH = new Float64Array(na), colG = new Float64Array(nb), colH = new Float64Array(nb);
      for (let r = 0; r < na; r++) {
        for (let c = 0; c < nb; c++) {
          const k = r * nb + c;
          cells += (G[k]! * G[k]!) / (H[k]! + lambda);
          rowG[r]! += G[k]!;
          rowH[r]! += H[k]!;
          colG[c]! += G[k]!;
          colH[c]! += H[k]!;
        }
      }
      let margins = 0;
      for (let r = 0; r < na; r++) margins += (rowG[r]! * rowG[r]!) / (rowH[r]! + lambda);
      for (let c = 0; c < nb; c++) margins += (colG[c]! * colG[c]!) / (colH[c]! + lambda);
      // What the cells gain beyond the row and column margins, less what its (na−1)(nb−1)
      // free cells would gain from noise alone (about 1 each, as a χ² of that many degrees
      // of freedom): without it the pairs of two finely binned, noisy features won, and the
      // city's real interaction (signal reports × private rent) came nowhere.
      scored.push({ a, b, gain: cells - margins - (na - 1) * (nb - 1) });
    }
  }
  const chosen = scored.filter((p) => p.gain > 0).sort((p, q) => q.gain - p.gain || p.a - q.a || p.b - q.b).slice(0, options.pairs!);
  if (chosen.length === 0) return model;

  const validationBins = new Map<number, Int32Array>();
  const validationBin = (j: number) => {
    if (!validationBins.has(j)) validationBins.set(j, coarseBin(j, validation.x, validation.rows));
    return validationBins.get(j)!;
  };
  const cellsOf = (ba: Int32Array, bb: Int32Array, nb: number) => ba.map((r, i) => r * nb + bb[i]!);
  const pairs = chosen.map(({ a, b }) => {
    const nb = coarse.get(b)!.length + 1;
    const size = (coarse.get(a)!.length + 1) * nb;
    return { a, b, table: new Float64Array(size), counts: new Float64Array(size), train: cellsOf(trainBins.get(a)!, trainBins.get(b)!, nb), validation: cellsOf(validationBin(a), validationBin(b), nb) };
  });
  for (const pair of pairs) for (const c of pair.train) pair.counts[c]! += 1;

  const snapshot = () => pairs.map((p) => Float64Array.from(p.table));
  let best = { score: mainScore, tables: null as Float64Array[] | null, sweep: 0 };
  const firstEpoch = history.length;
  for (let sweep = 1; sweep <= options.maxEpochs; sweep++) {
    for (const pair of pairs) {
      gradients();
      const G = new Float64Array(pair.table.length);
      const H = new Float64Array(pair.table.length);
      for (let i = 0; i < train.rows; i++) {
        G[pair.train[i]!]! += g[i]!;
        H[pair.train[i]!]! += h[i]!;
      }
      const step = new Float64Array(pair.table.length);
      for (let k = 0; k < step.length; k++) {
        step[k] = (-options.learningRate * (G[k]! + lambda * pair.table[k]!)) / (H[k]! + lambda);
        pair.table[k]! += step[k]!;
      }
      for (let i = 0; i < train.rows; i++) logits[i]! += step[pair.train[i]!]!;
      for (let i = 0; i < validation.rows; i++) validationLogits[i]! += step[pair.validation[i]!]!;
    }
    let loss = 0;
    for (let i = 0; i < train.rows; i++) loss += (Math.log1p(Math.exp(-Math.abs(logits[i]!))) + Math.max(logits[i]!, 0) - train.y[i]! * logits[i]!) * (train.y[i] === 1 ? positiveWeight : 1) * (train.weights?.[i] ?? 1);
    const score = metric(validationLogits, validationLabels);
    history.push({ epoch: firstEpoch + sweep, loss: loss / train.rows, validationScore: score });
    if (score > best.score) best = { score, tables: snapshot(), sweep };
    else if (sweep - best.sweep >= options.patience) break;
  }
  if (!best.tables) return model;

  // Centre each table on the training rows; the means move into the intercept.
  let intercept = model.intercept;
  const terms: PairTerm[] = pairs.map((pair, q) => {
    const table = best.tables![q]!;
    let mean = 0;
    for (let k = 0; k < table.length; k++) mean += (table[k]! * pair.counts[k]!) / train.rows;
    intercept += mean;
    return { features: [pair.a, pair.b], edges: [[...coarse.get(pair.a)!], [...coarse.get(pair.b)!]], terms: Array.from(table, (v) => v - mean) };
  });
  return { ...model, intercept, pairs: terms };
}

function column(x: ArrayLike<number>, rows: number, width: number, j: number): Float64Array {
  const out = new Float64Array(rows);
  for (let i = 0; i < rows; i++) out[i] = x[i * width + j]!;
  return out;
}
