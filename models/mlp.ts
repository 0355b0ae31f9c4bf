/**
 * A multilayer perceptron on scaled features (dense layers, ReLU between, one output: the
 * logit), trained like the logistic model, and explained by integrated gradients.
 *
 * Integrated gradients (Sundararajan, Taly & Yan 2017) attribute logit(x) − logit(b) to the
 * features along the straight path from a baseline b to x:
 *   contribution_j = (x_j − b_j) · ∫₀¹ ∂logit/∂x_j (b + α(x − b)) dα.
 * Exactly computed, the contributions sum to logit(x) − logit(b) (completeness), a feature
 * whose value equals the baseline gets 0, and for a linear model contribution_j is
 * w_j · (x_j − b_j). Here the integral is the trapezoidal rule on `steps` intervals, so
 * completeness holds only approximately: along the path the gradient of a ReLU network is
 * piecewise constant and jumps where a hidden unit switches on or off, and the intervals
 * holding such kinks are where the rule errs (by at most the jump times half an interval
 * per kink). The error is therefore measured and returned for every explanation.
 * The baseline is the training mean, which after standardisation is the zero vector; the
 * caller passes it. Matrices are row-major Float32Array [rows, features]; logits are in
 * log-odds.
 */
import type { Tensor, Tensor2D, Variable } from '@tensorflow/tfjs';
import type { Tf } from './backend.ts';
import { classBalance, fitWithAdam, type AdamModel } from './adam.ts';
import { Shuffler } from './shuffle.ts';
import type { FitHistory, FitOptions, LabelledMatrix, ValidationMetric } from './fit-types.ts';
import { DEFAULT_FIT } from './logistic.ts';

/** Dense layers; `weights` is row-major [inputs, outputs]; the last layer has 1 output. */
export interface MlpModel {
  layers: Array<{ weights: number[]; bias: number[]; inputs: number; outputs: number }>;
}

export interface MlpFitOptions extends FitOptions {
  /** Hidden layer widths; default [32, 16]; [] gives a logistic regression. */
  hidden?: number[];
}

const DEFAULT_HIDDEN: readonly number[] = [32, 16];

export const DEFAULT_MLP: MlpFitOptions = { ...DEFAULT_FIT, hidden: [...DEFAULT_HIDDEN] };

export interface IntegratedGradients {
  /** [rows, features] row-major, in log-odds. */
  contributions: Float64Array;
  baselineLogit: number;
  logits: Float64Array;
  /** |Σ_j contribution_j − (logit(x) − logit(baseline))| over the rows. */
  completenessError: { max: number; mean: number };
}

interface Layer {
  weights: Tensor2D;
  bias: Tensor;
}

function forward(layers: readonly Layer[], x: Tensor2D): Tensor2D {
  return layers.reduce((h, layer, i) => {
    const z = h.matMul(layer.weights).add(layer.bias) as Tensor2D;
    return i < layers.length - 1 ? z.relu() : z;
  }, x);
}

function layerTensors(tf: Tf, model: MlpModel): Layer[] {
  return model.layers.map((l) => ({ weights: tf.tensor2d(l.weights, [l.inputs, l.outputs]), bias: tf.tensor1d(l.bias) }));
}

function disposeLayers(layers: readonly Layer[]): void {
  for (const l of layers) {
    l.weights.dispose();
    l.bias.dispose();
  }
}

function checkShape(model: MlpModel, x: Float32Array, rows: number): number {
  const features = model.layers[0]?.inputs;
  if (features === undefined) throw new Error('the model has no layers');
  if (x.length !== rows * features) throw new Error(`expected ${rows} × ${features} values, got ${x.length}`);
  return features;
}

/** The logit of each row of x [rows, features], computed `batchSize` rows at a time. */
export function mlpLogits(tf: Tf, model: MlpModel, x: Float32Array, rows: number, batchSize = 8192): Float64Array {
  const features = checkShape(model, x, rows);
  const layers = layerTensors(tf, model);
  const logits = new Float64Array(rows);
  try {
    for (let start = 0; start < rows; start += batchSize) {
      const end = Math.min(start + batchSize, rows);
      const chunk = tf.tidy(() => forward(layers, tf.tensor2d(x.subarray(start * features, end * features), [end - start, features])));
      logits.set(chunk.dataSync(), start);
      chunk.dispose();
    }
  } finally {
    disposeLayers(layers);
  }
  return logits;
}

/**
 * Glorot-uniform weights drawn from a seeded generator (repeatable for a seed), zero
 * hidden biases and the output bias at the prior log-odds.
 */
function initialModel(features: number, hidden: readonly number[], priorLogOdds: number, seed: number): MlpModel {
  const rng = new Shuffler(seed ^ 0x5bd1e995);
  const widths = [features, ...hidden, 1];
  const layers = widths.slice(1).map((outputs, i) => {
    const inputs = widths[i]!;
    const limit = Math.sqrt(6 / (inputs + outputs));
    const weights = Array.from({ length: inputs * outputs }, () => (2 * rng.next() - 1) * limit);
    return { weights, bias: new Array<number>(outputs).fill(0), inputs, outputs };
  });
  layers[layers.length - 1]!.bias[0] = priorLogOdds;
  return { layers };
}

/**
 * An MLP trained with weighted cross-entropy, Adam with a decaying learning rate and early
 * stopping on the validation metric; returns the model of the epoch that scored best.
 */
export async function fitMlp(
  tf: Tf,
  train: LabelledMatrix,
  validation: LabelledMatrix,
  metric: ValidationMetric,
  options: MlpFitOptions = DEFAULT_MLP,
): Promise<{ model: MlpModel; history: FitHistory[] }> {
  const { prior, positiveWeight } = classBalance(train, options.positiveWeight);
  const initial = initialModel(train.features, options.hidden ?? DEFAULT_HIDDEN, Math.log(prior / (1 - prior)), options.seed);
  const layers = tf.tidy(() =>
    initial.layers.map((l) => ({
      weights: tf.variable(tf.tensor2d(l.weights, [l.inputs, l.outputs])),
      bias: tf.variable(tf.tensor1d(l.bias)),
    })),
  );
  const model = {
    variables: layers.flatMap((l) => [l.weights, l.bias]),
    logits: (x) => forward(layers, x),
    snapshot: () => snapshot(layers),
    validationLogits: (fitted) => mlpLogits(tf, fitted, validation.x, validation.rows),
  } satisfies AdamModel<MlpModel>;
  return fitWithAdam(tf, model, { train, validationLabels: validation.y, metric, options, positiveWeight });
}

async function snapshot(layers: ReadonlyArray<{ weights: Variable; bias: Variable }>): Promise<MlpModel> {
  const read = layers.map(async (l) => {
    const [inputs, outputs] = l.weights.shape as [number, number];
    return { weights: Array.from(await l.weights.data()), bias: Array.from(await l.bias.data()), inputs, outputs };
  });
  return { layers: await Promise.all(read) };
}

/**
 * Integrated gradients of the logit for each row of x [rows, features] against one
 * baseline row [features], with the trapezoidal rule on `steps` intervals (default 32).
 * `batchSize` bounds the interpolation points held at once (rows per chunk × (steps + 1);
 * default 65,536).
 */
export function integratedGradients(
  tf: Tf,
  model: MlpModel,
  x: Float32Array,
  rows: number,
  options: { baseline: Float32Array; steps?: number; batchSize?: number },
): IntegratedGradients {
  const features = checkShape(model, x, rows);
  const steps = options.steps ?? 32;
  if (!Number.isInteger(steps) || steps < 1) throw new Error(`steps must be a positive integer, got ${steps}`);
  if (options.baseline.length !== features)
    throw new Error(`the baseline has ${options.baseline.length} values, the model ${features} inputs`);
  const chunkRows = Math.max(1, Math.floor((options.batchSize ?? 65_536) / (steps + 1)));
  const layers = layerTensors(tf, model);
  const meanGradients = new Float32Array(rows * features);
  try {
    for (let start = 0; start < rows; start += chunkRows) {
      const end = Math.min(start + chunkRows, rows);
      const path = { x: x.subarray(start * features, end * features), rows: end - start, baseline: options.baseline, steps };
      meanGradients.set(pathMeanGradients(tf, layers, path), start * features);
    }
  } finally {
    disposeLayers(layers);
  }
  const logits = mlpLogits(tf, model, x, rows);
  const baselineLogit = mlpLogits(tf, model, options.baseline, 1)[0]!;
  const contributions = new Float64Array(rows * features);
  let max = 0;
  let sum = 0;
  for (let i = 0; i < rows; i++) {
    let total = 0;
    for (let j = 0; j < features; j++) {
      const k = i * features + j;
      contributions[k] = (x[k]! - options.baseline[j]!) * meanGradients[k]!;
      total += contributions[k]!;
    }
    const error = Math.abs(total - (logits[i]! - baselineLogit));
    max = Math.max(max, error);
    sum += error;
  }
  return { contributions, baselineLogit, logits, completenessError: { max, mean: rows > 0 ? sum / rows : 0 } };
}

/** The trapezoid-weighted mean gradient along each row's path, [rows, features]. */
function pathMeanGradients(
  tf: Tf,
  layers: readonly Layer[],
  path: { x: Float32Array; rows: number; baseline: Float32Array; steps: number },
): Float32Array {
  const { x, rows, baseline, steps } = path;
  const features = baseline.length;
  const alphas = Float32Array.from({ length: steps + 1 }, (_, k) => k / steps);
  const trapezoid = Float32Array.from({ length: steps + 1 }, (_, k) => (k === 0 || k === steps ? 0.5 : 1) / steps);
  const mean = tf.tidy(() => {
    const alpha = tf.tensor3d(alphas, [steps + 1, 1, 1]);
    // (1 − α)·b + α·x hits b and x exactly at the ends of the path.
    const points = tf
      .tensor2d(baseline, [1, features])
      .mul(tf.scalar(1).sub(alpha))
      .add(tf.tensor2d(x, [rows, features]).mul(alpha));
    const gradients = tf.grad((p) => forward(layers, p as Tensor2D))(points.reshape([(steps + 1) * rows, features]));
    return gradients
      .reshape([steps + 1, rows, features])
      .mul(tf.tensor3d(trapezoid, [steps + 1, 1, 1]))
      .sum(0);
  });
  const values = mean.dataSync() as Float32Array;
  mean.dispose();
  return values;
}
