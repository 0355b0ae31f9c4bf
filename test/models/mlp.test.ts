import { describe, expect, it } from 'vitest';
import { loadTensorflow } from '../../models/backend.ts';
import type { LabelledMatrix } from '../../models/fit-types.ts';
import { fitLogistic, logisticLogits } from '../../models/logistic.ts';
import { fitMlp, integratedGradients, mlpLogits, type MlpFitOptions, type MlpModel } from '../../models/mlp.ts';
import { Shuffler } from '../../models/shuffle.ts';
import { averagePrecision } from '../../training/metrics.ts';

const FEATURES = 4;

/** Standard-normal features; the true logit 2.5·|x0| − 6 is symmetric in x0, so a linear score finds one tail at best. */
function simulate(rows: number, seed: number): LabelledMatrix {
  const rng = new Shuffler(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
  const x = new Float32Array(rows * FEATURES);
  const y = new Float32Array(rows);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < FEATURES; j++) x[i * FEATURES + j] = normal();
    y[i] = rng.next() < 1 / (1 + Math.exp(-(2.5 * Math.abs(x[i * FEATURES]!) - 6))) ? 1 : 0;
  }
  return { x, y, rows, features: FEATURES };
}

const OPTIONS: MlpFitOptions = { maxEpochs: 12, batchSize: 512, learningRate: 0.01, decay: 0.9, patience: 3, seed: 3, hidden: [16, 8] };

let fitted: Promise<{ model: MlpModel; validation: LabelledMatrix }> | undefined;

/** One fitted model shared by the tests that only read it. */
function fittedModel(): Promise<{ model: MlpModel; validation: LabelledMatrix }> {
  fitted ??= (async () => {
    const { tf } = await loadTensorflow();
    const validation = simulate(5_000, 2);
    const { model } = await fitMlp(tf, simulate(10_000, 1), validation, averagePrecision, OPTIONS);
    return { model, validation };
  })();
  return fitted;
}

/** The forward pass in plain float64 JavaScript, to check the TF.js one against. */
function referenceLogits(model: MlpModel, x: Float32Array, rows: number): number[] {
  return Array.from({ length: rows }, (_, i) => {
    let h = Array.from(x.subarray(i * FEATURES, (i + 1) * FEATURES));
    model.layers.forEach((layer, l) => {
      const z = layer.bias.map((b, o) => h.reduce((sum, v, j) => sum + v * layer.weights[j * layer.outputs + o]!, b));
      h = l < model.layers.length - 1 ? z.map((v) => Math.max(0, v)) : z;
    });
    return h[0]!;
  });
}

describe('mlp', () => {
  it('ranks a label that depends on |x0| far above chance and above logistic regression', async () => {
    const { model, validation } = await fittedModel();
    const { tf } = await loadTensorflow();
    const { model: logistic } = await fitLogistic(tf, simulate(10_000, 1), validation, averagePrecision, OPTIONS);
    const prevalence = validation.y.reduce((n, v) => n + v, 0) / validation.rows;
    const truth = Array.from({ length: validation.rows }, (_, i) => Math.abs(validation.x[i * FEATURES]!));
    const learned = averagePrecision(mlpLogits(tf, model, validation.x, validation.rows), validation.y);
    expect(learned).toBeGreaterThan(3 * prevalence);
    expect(learned).toBeGreaterThan(2 * averagePrecision(logisticLogits(logistic, validation.x, validation.rows), validation.y));
    expect(learned).toBeGreaterThan(0.9 * averagePrecision(truth, validation.y));
  });

  it('gives identical weights twice for one seed and leaves no tensors behind', async () => {
    const { tf } = await loadTensorflow();
    const train = simulate(3_000, 4);
    const options = { ...OPTIONS, maxEpochs: 2 };
    const tensorsBefore = tf.memory().numTensors;
    const first = await fitMlp(tf, train, train, averagePrecision, options);
    const second = await fitMlp(tf, train, train, averagePrecision, options);
    integratedGradients(tf, second.model, train.x.subarray(0, 10 * FEATURES), 10, { baseline: new Float32Array(FEATURES), steps: 4 });
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    expect(second.model).toEqual(first.model);
    expect(first.model.layers.map((l) => [l.inputs, l.outputs])).toEqual([
      [4, 16],
      [16, 8],
      [8, 1],
    ]);
  });

  it('computes the same logits in small chunks as in one pass, and as a float64 forward pass', async () => {
    const { model, validation } = await fittedModel();
    const { tf } = await loadTensorflow();
    const rows = 1_000;
    const x = validation.x.subarray(0, rows * FEATURES);
    const whole = mlpLogits(tf, model, x, rows, rows);
    const chunked = mlpLogits(tf, model, x, rows, 7);
    const reference = referenceLogits(model, x, rows);
    chunked.forEach((v, i) => {
      expect(v).toBeCloseTo(whole[i]!, 5);
      expect(v).toBeCloseTo(reference[i]!, 4);
    });
  });
});

describe('integrated gradients', () => {
  // With a ReLU network the trapezoidal error shrinks about as 1/steps; on this model 64 steps
  // leave a few hundredths of log-odds on the worst of 500 rows and a few thousandths on average.
  it('nearly adds up to logit(x) − logit(baseline), more closely with more steps', async () => {
    const { model, validation } = await fittedModel();
    const { tf } = await loadTensorflow();
    const rows = 500;
    const x = validation.x.subarray(0, rows * FEATURES);
    const baseline = new Float32Array(FEATURES);
    const coarse = integratedGradients(tf, model, x, rows, { baseline, steps: 8 });
    const fine = integratedGradients(tf, model, x, rows, { baseline, steps: 64, batchSize: 4_000 });
    expect(fine.completenessError.max).toBeLessThan(0.05);
    expect(fine.completenessError.mean).toBeLessThan(0.005);
    expect(fine.completenessError.max).toBeLessThan(coarse.completenessError.max / 2);
    expect(fine.completenessError.mean).toBeLessThan(coarse.completenessError.mean / 4);
    expect(fine.logits).toEqual(mlpLogits(tf, model, x, rows));
  });

  it('gives exactly 0 to a feature whose value equals the baseline', async () => {
    const { model, validation } = await fittedModel();
    const { tf } = await loadTensorflow();
    const rows = 200;
    const x = validation.x.slice(0, rows * FEATURES);
    const baseline = Float32Array.from([0.3, -0.2, 0.7, 0]);
    for (let i = 0; i < rows; i++) x[i * FEATURES + 2] = baseline[2]!;
    const { contributions } = integratedGradients(tf, model, x, rows, { baseline, steps: 16 });
    for (let i = 0; i < rows; i++) expect(Math.abs(contributions[i * FEATURES + 2]!)).toBe(0);
    expect(contributions.some((v) => Math.abs(v) > 1e-3)).toBe(true);
  });

  it('equals weight · (x − baseline) for a model without hidden layers', async () => {
    const { tf } = await loadTensorflow();
    const train = simulate(3_000, 5);
    const { model } = await fitMlp(tf, train, train, averagePrecision, { ...OPTIONS, maxEpochs: 2, hidden: [] });
    const weights = model.layers[0]!.weights;
    const rows = 300;
    const baseline = Float32Array.from([0.1, -0.4, 0, 1]);
    const result = integratedGradients(tf, model, train.x.subarray(0, rows * FEATURES), rows, { baseline, steps: 4 });
    result.contributions.forEach((v, k) => {
      const j = k % FEATURES;
      expect(Math.abs(v - weights[j]! * (train.x[k]! - baseline[j]!))).toBeLessThan(1e-5);
    });
    expect(result.completenessError.max).toBeLessThan(1e-5);
  });
});
