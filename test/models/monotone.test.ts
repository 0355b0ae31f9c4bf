import { describe, expect, it } from 'vitest';
import type { AdditiveModel } from '../../models/additive.ts';
import { isotonic, monotonize } from '../../models/monotone.ts';
import { Shuffler } from '../../models/shuffle.ts';

/** The weighted squared error of a fit. */
const loss = (fit: readonly number[], values: readonly number[], weights: readonly number[]) =>
  fit.reduce((sum, f, k) => sum + weights[k]! * (f - values[k]!) ** 2, 0);

describe('isotonic', () => {
  it('gives a non-decreasing fit no other non-decreasing fit beats, with the same weighted mean', () => {
    const rng = new Shuffler(3);
    for (let trial = 0; trial < 50; trial++) {
      const values = Array.from({ length: 12 }, () => rng.next() * 4 - 2 + trial * 0.01);
      const weights = Array.from({ length: 12 }, () => Math.floor(rng.next() * 20));
      const fit = isotonic(values, weights);
      fit.slice(1).forEach((v, k) => expect(v).toBeGreaterThanOrEqual(fit[k]! - 1e-12));
      const total = weights.reduce((a, b) => a + b, 0);
      const mean = (xs: readonly number[]) => xs.reduce((sum, v, k) => sum + v * weights[k]!, 0) / total;
      expect(mean(fit)).toBeCloseTo(mean(values), 10);
      // Any other monotone candidate (the fit nudged, then sorted) does no better.
      for (let k = 0; k < 5; k++) {
        const other = fit.map((v) => v + (rng.next() - 0.5) * 0.2).sort((a, b) => a - b);
        expect(loss(other, values, weights)).toBeGreaterThanOrEqual(loss(fit, values, weights) - 1e-9);
      }
    }
  });

  it('leaves a monotone sequence as it is and pools a falling one into its weighted mean', () => {
    expect(isotonic([1, 2, 3], [1, 1, 1])).toEqual([1, 2, 3]);
    expect(isotonic([3, 1], [1, 3])).toEqual([1.5, 1.5]);
  });
});

describe('monotonize', () => {
  const model: AdditiveModel = {
    bins: [
      { name: 'up', edges: [1, 2, 3] },
      { name: 'down', edges: [1, 2] },
      { name: 'free', edges: [1] },
    ],
    terms: [
      [-1, 0.5, 0.2, 0.6],
      [0.4, -0.2, 0.1],
      [0.3, -0.3],
    ],
    intercept: -3,
  };
  const counts = [Float64Array.of(10, 5, 5, 10), Float64Array.of(10, 10, 10), Float64Array.of(5, 5)];

  it('makes declared shapes monotone in their direction, centred on the training rows, and leaves the rest', () => {
    const out = monotonize(
      model,
      counts,
      new Map([
        [0, 'increasing'],
        [1, 'decreasing'],
      ]),
    );
    const up = out.terms[0]!;
    const down = out.terms[1]!;
    up.slice(1).forEach((v, k) => expect(v).toBeGreaterThanOrEqual(up[k]!));
    down.slice(1).forEach((v, k) => expect(v).toBeLessThanOrEqual(down[k]!));
    for (const j of [0, 1]) expect(out.terms[j]!.reduce((sum, v, k) => sum + v * counts[j]![k]!, 0)).toBeCloseTo(0, 12);
    expect(out.terms[2]).toEqual(model.terms[2]);
    // The bins 0.5 and 0.2 pool into their mean; the shape is otherwise kept.
    expect(up[1]).toBeCloseTo(up[2]!, 12);
    expect(up[3]! - up[1]!).toBeCloseTo(0.6 - 0.35, 12);
  });
});
