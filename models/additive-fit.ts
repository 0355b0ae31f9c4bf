/**
 * Fitting the additive model by cyclic Newton boosting, as EBM does, but with one leaf per
 * bin: each sweep visits the features in turn and moves every bin of the feature by a
 * shrunken Newton step, −η · G / (H + λ), where G and H are the sums of the loss's
 * gradient and curvature over the training rows in the bin. λ acts as a prior pulling
 * sparsely filled bins towards 0; the smoothness penalty enters G and H the same way.
 * After each sweep the validation metric is computed and the best sweep's model is kept
 * (early stopping). Deterministic: no sampling at all.
 *
 * Speed on the wasm backend: the per-bin sums of gradient and curvature are weighted
 * `bincount`s (wasm has no kernel for `gather`'s own gradient), and the bin lookups are
 * typed-array loops in JavaScript, so a sweep costs O(rows × features), with no one-hot
 * matrix at all.
 */
import { coupledStep } from './coupled-step.ts';
import type { Tensor1D } from '@tensorflow/tfjs';
import { DEFAULT_ADDITIVE, type AdditiveFitOptions, type AdditiveModel, type RawMatrix } from './additive.ts';
import { addPairs } from './additive-pairs.ts';
import type { Tf } from './backend.ts';
import { binIndices, binOffsets, fitBins, type FeatureBins } from './bins.ts';
import type { FitHistory, ValidationMetric } from './fit-types.ts';

/** What the sweeps work on: the bins, every bin's value in one flat table, and the training rows' logits. */
interface MainEffects {
  bins: FeatureBins[];
  /** Where each feature's bins start in `table` (binOffsets). */
  offsets: number[];
  /** Training rows per bin, for centring. */
  counts: Float64Array;
  table: Float64Array;
  bias: number;
  /** The training rows' current logits, in float32 as the device computes with them. */
  logits: Float32Array;
  /** Per feature, each training row's bin among that feature's bins. */
  localBins: Int32Array[];
}

/** The training rows as the device needs them for the sums, kept there for the whole fit. */
interface DeviceRows {
  columns: Tensor1D[];
  y: Tensor1D;
  /** Each row's loss weight: the positive weight for positives, times the row's own weight. */
  weight: Tensor1D;
}

/** Fits the model (see the file comment); pairwise terms follow when `options.pairs` asks for them. */
export async function fitAdditive(
  tf: Tf,
  names: readonly string[],
  train: RawMatrix,
  validation: RawMatrix,
  metric: ValidationMetric,
  options: AdditiveFitOptions = DEFAULT_ADDITIVE,
): Promise<{ model: AdditiveModel; history: FitHistory[] }> {
  if (names.length !== train.features || names.length !== validation.features) {
    throw new Error(`${names.length} feature names for ${train.features} training and ${validation.features} validation columns`);
  }
  const state = startMainEffects(names, train, options);
  const validationIndex = binIndices(state.bins, validation.x, validation.rows);
  const device = deviceRows(tf, train, state.localBins, options.positiveWeight ?? 1);
  const validationLogits = new Float64Array(validation.rows);
  const validationLabels = Float32Array.from(validation.y);
  const history: FitHistory[] = [];
  let best: { model: AdditiveModel; score: number; epoch: number } | null = null;
  // The last sweep that improved by at least minImprovement: patience counts from it.
  let marked = { score: Number.NEGATIVE_INFINITY, epoch: 0 };
  try {
    for (let sweep = 1; sweep <= options.maxEpochs; sweep++) {
      await sweepFeatures(tf, state, device, options.learningRate * options.decay ** (sweep - 1), options);
      const loss = await interceptStep(tf, state, device);
      fillValidationLogits(validationLogits, state, validationIndex);
      const validationScore = metric(validationLogits, validationLabels);
      history.push({ epoch: sweep, loss, validationScore });
      if (!best || validationScore > best.score || options.keepLast) {
        best = { model: centredModel(state, train.rows), score: validationScore, epoch: sweep };
      }
      if (sweep === 1 || validationScore - marked.score > Math.abs(marked.score) * options.minImprovement)
        marked = { score: validationScore, epoch: sweep };
      else if (sweep - marked.epoch >= options.patience && !options.keepLast) break;
    }
  } finally {
    tf.dispose([...device.columns, device.y, device.weight]);
  }
  if (!options.pairs) return { model: best!.model, history };
  const withPairs = addPairs(best!.model, { mainScore: best!.score, train, validation, metric, options, history });
  return { model: withPairs, history };
}

function startMainEffects(names: readonly string[], train: RawMatrix, options: AdditiveFitOptions): MainEffects {
  let positives = 0;
  for (let i = 0; i < train.rows; i++) positives += train.y[i] === 1 ? 1 : 0;
  if (positives === 0) throw new Error('the training years hold no positive label');
  const prior = positives / train.rows;
  const width = names.length;
  const bins = options.bins ?? fitBins(train.x, train.rows, names, options.maxBins);
  if (bins.length !== width) throw new Error(`${bins.length} binned features for ${width} columns`);
  const offsets = binOffsets(bins);
  const index = binIndices(bins, train.x, train.rows);
  const counts = new Float64Array(offsets.at(-1)!);
  for (const k of index) counts[k]! += 1;
  const bias = Math.log(prior / (1 - prior));
  const localBins = bins.map((_, j) => {
    const column = new Int32Array(train.rows);
    for (let i = 0; i < train.rows; i++) column[i] = index[i * width + j]! - offsets[j]!;
    return column;
  });
  return {
    bins,
    offsets,
    counts,
    table: new Float64Array(offsets.at(-1)!),
    bias,
    logits: new Float32Array(train.rows).fill(bias),
    localBins,
  };
}

function deviceRows(tf: Tf, train: RawMatrix, localBins: readonly Int32Array[], positiveWeight: number): DeviceRows {
  const columns = localBins.map((column) => tf.tensor1d(column, 'int32'));
  const y = tf.tensor1d(Float32Array.from(train.y));
  // In a tidy: the intermediate y × (w − 1) would otherwise stay allocated after the fit.
  const rowWeights = train.weights ? tf.tensor1d(Float32Array.from(train.weights)) : null;
  const weight = tf.tidy(() => {
    const byClass = y.mul(positiveWeight - 1).add(1);
    return rowWeights ? byClass.mul(rowWeights) : byClass;
  }) as Tensor1D;
  rowWeights?.dispose();
  return { columns, y, weight };
}

/** One Newton step for every bin of every feature in turn, each feature seeing the logits its predecessors moved. */
async function sweepFeatures(tf: Tf, state: MainEffects, device: DeviceRows, rate: number, options: AdditiveFitOptions): Promise<void> {
  for (let j = 0; j < state.bins.length; j++) {
    const size = state.offsets[j + 1]! - state.offsets[j]!;
    const [gradient, curvature] = tf.tidy(() => {
      const p = tf.sigmoid(tf.tensor1d(state.logits));
      const g = p.sub(device.y).mul(device.weight);
      const h = p.mul(tf.scalar(1).sub(p)).mul(device.weight);
      return [tf.bincount(device.columns[j]!, g.as1D(), size), tf.bincount(device.columns[j]!, h.as1D(), size)];
    });
    const G = await gradient!.data();
    const H = await curvature!.data();
    tf.dispose([gradient!, curvature!]);
    const step = newtonSteps(state.table, state.offsets[j]!, { G, H }, rate, options);
    const column = state.localBins[j]!;
    for (let i = 0; i < state.logits.length; i++) state.logits[i]! += step[column[i]!]!;
  }
}

/**
 * Moves the bins of one feature (those from `offset` on, one per value of G) by their
 * Newton steps and returns the steps. Bins are updated in order, so a bin's smoothness
 * term sees its left neighbour's new value.
 */
function newtonSteps(
  table: Float64Array,
  offset: number,
  sums: { G: ArrayLike<number>; H: ArrayLike<number> },
  rate: number,
  options: AdditiveFitOptions,
): Float32Array {
  const size = sums.G.length;
  const step = new Float32Array(size);
  if (options.coupled) {
    // The whole table's step at once, smoothing per quantile unit (coupled-step.ts).
    const solved = coupledStep(sums.G, sums.H, table, offset, options.l2, (options.smoothing * size) / options.maxBins);
    for (let k = 0; k < size; k++) {
      step[k] = rate * solved[k]!;
      table[offset + k]! += step[k]!;
    }
    return step;
  }
  for (let k = 0; k < size; k++) {
    const t = offset + k;
    let g = sums.G[k]! + options.l2 * table[t]!;
    let h = sums.H[k]! + options.l2;
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
  return step;
}

/** The intercept's own Newton step; returns the mean training loss before it. */
async function interceptStep(tf: Tf, state: MainEffects, device: DeviceRows): Promise<number> {
  const { y, weight } = device;
  const [gSum, hSum, loss] = await Promise.all(
    tf
      .tidy(() => {
        const z = tf.tensor1d(state.logits);
        const p = tf.sigmoid(z);
        return [p.sub(y).mul(weight).sum(), p.mul(tf.scalar(1).sub(p)).mul(weight).sum(), tf.softplus(z).sub(y.mul(z)).mul(weight).mean()];
      })
      .map(async (t) => {
        const value = (await t.data())[0]!;
        t.dispose();
        return value;
      }),
  );
  const shift = -gSum! / hSum!;
  state.bias += shift;
  for (let i = 0; i < state.logits.length; i++) state.logits[i]! += shift;
  return loss!;
}

function fillValidationLogits(out: Float64Array, state: MainEffects, validationIndex: Int32Array): void {
  const width = state.bins.length;
  for (let i = 0; i < out.length; i++) {
    let z = state.bias;
    for (let j = 0; j < width; j++) z += state.table[validationIndex[i * width + j]!]!;
    out[i] = z;
  }
}

/**
 * The current table and bias as a model whose terms are centred on the training rows
 * (weighted by how many rows fall in each bin); the means move into the intercept, so
 * every logit is unchanged.
 */
function centredModel(state: MainEffects, rows: number): AdditiveModel {
  const { bins, offsets, table, counts } = state;
  let intercept = state.bias;
  const terms = bins.map((b, j) => {
    const values = Array.from(table.subarray(offsets[j]!, offsets[j + 1]!), Number);
    let mean = 0;
    values.forEach((v, k) => (mean += (v * counts[offsets[j]! + k]!) / rows));
    intercept += mean;
    return values.map((v) => v - mean);
  });
  return { bins: bins.map((b) => ({ name: b.name, edges: [...b.edges] })), terms, intercept };
}
