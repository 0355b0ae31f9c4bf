import { describe, expect, it } from 'vitest';
import {
  additiveContributions,
  additiveLogits,
  DEFAULT_ADDITIVE,
  type AdditiveFitOptions,
  type AdditiveModel,
  type RawMatrix,
} from '../../models/additive.ts';
import { fitAdditive } from '../../models/additive-fit.ts';
import { binIndices, binOf, fitBins } from '../../models/bins.ts';
import { negativeLogLoss } from '../../models/bagging.ts';
import { loadTensorflow } from '../../models/backend.ts';
import { DEFAULT_FIT, fitLogistic, logisticLogits } from '../../models/logistic.ts';
import { applyScaling, fitScaling } from '../../models/scaling.ts';
import { Shuffler } from '../../models/shuffle.ts';
import { averagePrecision } from '../../training/metrics.ts';
import { max, min } from 'simple-statistics';
import { FEATURES, NAMES, simulate } from './simulated.ts';

const OPTIONS: AdditiveFitOptions = { ...DEFAULT_ADDITIVE, maxEpochs: 15, maxBins: 32 };

let fitted:
  | Promise<{ model: AdditiveModel; history: Awaited<ReturnType<typeof fitAdditive>>['history']; train: RawMatrix; validation: RawMatrix }>
  | undefined;

/** One model fitted on 20k rows, shared by the tests that only read it. */
function fittedModel(): NonNullable<typeof fitted> {
  fitted ??= (async () => {
    const { tf } = await loadTensorflow();
    const train = simulate(20_000, 1);
    const validation = simulate(10_000, 2);
    const { model, history } = await fitAdditive(tf, NAMES, train, validation, averagePrecision, OPTIONS);
    return { model, history, train, validation };
  })();
  return fitted;
}

/** The bin of each value for a single-feature binning. */
function binsOf(edges: number[], values: number[]): number[] {
  return Array.from(binIndices([{ name: 'v', edges }], values, values.length));
}

/** The edges fitted to a single feature. */
function edgesOf(values: number[], maxBins: number): number[] {
  return fitBins(values, values.length, ['v'], maxBins)[0]!.edges;
}

function range(values: readonly number[]): number {
  return values.reduce((a, b) => Math.max(a, b), -Infinity) - values.reduce((a, b) => Math.min(a, b), Infinity);
}

describe('fitBins', () => {
  it('gives a feature with few distinct values one bin per value, with edges halfway between them', () => {
    const [bins] = fitBins([3, 0, 1, 0], 4, ['rooms'], 8);
    expect(bins).toEqual({ name: 'rooms', edges: [0.5, 2] });
    expect(binsOf(bins!.edges, [-7, 0, 0.5, 0.7, 1, 2, 2.5, 3, 99])).toEqual([0, 0, 0, 1, 1, 1, 2, 2, 2]);
  });

  it('reads row-major columns and numbers the bins of all features end to end', () => {
    const bins = fitBins([0, 10, 0, 20, 1, 10, 3, 30], 4, ['rooms', 'age'], 8);
    expect(bins.map((b) => b.edges)).toEqual([
      [0.5, 2],
      [15, 25],
    ]);
    expect(Array.from(binIndices(bins, [1, 20, -1, 99], 2))).toEqual([1, 4, 0, 5]);
  });

  it('cuts a continuous feature into at most maxBins bins of similar size with strictly increasing edges', () => {
    const rng = new Shuffler(11);
    const values = Array.from({ length: 1_000 }, () => 50 * rng.next() - 20);
    const edges = edgesOf(values, 8);
    expect(edges.length + 1).toBeLessThanOrEqual(8);
    expect(edges.length + 1).toBeGreaterThanOrEqual(6);
    edges.slice(1).forEach((e, k) => expect(e).toBeGreaterThan(edges[k]!));
    const sizes = new Array<number>(edges.length + 1).fill(0);
    for (const b of binsOf(edges, values)) sizes[b]! += 1;
    for (const size of sizes) expect(size).toBeGreaterThan(1_000 / 8 / 2);
    expect(binsOf(edges, [min(values) - 1, max(values) + 1])).toEqual([0, edges.length]);
  });

  it('puts a value exactly on an edge in the lower bin', () => {
    const rng = new Shuffler(12);
    const values = Array.from({ length: 500 }, () => rng.next());
    const edges = edgesOf(values, 10);
    expect(binsOf(edges, edges)).toEqual(edges.map((_, k) => k));
    expect(
      binsOf(
        edges,
        edges.map((e) => e + 1e-9),
      ),
    ).toEqual(edges.map((_, k) => k + 1));
  });

  it('never leaves bin 0 empty when the smallest value fills several quantiles', () => {
    const rng = new Shuffler(13);
    const values = Array.from({ length: 1_000 }, (_, i) => (i % 5 < 3 ? 0 : 1 + rng.next()));
    const edges = edgesOf(values, 10);
    expect(edges[0]).toBeGreaterThan(0);
    expect(binsOf(edges, values).filter((b) => b === 0).length).toBeGreaterThanOrEqual(600);
    edges.slice(1).forEach((e, k) => expect(e).toBeGreaterThan(edges[k]!));
  });
});

describe('additive model', () => {
  it('has contributions, one per feature, that add up with the intercept to the logit', async () => {
    const { model, validation } = await fittedModel();
    const { contributions, logits } = additiveContributions(model, validation.x, validation.rows);
    expect(contributions).toHaveLength(validation.rows * FEATURES);
    expect(additiveLogits(model, validation.x, validation.rows)).toEqual(logits);
    const offsets = model.terms.map((_, j) => model.terms.slice(0, j).reduce((n, t) => n + t.length, 0));
    const index = binIndices(model.bins, validation.x, validation.rows);
    let worstError = 0;
    let wrongLookups = 0;
    for (let i = 0; i < validation.rows; i++) {
      let sum = model.intercept;
      for (let j = 0; j < FEATURES; j++) {
        const c = contributions[i * FEATURES + j]!;
        if (c !== model.terms[j]![index[i * FEATURES + j]! - offsets[j]!]) wrongLookups++;
        sum += c;
      }
      worstError = Math.max(worstError, Math.abs(sum - logits[i]!));
    }
    expect(wrongLookups).toBe(0);
    expect(worstError).toBeLessThan(1e-12);
    expect(model.terms.map((t, j) => t.length - model.bins[j]!.edges.length)).toEqual([1, 1, 1]);
    expect(() => additiveContributions(model, validation.x, validation.rows - 1)).toThrow(/expected/);
  });

  it('centres every term on the training rows, so the intercept carries the mean', async () => {
    const { model, train } = await fittedModel();
    const { contributions, logits } = additiveContributions(model, train.x, train.rows);
    const meanProbability = logits.reduce((sum, z) => sum + 1 / (1 + Math.exp(-z)), 0) / train.rows;
    const prevalence = Array.from(train.y).reduce((n, v) => n + v, 0) / train.rows;
    expect(meanProbability).toBeCloseTo(prevalence, 3);
    for (let j = 0; j < FEATURES; j++) {
      let sum = 0;
      for (let i = 0; i < train.rows; i++) sum += contributions[i * FEATURES + j]!;
      expect(Math.abs(sum / train.rows)).toBeLessThan(1e-9);
      expect(range(model.terms[j]!)).toBeGreaterThan(0);
    }
  });

  it('learns a risk peak in the middle of a feature, a flat term for a useless one, and beats logistic regression', async () => {
    const { model, train, validation } = await fittedModel();
    const { contributions } = additiveContributions(model, [0.5, 0, 0, 5, 0, 0, 9.5, 0, 0], 3);
    const [low, middle, high] = [contributions[0]!, contributions[3]!, contributions[6]!];
    expect(middle - Math.max(low, high)).toBeGreaterThan(2);
    expect(range(model.terms[2]!)).toBeLessThan(0.15 * range(model.terms[0]!));
    expect(model.bins.map((b) => b.edges.length + 1)).toEqual([32, 32, 5]);

    const { tf } = await loadTensorflow();
    const scaling = fitScaling(train.x, train.rows, NAMES);
    const scaled = (m: RawMatrix) => ({
      x: applyScaling(m.x, m.rows, scaling),
      y: Float32Array.from(m.y),
      rows: m.rows,
      features: FEATURES,
    });
    const logisticValidation = scaled(validation);
    const { model: logistic } = await fitLogistic(tf, scaled(train), logisticValidation, averagePrecision, {
      ...DEFAULT_FIT,
      maxEpochs: 8,
      batchSize: 1_024,
      learningRate: 0.05,
    });
    const additiveAp = averagePrecision(additiveLogits(model, validation.x, validation.rows), validation.y);
    const logisticAp = averagePrecision(logisticLogits(logistic, logisticValidation.x, validation.rows), validation.y);
    expect(additiveAp).toBeGreaterThan(1.8 * logisticAp);
  });

  it('returns the model of the sweep with the best validation score', async () => {
    const { model, history, validation } = await fittedModel();
    expect(history.length).toBeLessThanOrEqual(OPTIONS.maxEpochs);
    expect(history.map((h) => h.epoch)).toEqual(history.map((_, k) => k + 1));
    const best = max(history.map((h) => h.validationScore));
    expect(averagePrecision(additiveLogits(model, validation.x, validation.rows), validation.y)).toBeCloseTo(best, 12);
    expect(history[history.length - 1]!.loss).toBeLessThan(history[0]!.loss);
  });
});

describe('fitAdditive', () => {
  it('gives the same model twice and leaves no tensors behind', async () => {
    const { tf } = await loadTensorflow();
    const train = simulate(3_000, 4);
    const options = { ...OPTIONS, maxEpochs: 3 };
    const tensorsBefore = tf.memory().numTensors;
    const first = await fitAdditive(tf, NAMES, train, train, averagePrecision, options);
    const second = await fitAdditive(tf, NAMES, train, train, averagePrecision, options);
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    expect(second).toEqual(first);
  });

  it('stops after `patience` sweeps without a gain of minImprovement and keeps the best sweep', async () => {
    const { tf } = await loadTensorflow();
    const train = simulate(3_000, 5);
    const scripted = (scores: number[]) => {
      let call = 0;
      return () => scores[call++]!;
    };
    const options = { ...OPTIONS, patience: 3, minImprovement: 0.005 };
    const stopped = await fitAdditive(tf, NAMES, train, train, scripted([0.5, 0.9, 0.6, 0.7, 0.8, 0.95]), { ...options, maxEpochs: 6 });
    expect(stopped.history.map((h) => h.validationScore)).toEqual([0.5, 0.9, 0.6, 0.7, 0.8]);
    const twoSweeps = await fitAdditive(tf, NAMES, train, train, scripted([0.1, 0.2]), { ...options, maxEpochs: 2 });
    expect(stopped.model).toEqual(twoSweeps.model);

    // Each sweep is a little better, but by less than 0.5 %: patience runs out, the last sweep is kept.
    const creeping = await fitAdditive(tf, NAMES, train, train, scripted([0.5, 0.501, 0.502, 0.5024, 0.9]), { ...options, maxEpochs: 5 });
    expect(creeping.history).toHaveLength(4);
    const fourSweeps = await fitAdditive(tf, NAMES, train, train, scripted([0.1, 0.2, 0.3, 0.4]), { ...options, maxEpochs: 4 });
    expect(creeping.model).toEqual(fourSweeps.model);
    expect(creeping.model).not.toEqual(twoSweeps.model);
  });

  it('keeps a thinly filled bin near 0 with l2 and neighbouring bins close with smoothing', async () => {
    const { tf } = await loadTensorflow();
    const train = simulate(3_000, 7);
    // Three rows in a district of their own, all positive: without a prior its term would run off.
    for (const i of [10, 20, 30]) {
      train.x[i * FEATURES + 2] = 9;
      train.y[i] = 1;
    }
    const fit = (l2: number, smoothing: number) =>
      fitAdditive(tf, NAMES, train, train, averagePrecision, { ...OPTIONS, maxEpochs: 8, patience: 8, l2, smoothing });
    const rareTerm = (model: AdditiveModel) => model.terms[2]![5]! - model.terms[2]![0]!;
    const roughness = (terms: number[]) => terms.slice(1).reduce((sum, v, k) => sum + (v - terms[k]!) ** 2, 0);
    const [ridge, loose, smooth] = await Promise.all([fit(10, 0), fit(1e-3, 0), fit(10, 30)]);
    expect(rareTerm(loose.model)).toBeGreaterThan(10 * rareTerm(ridge.model));
    expect(rareTerm(ridge.model)).toBeLessThan(1);
    expect(roughness(smooth.model.terms[0]!)).toBeLessThan(0.1 * roughness(ridge.model.terms[0]!));
  });

  it('rejects training rows without a positive label and feature names that do not match the columns', async () => {
    const { tf } = await loadTensorflow();
    const train = simulate(500, 6);
    const negatives = { ...train, y: new Float32Array(train.rows) };
    await expect(fitAdditive(tf, NAMES, negatives, train, averagePrecision, OPTIONS)).rejects.toThrow(/no positive label/);
    await expect(fitAdditive(tf, NAMES.slice(0, 2), train, train, averagePrecision, OPTIONS)).rejects.toThrow(
      /2 feature names for 3 training/,
    );
    const narrow = { x: train.x.slice(0, 2 * train.rows), y: train.y, rows: train.rows, features: 2 };
    await expect(fitAdditive(tf, NAMES, train, narrow, averagePrecision, OPTIONS)).rejects.toThrow(/2 validation columns/);
  });
});

describe('pairwise terms (GA²M)', () => {
  /** Risk only where both a and b are high: an interaction no sum of main effects can draw. */
  function interacting(rows: number, seed: number): RawMatrix {
    const rng = new Shuffler(seed);
    const x = new Float64Array(rows * 3);
    const y = new Float32Array(rows);
    for (let i = 0; i < rows; i++) {
      const a = rng.next();
      const b = rng.next();
      x.set([a, b, rng.next()], i * 3);
      const logit = -4 + (a > 0.6 && b > 0.6 ? 3 : 0);
      y[i] = rng.next() < 1 / (1 + Math.exp(-logit)) ? 1 : 0;
    }
    return { x, y, rows, features: 3 };
  }

  it('finds the interacting pair, beats the main effects alone, and keeps contributions summing exactly to the logit', async () => {
    const { tf } = await loadTensorflow();
    const train = interacting(30_000, 7);
    const validation = interacting(15_000, 8);
    const names = ['a', 'b', 'noise'];
    // Stopped on validation log-loss, as the served model is: AP on a few hundred positives is too rough to judge one pair.
    const options = { ...OPTIONS, maxBins: 16, pairCandidates: 3, pairBins: 6 };
    const main = await fitAdditive(tf, names, train, validation, negativeLogLoss, options);
    const paired = await fitAdditive(tf, names, train, validation, negativeLogLoss, { ...options, pairs: 1 });
    expect(main.model.pairs).toBeUndefined();
    expect(paired.model.pairs?.map((p) => p.features)).toEqual([[0, 1]]);
    // On rows neither fit saw, the pair's model predicts better (log-loss: AP on ~700 positives moves by more than the gain).
    const test = interacting(30_000, 9);
    const fresh = (m: typeof main.model) => negativeLogLoss(additiveLogits(m, test.x, test.rows), Float32Array.from(test.y));
    expect(fresh(paired.model)).toBeGreaterThan(fresh(main.model) + 0.001);
    const explained = additiveContributions(paired.model, (validation.x as Float64Array).subarray(0, 600), 200);
    const { contributions, pairContributions, logits } = explained;
    for (let i = 0; i < 200; i++) {
      // The pair is a line of its own: intercept + main effects + pair = logit.
      let sum = paired.model.intercept + pairContributions[i]!;
      for (let j = 0; j < 3; j++) sum += contributions[i * 3 + j]!;
      expect(Math.abs(sum - logits[i]!)).toBeLessThan(1e-12);
    }
    expect(pairContributions.some((v) => Math.abs(v) > 0.1)).toBe(true);
    const pair = paired.model.pairs![0]!;
    expect(pair.terms).toHaveLength((pair.edges[0].length + 1) * (pair.edges[1].length + 1));
    // Purified: every row and column of the table averages 0 over the training rows, so the pair is interaction only.
    const nb = pair.edges[1].length + 1;
    const sums = { rows: new Map<number, [number, number]>(), cols: new Map<number, [number, number]>() };
    for (let i = 0; i < train.rows; i++) {
      const r = binOf(pair.edges[0], train.x[i * 3]!);
      const c = binOf(pair.edges[1], train.x[i * 3 + 1]!);
      const v = pair.terms[r * nb + c]!;
      for (const [map, key] of [
        [sums.rows, r],
        [sums.cols, c],
      ] as const) {
        const [total, n] = map.get(key) ?? [0, 0];
        map.set(key, [total + v, n + 1]);
      }
    }
    for (const [total, n] of [...sums.rows.values(), ...sums.cols.values()]) expect(Math.abs(total / n)).toBeLessThan(1e-9);
    // The coarse edges are edges of the main effects, which is what lets the margins move there exactly.
    for (const [k, j] of pair.features.entries()) for (const e of pair.edges[k]!) expect(paired.model.bins[j]!.edges).toContain(e);
  }, 60_000);
});
