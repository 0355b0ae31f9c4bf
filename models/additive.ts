/**
 * The glass-box family: a generalised additive model with one learned, piecewise-constant
 * shape function per feature (the binned shape functions of EBM):
 *
 *   logit(x) = intercept + Σ_j term_j[bin_j(x_j)]
 *
 * so a feature's contribution to an address's score is one number read from a table, and
 * the contributions plus the intercept are the logit (summed in float64: exact). Each term
 * is centred on the training rows (its weighted mean is 0), which makes a contribution
 * read as "this much riskier than a typical training address because of this feature".
 * The model and its explanations are here; fitting is in additive-fit.ts.
 */
import { binOf, type FeatureBins } from './bins.ts';

export type { FeatureBins } from './bins.ts';

export interface AdditiveModel {
  bins: FeatureBins[];
  /** Per feature, the shape function's value per bin (edges.length + 1 values). */
  terms: number[][];
  intercept: number;
  /**
   * A few pairwise terms (GA²M): a table over coarse bins of two features, purified so it
   * holds only their interaction. In an explanation a pair is a line of its own.
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
  /**
   * Solve each feature's step for all its bins at once, the smoothness penalty coupling
   * neighbours, with `smoothing` that of a feature of maxBins bins (scaled by bins / maxBins:
   * a penalty on the slope per quantile, light on counts and flags). See coupled-step.ts.
   */
  coupled?: boolean;
  /** Bin edges to use instead of fitting them on the training rows (bags of one model share them). */
  bins?: FeatureBins[];
  /** Pairwise terms added after the main effects (0: none). */
  pairs: number;
  /** The pairs are chosen among this many features with the largest main effects. */
  pairCandidates: number;
  /** Most coarse bins per feature of a pair. */
  pairBins: number;
  /** Ridge on each cell of a pair table. */
  pairL2: number;
}

/** The only defaults of the additive fit: callers spread these and override what they need. */
export const DEFAULT_ADDITIVE: AdditiveFitOptions = {
  maxEpochs: 100,
  learningRate: 0.5,
  decay: 1,
  patience: 8,
  minImprovement: 0.001,
  // Chosen on the validation years by the expected AP (README, Performance: how the
  // defaults were chosen): enough bins to resolve the upper tail of kWh and WOZ, where the
  // cultivations are, with ridge and smoothing keeping the thinly filled bins in check.
  maxBins: 512,
  smoothing: 3,
  l2: 3,
  // Pairwise terms are off: on the bench city they barely moved the expected validation AP
  // (README, Performance), too little for explanations that share a pair's value between
  // two features. `pairs: N` switches them on.
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

/**
 * Each row's contribution per feature, row-major [rows, features], each pair's, row-major
 * [rows, pairs], and its logit (intercept + the row's contributions and pair contributions,
 * summed in float64).
 */
export function additiveContributions(
  model: AdditiveModel,
  x: ArrayLike<number>,
  rows: number,
): { contributions: Float64Array; pairContributions: Float64Array; logits: Float64Array } {
  const width = model.bins.length;
  if (x.length !== rows * width) throw new Error(`expected ${rows} × ${width} values, got ${x.length}`);
  const contributions = new Float64Array(rows * width);
  const logits = new Float64Array(rows);
  const pairs = model.pairs ?? [];
  const pairContributions = new Float64Array(rows * pairs.length);
  for (let i = 0; i < rows; i++) {
    let z = model.intercept;
    for (let j = 0; j < width; j++) {
      const c = model.terms[j]![binOf(model.bins[j]!.edges, x[i * width + j]!)]!;
      contributions[i * width + j] = c;
      z += c;
    }
    pairs.forEach((pair, q) => {
      const [a, b] = pair.features;
      const v = pair.terms[pairCell(pair, x[i * width + a]!, x[i * width + b]!)]!;
      pairContributions[i * pairs.length + q] = v;
      z += v;
    });
    logits[i] = z;
  }
  return { contributions, pairContributions, logits };
}

function pairCell(pair: PairTerm, a: number, b: number): number {
  return binOf(pair.edges[0], a) * (pair.edges[1].length + 1) + binOf(pair.edges[1], b);
}

export function additiveLogits(model: AdditiveModel, x: ArrayLike<number>, rows: number): Float64Array {
  return additiveContributions(model, x, rows).logits;
}
