/**
 * Pairwise terms for a fitted main-effects model (GA²M, as EBM's second stage). Candidates
 * are the pairs among the features with the largest main effects; each is scored by how
 * much a table over coarse bins of the two features could still lower the loss given the
 * current model (the Newton gain Σ G²/(H + λ) of its cells beyond that of its rows and
 * columns, which the main effects already cover). The best pairs are then fitted by cyclic
 * Newton boosting on their cells, with early stopping on the validation metric; the pairs
 * are kept only when they beat the main-effects model. Kept pairs are purified
 * (pair-purify.ts): each carries only interaction, its margins moved into the main effects.
 * A refit passes `sweeps`: exactly that many pair sweeps, the last kept.
 */
import { additiveLogits, type AdditiveFitOptions, type AdditiveModel, type PairTerm, type RawMatrix } from './additive.ts';
import { binIndices, binOf, binOffsets, column, fitBins } from './bins.ts';
import type { FitHistory, ValidationMetric } from './fit-types.ts';
import { purifyPairs, snapToEdges } from './pair-purify.ts';

/** What adding pairs to a model works with; `history` gets one entry per pair sweep. */
export interface PairFit {
  /** The main-effects model's validation score: the pairs must beat it. */
  mainScore: number;
  train: RawMatrix;
  validation: RawMatrix;
  metric: ValidationMetric;
  options: AdditiveFitOptions;
  history: FitHistory[];
  /** A refit: exactly this many sweeps over the pairs and the last kept (0: no pairs), instead of early stopping. */
  sweeps?: number;
}

/** Coarse bins of the candidate features: their edges and every training row's bin. */
interface Coarse {
  edges: Map<number, number[]>;
  trainBins: Map<number, Int32Array>;
  /** A feature's coarse bin for every row of a matrix. */
  binsOf(j: number, x: ArrayLike<number>, rows: number): Int32Array;
}

/** A pair being fitted: its table and, per row, the cell each training and validation row falls in. */
interface PairTable {
  a: number;
  b: number;
  table: Float64Array;
  counts: Float64Array;
  train: Int32Array;
  validation: Int32Array;
}

/** Adds up to `options.pairs` pairwise terms to `model` (see the file comment); returns it unchanged when none helps. */
export function addPairs(model: AdditiveModel, fit: PairFit): AdditiveModel {
  const { train, validation, options } = fit;
  const coarse = coarseBins(model, train, candidateFeatures(model, train, options.pairCandidates), options.pairBins);
  const logits = additiveLogits(model, train.x, train.rows);
  const gradients = new RowGradients(train, options.positiveWeight ?? 1);
  gradients.update(logits);
  const chosen = rankPairs(coarse, gradients, options.pairL2).slice(0, options.pairs);
  if (chosen.length === 0 || fit.sweeps === 0) return model;
  const validationBins = new Map<number, Int32Array>();
  const validationBin = (j: number) => {
    if (!validationBins.has(j)) validationBins.set(j, coarse.binsOf(j, validation.x, validation.rows));
    return validationBins.get(j)!;
  };
  // Each row's cell: its bin of feature a times feature b's bin count, plus its bin of b.
  const cellsOf = (bins: { a: Int32Array; b: Int32Array }, nb: number) => bins.a.map((r, i) => r * nb + bins.b[i]!);
  const pairs: PairTable[] = chosen.map(({ a, b }) => {
    const nb = coarse.edges.get(b)!.length + 1;
    const size = (coarse.edges.get(a)!.length + 1) * nb;
    const trainCells = cellsOf({ a: coarse.trainBins.get(a)!, b: coarse.trainBins.get(b)! }, nb);
    const validationCells = cellsOf({ a: validationBin(a), b: validationBin(b) }, nb);
    return { a, b, table: new Float64Array(size), counts: new Float64Array(size), train: trainCells, validation: validationCells };
  });
  for (const pair of pairs) for (const c of pair.train) pair.counts[c]! += 1;
  const tables = boostPairs(pairs, { ...fit, logits, validationLogits: additiveLogits(model, validation.x, validation.rows), gradients });
  if (!tables) return model;
  return purifyPairs(
    centredPairs(model, pairs, tables, coarse, train.rows),
    pairs.map((p) => p.counts),
    train.rows,
  );
}

/** The features whose main effects spread most over the training rows, at most `count`, in feature order. */
function candidateFeatures(model: AdditiveModel, train: RawMatrix, count: number): number[] {
  const width = model.bins.length;
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
  return spread
    .map((v, j) => ({ v, j }))
    .sort((p, q) => q.v - p.v || p.j - q.j)
    .slice(0, count)
    .map((c) => c.j)
    .sort((p, q) => p - q);
}

function coarseBins(model: AdditiveModel, train: RawMatrix, candidates: readonly number[], pairBins: number): Coarse {
  const width = model.bins.length;
  // Coarse edges among the main effect's own edges, so that purification can move a pair's margins into it exactly.
  const coarseEdges = (j: number) =>
    snapToEdges(
      fitBins(column(train.x, train.rows, width, j), train.rows, [model.bins[j]!.name], pairBins)[0]!.edges,
      model.bins[j]!.edges,
    );
  const edges = new Map(candidates.map((j) => [j, coarseEdges(j)]));
  const binsOf = (j: number, x: ArrayLike<number>, rows: number) => {
    const featureEdges = edges.get(j)!;
    const out = new Int32Array(rows);
    for (let i = 0; i < rows; i++) out[i] = binOf(featureEdges, x[i * width + j]!);
    return out;
  };
  return { edges, trainBins: new Map(candidates.map((j) => [j, binsOf(j, train.x, train.rows)])), binsOf };
}

/** Each training row's gradient and curvature of the weighted log-loss at the current logits. */
class RowGradients {
  readonly g: Float64Array;
  readonly h: Float64Array;

  constructor(
    private readonly train: RawMatrix,
    private readonly positiveWeight: number,
  ) {
    this.g = new Float64Array(train.rows);
    this.h = new Float64Array(train.rows);
  }

  /** The loss weight of training row i's class. */
  classWeight(i: number): number {
    return this.train.y[i] === 1 ? this.positiveWeight : 1;
  }

  /** Training row i's own loss weight (label weighting). */
  rowWeight(i: number): number {
    return this.train.weights?.[i] ?? 1;
  }

  update(logits: Float64Array): void {
    for (let i = 0; i < this.train.rows; i++) {
      const p = 1 / (1 + Math.exp(-logits[i]!));
      const w = this.classWeight(i) * this.rowWeight(i);
      this.g[i] = (p - this.train.y[i]!) * w;
      this.h[i] = p * (1 - p) * w;
    }
  }
}

/** Every candidate pair with a positive gain, best first. */
function rankPairs(coarse: Coarse, gradients: RowGradients, lambda: number): Array<{ a: number; b: number; gain: number }> {
  const candidates = [...coarse.edges.keys()];
  const scored: Array<{ a: number; b: number; gain: number }> = [];
  for (let u = 0; u < candidates.length; u++) {
    for (let v = u + 1; v < candidates.length; v++) {
      const a = candidates[u]!;
      const b = candidates[v]!;
      scored.push({ a, b, gain: pairGain(coarse, gradients, a, b, lambda) });
    }
  }
  return scored.filter((p) => p.gain > 0).sort((p, q) => q.gain - p.gain || p.a - q.a || p.b - q.b);
}

/**
 * What a table over the coarse cells of features a and b gains beyond its row and column
 * margins, less what its (na−1)(nb−1) free cells would gain from noise alone (about 1
 * each, as a χ² of that many degrees of freedom): without that allowance the pairs of two
 * finely binned, noisy features win over a real interaction.
 */
function pairGain(coarse: Coarse, gradients: RowGradients, a: number, b: number, lambda: number): number {
  const na = coarse.edges.get(a)!.length + 1;
  const nb = coarse.edges.get(b)!.length + 1;
  const G = new Float64Array(na * nb);
  const H = new Float64Array(na * nb);
  const ba = coarse.trainBins.get(a)!;
  const bb = coarse.trainBins.get(b)!;
  for (let i = 0; i < ba.length; i++) {
    const c = ba[i]! * nb + bb[i]!;
    G[c]! += gradients.g[i]!;
    H[c]! += gradients.h[i]!;
  }
  let cells = 0;
  const rowG = new Float64Array(na),
    rowH = new Float64Array(na),
    colG = new Float64Array(nb),
    colH = new Float64Array(nb);
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
  return cells - margins - (na - 1) * (nb - 1);
}

/**
 * Cyclic Newton boosting on the pairs' cells, the logits moving with every step; returns
 * the tables of the sweep that scored best on validation, or null when none beat the main
 * effects' score.
 */
function boostPairs(
  pairs: readonly PairTable[],
  fit: PairFit & { logits: Float64Array; validationLogits: Float64Array; gradients: RowGradients },
): Float64Array[] | null {
  const { train, options, logits, validationLogits, gradients } = fit;
  const lambda = options.pairL2;
  const validationLabels = Float32Array.from(fit.validation.y);
  let best = { score: fit.mainScore, tables: null as Float64Array[] | null, sweep: 0 };
  // As for the main effects: patience counts from the last sweep that improved by at least minImprovement.
  let marked = { score: fit.mainScore, sweep: 0 };
  const firstEpoch = fit.history.length;
  const fixed = fit.sweeps !== undefined;
  for (let sweep = 1; sweep <= (fit.sweeps ?? options.maxEpochs); sweep++) {
    for (const pair of pairs) {
      gradients.update(logits);
      const G = new Float64Array(pair.table.length);
      const H = new Float64Array(pair.table.length);
      for (let i = 0; i < train.rows; i++) {
        G[pair.train[i]!]! += gradients.g[i]!;
        H[pair.train[i]!]! += gradients.h[i]!;
      }
      const step = new Float64Array(pair.table.length);
      for (let k = 0; k < step.length; k++) {
        step[k] = (-options.learningRate * (G[k]! + lambda * pair.table[k]!)) / (H[k]! + lambda);
        pair.table[k]! += step[k]!;
      }
      for (let i = 0; i < train.rows; i++) logits[i]! += step[pair.train[i]!]!;
      for (let i = 0; i < validationLogits.length; i++) validationLogits[i]! += step[pair.validation[i]!]!;
    }
    const score = fit.metric(validationLogits, validationLabels);
    fit.history.push({ epoch: firstEpoch + sweep, loss: meanLoss(logits, train, gradients), validationScore: score });
    if (score > best.score || fixed) best = { score, tables: pairs.map((p) => Float64Array.from(p.table)), sweep };
    if (score - marked.score > Math.abs(marked.score) * options.minImprovement) marked = { score, sweep };
    else if (sweep - marked.sweep >= options.patience && !fixed) break;
  }
  return best.tables;
}

/** The weighted log-loss per training row, computed without overflow for large logits. */
function meanLoss(logits: Float64Array, train: RawMatrix, gradients: RowGradients): number {
  let loss = 0;
  for (let i = 0; i < train.rows; i++) {
    const z = logits[i]!;
    loss += (Math.log1p(Math.exp(-Math.abs(z))) + Math.max(z, 0) - train.y[i]! * z) * gradients.classWeight(i) * gradients.rowWeight(i);
  }
  return loss / train.rows;
}

/** The pairs as terms centred on the training rows; the means move into the intercept. */
function centredPairs(
  model: AdditiveModel,
  pairs: readonly PairTable[],
  tables: readonly Float64Array[],
  coarse: Coarse,
  rows: number,
): AdditiveModel {
  let intercept = model.intercept;
  const terms: PairTerm[] = pairs.map((pair, q) => {
    const table = tables[q]!;
    let mean = 0;
    for (let k = 0; k < table.length; k++) mean += (table[k]! * pair.counts[k]!) / rows;
    intercept += mean;
    return {
      features: [pair.a, pair.b],
      edges: [[...coarse.edges.get(pair.a)!], [...coarse.edges.get(pair.b)!]],
      terms: Array.from(table, (v) => v - mean),
    };
  });
  return { ...model, intercept, pairs: terms };
}
