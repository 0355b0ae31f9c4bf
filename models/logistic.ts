import type { Tf } from './backend.ts';
import { batchTensors } from './batches.ts';
import { Shuffler } from './shuffle.ts';

/** A matrix of scaled features, row-major [rows, features], with 0/1 labels. */
export interface LabelledMatrix {
  x: Float32Array;
  y: Float32Array;
  rows: number;
  features: number;
}

export interface LogisticModel {
  weights: number[];
  bias: number;
}

export interface FitOptions {
  maxEpochs: number;
  batchSize: number;
  learningRate: number;
  /** Learning rate multiplier per epoch (a decaying rate closed the gap to scikit-learn). */
  decay: number;
  /** Epochs without a better validation score before stopping. */
  patience: number;
  seed: number;
  /** Weight of a positive in the loss; default sqrt(negatives / positives). */
  positiveWeight?: number;
}

/** Scores a model's validation logits against the labels, higher is better (training passes AP). */
export type ValidationMetric = (logits: Float64Array, labels: Float32Array) => number;

export const DEFAULT_FIT: FitOptions = { maxEpochs: 30, batchSize: 2048, learningRate: 0.01, decay: 0.8, patience: 4, seed: 1 };

export interface FitHistory {
  epoch: number;
  loss: number;
  validationScore: number;
}

/**
 * The logit of each row: bias + Σ weight_j · x_j. Computed in plain JavaScript in float64,
 * so that an explanation's contributions (weight_j · x_j) plus the bias equal it exactly.
 */
export function logisticLogits(model: LogisticModel, x: ArrayLike<number>, rows: number): Float64Array {
  const width = model.weights.length;
  const logits = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    let z = model.bias;
    for (let j = 0; j < width; j++) z += model.weights[j]! * x[i * width + j]!;
    logits[i] = z;
  }
  return logits;
}

/**
 * Weighted logistic regression with Adam, the output bias starting at the prior
 * log-odds, a decaying learning rate and early stopping on the validation metric;
 * returns the model of the epoch that scored best.
 */
export async function fitLogistic(tf: Tf, train: LabelledMatrix, validation: LabelledMatrix, metric: ValidationMetric, options: FitOptions = DEFAULT_FIT): Promise<{ model: LogisticModel; history: FitHistory[] }> {
  const positives = train.y.reduce((n, v) => n + v, 0);
  if (positives === 0) throw new Error('the training years hold no positive label');
  const prior = positives / train.rows;
  const positiveWeight = options.positiveWeight ?? Math.sqrt((train.rows - positives) / positives);
  const w = tf.variable(tf.zeros([train.features, 1]));
  const b = tf.variable(tf.scalar(Math.log(prior / (1 - prior))));
  const optimizer = tf.train.adam(options.learningRate);
  const shuffler = new Shuffler(options.seed);
  const history: FitHistory[] = [];
  let best: { model: LogisticModel; score: number; epoch: number } | null = null;
  try {
    for (let epoch = 1; epoch <= options.maxEpochs; epoch++) {
      (optimizer as unknown as { learningRate: number }).learningRate = options.learningRate * options.decay ** (epoch - 1);
      const loss = await runEpoch(tf, train, shuffler.permutation(train.rows), options.batchSize, positiveWeight, w, b, optimizer);
      const model = { weights: Array.from(await w.data()), bias: (await b.data())[0]! };
      const validationScore = metric(logisticLogits(model, validation.x, validation.rows), validation.y);
      history.push({ epoch, loss, validationScore });
      if (!best || validationScore > best.score) best = { model, score: validationScore, epoch };
      else if (epoch - best.epoch >= options.patience) break;
    }
  } finally {
    w.dispose();
    b.dispose();
    optimizer.dispose();
  }
  return { model: best!.model, history };
}

async function runEpoch(tf: Tf, data: LabelledMatrix, order: Uint32Array, batchSize: number, positiveWeight: number, w: ReturnType<Tf['variable']>, b: ReturnType<Tf['variable']>, optimizer: ReturnType<Tf['train']['adam']>): Promise<number> {
  let total = 0;
  for (let start = 0; start < data.rows; start += batchSize) {
    const idx = order.subarray(start, Math.min(start + batchSize, data.rows));
    const { x, y, weights } = batchTensors(tf, data, idx, positiveWeight);
    const cost = optimizer.minimize(() => tf.losses.sigmoidCrossEntropy(y, x.matMul(w).add(b), weights) as ReturnType<Tf['scalar']>, true);
    tf.dispose([x, y, weights]);
    if (!cost) throw new Error('the optimiser returned no cost');
    total += (await cost.data())[0]! * idx.length;
    cost.dispose();
  }
  return total / data.rows;
}
