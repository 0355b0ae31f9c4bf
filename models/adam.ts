/**
 * The training loop the logistic and MLP families share: weighted cross-entropy on
 * shuffled mini-batches, Adam with a learning rate decaying per epoch, early stopping on
 * the validation metric, and the model of the best epoch returned.
 */
import type { Tensor, Tensor2D, Variable } from '@tensorflow/tfjs';
import type { Tf } from './backend.ts';
import type { FitHistory, FitOptions, LabelledMatrix, ValidationMetric } from './fit-types.ts';
import { Shuffler } from './shuffle.ts';

/** A family's variables and how to read them, for the shared loop. */
export interface AdamModel<M> {
  variables: Variable[];
  /** The logits [n, 1] of a batch x [n, features], differentiable in the variables. */
  logits(x: Tensor2D): Tensor;
  /** The current variables as a plain model. */
  snapshot(): Promise<M>;
  /** A plain model's logits on the validation rows. */
  validationLogits(model: M): Float64Array;
}

/** The prior positive rate and the weight of a positive (default √(negatives / positives)). */
export function classBalance(train: LabelledMatrix, positiveWeight?: number): { prior: number; positiveWeight: number } {
  const positives = train.y.reduce((n, v) => n + v, 0);
  if (positives === 0) throw new Error('the training years hold no positive label');
  return { prior: positives / train.rows, positiveWeight: positiveWeight ?? Math.sqrt((train.rows - positives) / positives) };
}

/** What one fit runs on: the training rows, the validation labels the metric reads, and the loop's settings. */
export interface AdamFit {
  train: LabelledMatrix;
  validationLabels: Float32Array;
  metric: ValidationMetric;
  options: FitOptions;
  /** The loss weight of a positive (classBalance). */
  positiveWeight: number;
}

/** Fits `model`'s variables; disposes them and the optimiser whatever happens. */
export async function fitWithAdam<M>(tf: Tf, model: AdamModel<M>, fit: AdamFit): Promise<{ model: M; history: FitHistory[] }> {
  const { train, validationLabels, metric, options, positiveWeight } = fit;
  const optimizer = tf.train.adam(options.learningRate);
  const shuffler = new Shuffler(options.seed);
  const history: FitHistory[] = [];
  let best: { model: M; score: number; epoch: number } | null = null;
  try {
    for (let epoch = 1; epoch <= options.maxEpochs; epoch++) {
      (optimizer as unknown as { learningRate: number }).learningRate = options.learningRate * options.decay ** (epoch - 1);
      const order = shuffler.permutation(train.rows);
      let total = 0;
      for (let start = 0; start < train.rows; start += options.batchSize) {
        const idx = order.subarray(start, Math.min(start + options.batchSize, train.rows));
        const { x, y, weights } = batchTensors(tf, train, idx, positiveWeight);
        const cost = optimizer.minimize(
          () => tf.losses.sigmoidCrossEntropy(y, model.logits(x), weights) as ReturnType<Tf['scalar']>,
          true,
          model.variables,
        );
        tf.dispose([x, y, weights]);
        if (!cost) throw new Error('the optimiser returned no cost');
        total += (await cost.data())[0]! * idx.length;
        cost.dispose();
      }
      const current = await model.snapshot();
      const validationScore = metric(model.validationLogits(current), validationLabels);
      history.push({ epoch, loss: total / train.rows, validationScore });
      if (!best || validationScore > best.score || options.keepLast) best = { model: current, score: validationScore, epoch };
      else if (epoch - best.epoch >= options.patience) break;
    }
  } finally {
    tf.dispose(model.variables);
    optimizer.dispose();
  }
  return { model: best!.model, history };
}

/**
 * The rows `idx` of a matrix as tensors for one optimiser step: x [n, features], y [n, 1]
 * and the per-row loss weight (positiveWeight for positives, 1 otherwise, times the row's
 * own weight when the matrix has them). The caller
 * disposes them.
 */
function batchTensors(tf: Tf, data: LabelledMatrix, idx: ArrayLike<number>, positiveWeight: number) {
  const n = idx.length;
  const xb = new Float32Array(n * data.features);
  const yb = new Float32Array(n);
  const wb = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const row = idx[i]!;
    xb.set(data.x.subarray(row * data.features, (row + 1) * data.features), i * data.features);
    yb[i] = data.y[row]!;
    wb[i] = (yb[i] === 1 ? positiveWeight : 1) * (data.weights?.[row] ?? 1);
  }
  const x = tf.tensor2d(xb, [n, data.features]);
  const y = tf.tensor2d(yb, [n, 1]);
  const weights = tf.tensor2d(wb, [n, 1]);
  return { x, y, weights };
}
