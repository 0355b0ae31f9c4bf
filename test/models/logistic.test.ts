import { describe, expect, it } from 'vitest';
import { loadTensorflow } from '../../models/backend.ts';
import type { LabelledMatrix } from '../../models/fit-types.ts';
import { fitLogistic, logisticLogits } from '../../models/logistic.ts';
import { applyScaling, fitScaling } from '../../models/scaling.ts';
import { Shuffler } from '../../models/shuffle.ts';
import { averagePrecision } from '../../training/metrics.ts';

/** Rows with three standard-normal features; the true logit is 2·x0 − 1·x1 − 5 (x2 is noise). */
function simulate(rows: number, seed: number): LabelledMatrix {
  const rng = new Shuffler(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
  const x = new Float32Array(rows * 3);
  const y = new Float32Array(rows);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < 3; j++) x[i * 3 + j] = normal();
    const logit = 2 * x[i * 3]! - x[i * 3 + 1]! - 5;
    y[i] = rng.next() < 1 / (1 + Math.exp(-logit)) ? 1 : 0;
  }
  return { x, y, rows, features: 3 };
}

describe('logistic regression', () => {
  it('recovers the direction of the true weights and ranks held-out rows as well as the truth nearly does', async () => {
    const { tf } = await loadTensorflow();
    const train = simulate(20_000, 1);
    const validation = simulate(10_000, 2);
    const test = simulate(10_000, 3);
    const { model, history } = await fitLogistic(tf, train, validation, averagePrecision, {
      maxEpochs: 15,
      batchSize: 1024,
      learningRate: 0.05,
      decay: 0.85,
      patience: 3,
      seed: 1,
    });

    expect(model.weights[0]).toBeGreaterThan(1);
    expect(model.weights[1]).toBeLessThan(-0.5);
    expect(Math.abs(model.weights[2]!)).toBeLessThan(0.3);
    expect(history[history.length - 1]!.loss).toBeLessThan(history[0]!.loss);
    const truth = Array.from({ length: test.rows }, (_, i) => 2 * test.x[i * 3]! - test.x[i * 3 + 1]!);
    const learned = averagePrecision(logisticLogits(model, test.x, test.rows), test.y);
    expect(learned).toBeGreaterThan(0.95 * averagePrecision(truth, test.y));
  });

  it('gives the same model twice for one seed', async () => {
    const { tf } = await loadTensorflow();
    const train = simulate(5_000, 4);
    const options = { maxEpochs: 3, batchSize: 512, learningRate: 0.05, decay: 0.9, patience: 3, seed: 7 };
    const first = await fitLogistic(tf, train, train, averagePrecision, options);
    const second = await fitLogistic(tf, train, train, averagePrecision, options);
    expect(second.model).toEqual(first.model);
  });
});

describe('feature scaling', () => {
  it('clips to the training quantiles and standardises, so an outlier cannot dominate', () => {
    const values = Float64Array.from({ length: 1000 }, (_, i) => (i === 999 ? 1e6 : i % 10));
    const [scaling] = fitScaling(values, 1000, ['kwh']);
    expect(scaling!.high).toBeLessThan(1e6);
    const scaled = applyScaling([1e6, scaling!.mean], 2, [scaling!]);
    expect(scaled[0]).toBeCloseTo((scaling!.high - scaling!.mean) / scaling!.sd, 5);
    expect(scaled[1]).toBeCloseTo(0, 6);
  });
});

describe('early stopping', () => {
  /** A validation metric that returns the given scores, one per epoch: a constructed history. */
  const scripted = (scores: number[]) => {
    let call = 0;
    return () => scores[call++]!;
  };
  const options = { batchSize: 512, learningRate: 0.05, decay: 1, patience: 3, seed: 1 };

  it('stops after `patience` epochs without a better validation score and returns the best epoch', async () => {
    const { tf } = await loadTensorflow();
    const train = simulate(2_000, 5);
    // Best at epoch 2; epochs 3–5 are no better, so the fit stops before the sixth.
    const { history, model } = await fitLogistic(tf, train, train, scripted([0.5, 0.9, 0.6, 0.7, 0.8, 0.95]), { ...options, maxEpochs: 6 });
    expect(history.map((h) => h.validationScore)).toEqual([0.5, 0.9, 0.6, 0.7, 0.8]);
    // The same fit run for exactly two epochs, each better than the last, ends on epoch 2's model.
    const epochTwo = await fitLogistic(tf, train, train, scripted([0.1, 0.2]), { ...options, maxEpochs: 2 });
    expect(model).toEqual(epochTwo.model);
    // and not on the last epoch's, which keepLast returns.
    const lastEpoch = await fitLogistic(tf, train, train, scripted([0.5, 0.9, 0.6, 0.7, 0.8]), {
      ...options,
      maxEpochs: 5,
      keepLast: true,
    });
    expect(lastEpoch.history).toHaveLength(5);
    expect(lastEpoch.model).not.toEqual(model);
  });
});
