/** Logistic regression on scaled features: the simplest family, its weights its explanation. */
import type { Tf } from './backend.ts';
import { classBalance, fitWithAdam, type AdamModel } from './adam.ts';
import type { FitHistory, FitOptions, LabelledMatrix, ValidationMetric } from './fit-types.ts';

export interface LogisticModel {
  weights: number[];
  bias: number;
}

export const DEFAULT_FIT: FitOptions = { maxEpochs: 30, batchSize: 2048, learningRate: 0.01, decay: 0.8, patience: 4, seed: 1 };

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
export async function fitLogistic(
  tf: Tf,
  train: LabelledMatrix,
  validation: LabelledMatrix,
  metric: ValidationMetric,
  options: FitOptions = DEFAULT_FIT,
): Promise<{ model: LogisticModel; history: FitHistory[] }> {
  const { prior, positiveWeight } = classBalance(train, options.positiveWeight);
  // Made in a tidy: the initial values would otherwise stay allocated next to the variables.
  const [w, b] = tf.tidy(() => [tf.variable(tf.zeros([train.features, 1])), tf.variable(tf.scalar(Math.log(prior / (1 - prior))))]);
  const model = {
    variables: [w!, b!],
    logits: (x) => x.matMul(w!).add(b!),
    snapshot: async () => ({ weights: Array.from(await w!.data()), bias: (await b!.data())[0]! }),
    validationLogits: (fitted) => logisticLogits(fitted, validation.x, validation.rows),
  } satisfies AdamModel<LogisticModel>;
  return fitWithAdam(tf, model, { train, validationLabels: validation.y, metric, options, positiveWeight });
}
