import { describe, expect, it } from 'vitest';
import { findRate, precisionAtKEstimate, recallAtKEstimate, type SampledAddress } from '../../training/estimates.ts';
import { betaCdf, betaQuantile, clopperPearson } from '../../training/intervals.ts';

/** A seeded uniform generator (mulberry32): the same draws on every machine. */
function uniform(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** P(X ≤ x) for X ~ Binomial(n, p), summed directly. */
function binomialCdf(x: number, n: number, p: number): number {
  let sum = 0;
  let term = (1 - p) ** n;
  for (let k = 0; k <= x; k++) {
    sum += term;
    term *= ((n - k) / (k + 1)) * (p / (1 - p));
  }
  return sum;
}

describe('exact intervals', () => {
  it('computes the beta distribution function and its inverse', () => {
    expect(betaCdf(0.5, 2, 3)).toBeCloseTo(0.6875, 12);
    expect(betaCdf(0.3, 1, 1)).toBeCloseTo(0.3, 12);
    expect(betaCdf(0.2, 0.5, 0.5)).toBeCloseTo((2 / Math.PI) * Math.asin(Math.sqrt(0.2)), 10);
    for (const [q, a, b] of [
      [0.05, 3, 28],
      [0.95, 1, 30],
      [0.5, 7.5, 2.25],
    ] as const)
      expect(betaCdf(betaQuantile(q, a, b), a, b)).toBeCloseTo(q, 10);
  });

  it('gives Clopper–Pearson bounds at which the observed count sits exactly in either tail', () => {
    for (const [x, n] of [
      [0, 30],
      [1, 30],
      [5, 20],
      [30, 30],
    ] as const) {
      const { low, high } = clopperPearson(x, n, 0.9);
      if (x > 0) expect(1 - binomialCdf(x - 1, n, low), `${x}/${n} low`).toBeCloseTo(0.05, 8);
      else expect(low).toBe(0);
      if (x < n) expect(binomialCdf(x, n, high), `${x}/${n} high`).toBeCloseTo(0.05, 8);
      else expect(high).toBe(1);
    }
    expect(clopperPearson(0, 30, 0.9).high).toBeCloseTo(1 - 0.05 ** (1 / 30), 10);
    expect(() => clopperPearson(0, 0)).toThrow('at least one observation');
  });
});

describe('estimates from controls drawn by chance', () => {
  /**
   * A population where the chance of being drawn depends on the outcome (homes in one part
   * of town drawn four times as often, and cultivating more often there): the unweighted
   * share is biased, the weighted estimate is not, and its 90 % interval covers the truth.
   */
  function population(seed: number) {
    const rand = uniform(seed);
    return Array.from({ length: 20_000 }, (_, i) => {
      const dense = i % 4 === 0;
      return { addressId: String(i).padStart(16, '0'), found: rand() < (dense ? 0.03 : 0.005), probability: dense ? 0.02 : 0.005 };
    });
  }

  function draw(units: ReturnType<typeof population>, seed: number): SampledAddress[] {
    const rand = uniform(seed);
    return units.filter((u) => rand() < u.probability);
  }

  it('covers the true share with its 90 % interval in at least 85 of 100 samples, where the unweighted share is biased', () => {
    const units = population(7);
    const truth = units.filter((u) => u.found).length / units.length;
    let covered = 0;
    let weightedSum = 0;
    let unweightedSum = 0;
    for (let seed = 1; seed <= 100; seed++) {
      const sample = draw(units, 1000 + seed);
      const e = findRate(sample, units.length);
      if (e.low! <= truth && truth <= e.high!) covered++;
      weightedSum += e.estimate!;
      unweightedSum += e.finds / e.sampleSize;
      expect(e.effectiveSize).toBeLessThan(e.sampleSize);
    }
    expect(covered).toBeGreaterThanOrEqual(85);
    expect(Math.abs(weightedSum / 100 - truth)).toBeLessThan(0.1 * truth);
    expect(unweightedSum / 100).toBeGreaterThan(1.5 * truth);
  });

  it('takes a draw without stated probabilities as uniform over the frame, and says how many', () => {
    const sample: SampledAddress[] = Array.from({ length: 30 }, (_, i) => ({ addressId: String(i), found: i < 3, probability: null }));
    const e = findRate(sample, 100_000);
    expect(e).toMatchObject({ sampleSize: 30, finds: 3, assumedUniform: 30 });
    expect(e.estimate).toBeCloseTo(0.1, 12);
    expect(e.effectiveSize).toBeCloseTo(30, 10);
    expect(e.low).toBeCloseTo(clopperPearson(3, 30).low, 10);
  });

  it('has no estimate without a sample, and refuses a probability outside (0, 1]', () => {
    expect(findRate([], 1000)).toMatchObject({ estimate: null, low: null, high: null, sampleSize: 0 });
    expect(() => findRate([{ addressId: 'x', found: false, probability: 1.5 }], 1000)).toThrow('(0, 1]');
    expect(() => findRate([{ addressId: 'x', found: false, probability: 0.1 }], 0)).toThrow('frame');
  });

  it("estimates the list's precision and recall at k from the random controls in and out of its top k", () => {
    const sample: SampledAddress[] = [
      { addressId: 'a', found: true, probability: 0.01 },
      { addressId: 'b', found: false, probability: 0.01 },
      { addressId: 'c', found: true, probability: 0.01 },
      { addressId: 'd', found: true, probability: 0.01 },
      { addressId: 'e', found: false, probability: 0.01 },
    ];
    const top = new Set(['a', 'b']);
    expect(precisionAtKEstimate(sample, 500, top)).toMatchObject({ estimate: 0.5, sampleSize: 2, finds: 1 });
    expect(recallAtKEstimate(sample, 500, top)).toMatchObject({ sampleSize: 3, finds: 1 });
    expect(recallAtKEstimate(sample, 500, top).estimate).toBeCloseTo(1 / 3, 12);
    expect(precisionAtKEstimate(sample, 500, new Set(['zz'])).estimate).toBeNull();
  });
});
