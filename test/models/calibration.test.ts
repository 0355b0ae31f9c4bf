import { describe, expect, it } from 'vitest';
import { fitPlatt } from '../../models/calibration.ts';

/** A seeded uniform in [0, 1) (a 32-bit LCG): the same draws on every run. */
function uniform(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
}

/** Logits spread over [-4, 4] and labels drawn with P(y = 1) = sigmoid(2z − 3). */
function draws(n: number) {
  const u = uniform(7);
  const logits = new Float64Array(n);
  const labels = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    logits[i] = -4 + 8 * u();
    labels[i] = u() < 1 / (1 + Math.exp(-(2 * logits[i]! - 3))) ? 1 : 0;
  }
  return { logits, labels };
}

describe('Platt scaling', () => {
  const { logits, labels } = draws(60_000);

  it('recovers the slope and intercept the labels were drawn with', () => {
    const { a, b } = fitPlatt(logits, labels);
    expect(a).toBeCloseTo(2, 1);
    expect(b).toBeCloseTo(-3, 1);
  });

  it('on negatives sampled at a rate, weighted 1/rate, recovers them too; unweighted, the intercept is off by ln(1/rate)', () => {
    const u = uniform(11);
    const kept: number[] = [];
    for (let i = 0; i < labels.length; i++) if (labels[i] === 1 || u() < 0.2) kept.push(i);
    const z = Float64Array.from(kept, (i) => logits[i]!);
    const y = Uint8Array.from(kept, (i) => labels[i]!);
    const weighted = fitPlatt(
      z,
      y,
      50,
      Float64Array.from(y, (label) => (label === 1 ? 1 : 5)),
    );
    expect(weighted.a).toBeCloseTo(2, 1);
    expect(weighted.b).toBeCloseTo(-3, 1);
    const unweighted = fitPlatt(z, y);
    expect(unweighted.b - weighted.b).toBeCloseTo(Math.log(5), 1);
    expect(() => fitPlatt(z, y, 50, new Float64Array(3))).toThrow('a weight per row');
  });
});
