import { describe, expect, it } from 'vitest';
import { additiveContributions, additiveLogits } from '../../models/additive.ts';
import { loadTensorflow } from '../../models/backend.ts';
import { bagRows, DEFAULT_BAGGING, fitBaggedAdditive, negativeLogLoss, type BaggingOptions } from '../../models/bagging.ts';
import { FEATURES, NAMES, simulate } from './simulated.ts';

const train = simulate(20_000, 1, true);
const validation = simulate(10_000, 2, true);
const OPTIONS: BaggingOptions = {
  ...DEFAULT_BAGGING,
  bags: 3,
  pairs: 0,
  additive: { ...DEFAULT_BAGGING.additive, maxEpochs: 12, maxBins: 32 },
};

async function fit(options: Partial<BaggingOptions> = {}) {
  const { tf } = await loadTensorflow();
  return fitBaggedAdditive(tf, NAMES, train, validation, { ...OPTIONS, ...options });
}

describe('bagRows', () => {
  it('draws round(share × rows) distinct rows per bag, in row order, the same for the same seed', () => {
    const bags = bagRows(1_000, 4, 0.85, 7);
    expect(bags).toHaveLength(4);
    for (const rows of bags) {
      expect(rows).toHaveLength(850);
      rows.slice(1).forEach((r, i) => expect(r).toBeGreaterThan(rows[i]!));
    }
    expect(bags[0]).not.toEqual(bags[1]);
    expect(bagRows(1_000, 4, 0.85, 7)).toEqual(bags);
    expect(Array.from(bagRows(5, 2, 1, 7)[1]!)).toEqual([0, 1, 2, 3, 4]);
    expect(() => bagRows(10, 2, 0, 1)).toThrow(/share/);
  });
});

describe('fitBaggedAdditive', () => {
  it("averages the bags into one additive model: contributions plus intercept are the logit, the logit the mean of the bags' logits", async () => {
    const { model, bags, spread } = await fit();
    expect(bags).toHaveLength(3);
    const { contributions, logits } = additiveContributions(model, validation.x, validation.rows);
    const bagLogits = bags.map((b) => additiveLogits(b.model, validation.x, validation.rows));
    for (let i = 0; i < validation.rows; i++) {
      let z = model.intercept;
      for (let j = 0; j < FEATURES; j++) z += contributions[i * FEATURES + j]!;
      expect(Math.abs(z - logits[i]!)).toBeLessThan(1e-9);
      expect(Math.abs(logits[i]! - bagLogits.reduce((s, l) => s + l[i]!, 0) / bags.length)).toBeLessThan(1e-9);
    }
    // Bags on different rows differ, and the spread says by how much.
    expect(spread.map((s, j) => s.length - model.terms[j]!.length)).toEqual([0, 0, 0]);
    expect(spread.flat().some((s) => s > 0)).toBe(true);
    // Centred on every training row, as a single fit is.
    const train0 = additiveContributions(model, train.x, train.rows).contributions;
    for (let j = 0; j < FEATURES; j++) {
      let mean = 0;
      for (let i = 0; i < train.rows; i++) mean += train0[i * FEATURES + j]! / train.rows;
      expect(Math.abs(mean)).toBeLessThan(1e-9);
    }
  });

  it('gives the same model for the same seed and another for another seed', async () => {
    const [a, b, c] = [await fit(), await fit(), await fit({ seed: 2 })];
    expect(b.model).toEqual(a.model);
    expect(b.spread).toEqual(a.spread);
    expect(c.model.terms).not.toEqual(a.model.terms);
  });

  it('has a spread of exactly 0 when every bag sees the same rows, and then equals one fit', async () => {
    const { model, spread, bags } = await fit({ sampleShare: 1 });
    expect(spread.flat().every((s) => s === 0)).toBe(true);
    expect(model.terms).toEqual(bags[0]!.model.terms);
    expect(model.intercept).toBe(bags[0]!.model.intercept);
  });

  it('adds pairs on the averaged model, its contributions still summing to the logit', async () => {
    const { tf } = await loadTensorflow();
    const bigger = simulate(60_000, 3, true);
    const { model, pairHistory } = await fitBaggedAdditive(tf, NAMES, bigger, validation, {
      ...OPTIONS,
      pairs: 1,
      additive: { ...OPTIONS.additive, pairCandidates: 3, pairL2: 1 },
    });
    expect(model.pairs?.map((p) => p.features)).toEqual([[1, 2]]);
    expect(pairHistory.length).toBeGreaterThan(0);
    const { contributions, pairContributions, logits } = additiveContributions(model, validation.x, validation.rows);
    for (let i = 0; i < validation.rows; i++) {
      let z = model.intercept + pairContributions[i]!;
      for (let j = 0; j < FEATURES; j++) z += contributions[i * FEATURES + j]!;
      expect(Math.abs(z - logits[i]!)).toBeLessThan(1e-9);
    }
  });

  it('makes a declared shape monotone in its direction, also after the pairs moved their margins into it, and leaves the others', async () => {
    const { tf } = await loadTensorflow();
    // The peak of distance rises and falls: declared increasing, it must become a non-decreasing step function.
    const options = { ...OPTIONS, pairs: 1, additive: { ...OPTIONS.additive, pairCandidates: 3, pairL2: 1 } };
    const free = await fitBaggedAdditive(tf, NAMES, train, validation, options);
    const declared = await fitBaggedAdditive(tf, NAMES, train, validation, { ...options, monotone: { distance: 'increasing' } });
    const steps = (values: number[]) => values.slice(1).map((v, k) => v - values[k]!);
    expect(steps(free.model.terms[0]!).reduce((m, v) => Math.min(m, v), 0)).toBeLessThan(-0.1);
    for (const step of steps(declared.model.terms[0]!)) expect(step).toBeGreaterThanOrEqual(-1e-12);
    const falling = await fitBaggedAdditive(tf, NAMES, train, validation, { ...OPTIONS, monotone: { floorArea: 'decreasing' } });
    for (const step of steps(falling.model.terms[1]!)) expect(step).toBeLessThanOrEqual(1e-12);
    expect(falling.model.terms[0]).toEqual((await fit()).model.terms[0]);
    await expect(fitBaggedAdditive(tf, NAMES, train, validation, { ...OPTIONS, monotone: { height: 'increasing' } })).rejects.toThrow(
      /monotone: height is not one of the 3 features/,
    );
  });

  it('reports the sweeps a refit repeats, and a refit runs exactly those: the mean kept sweep of the bags, the kept pair sweeps', async () => {
    const { tf } = await loadTensorflow();
    const bigger = simulate(60_000, 3, true);
    const options = { ...OPTIONS, pairs: 1, additive: { ...OPTIONS.additive, pairCandidates: 3, pairL2: 1 } };
    const held = await fitBaggedAdditive(tf, NAMES, bigger, validation, options);
    const mean = held.bags.reduce((sum, b) => sum + b.epoch, 0) / held.bags.length;
    expect(held.refit.epochs).toBe(Math.max(1, Math.round(mean)));
    expect(held.refit.pairSweeps).toBeGreaterThan(0);
    const best = held.pairHistory.reduce((m, h) => Math.max(m, h.validationScore), -Infinity);
    expect(held.pairHistory[held.refit.pairSweeps - 1]!.validationScore).toBe(best);
    // The refit has no held-out rows: validation is the training rows themselves, and the counts are fixed.
    const refit = await fitBaggedAdditive(tf, NAMES, bigger, bigger, {
      ...options,
      additive: { ...options.additive, maxEpochs: held.refit.epochs, keepLast: true },
      pairSweeps: held.refit.pairSweeps,
    });
    for (const bag of refit.bags) expect(bag.epoch).toBe(held.refit.epochs);
    expect(refit.pairHistory).toHaveLength(held.refit.pairSweeps);
    expect(refit.model.pairs).toHaveLength(1);
    const none = await fitBaggedAdditive(tf, NAMES, bigger, bigger, { ...options, pairSweeps: 0 });
    expect(none.model.pairs).toBeUndefined();
  });

  it('stops each bag on validation log-loss by default', () => {
    expect(DEFAULT_BAGGING.metric).toBe(negativeLogLoss);
    expect(negativeLogLoss(Float64Array.of(0, 0), Float32Array.of(0, 1))).toBeCloseTo(-Math.log(2), 12);
  });
});
