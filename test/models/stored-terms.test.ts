import { describe, expect, it } from 'vitest';
import { explainRows, type ModelArtefact } from '../../models/artefact.ts';
import { storesContributions, termsOfRow, termsOfValues } from '../../models/stored-terms.ts';
import { Shuffler } from '../../models/shuffle.ts';

/**
 * A stored score of a logistic or additive model keeps its values, not its contributions:
 * those computed again from one row must be the ones scoring computed for it among many,
 * to the bit, or an explanation would no longer be the list's.
 */
describe('contributions computed from stored values', () => {
  const additive: ModelArtefact = {
    family: 'additive',
    names: ['a', 'b', 'c'],
    model: {
      bins: [
        { name: 'a', edges: [0.1, 0.5, 0.9] },
        { name: 'b', edges: [-1, 1] },
        { name: 'c', edges: [2] },
      ],
      terms: [
        [-0.31, 0.07, 0.2, 0.4],
        [0.013, -0.2, 0.71],
        [0.3, -0.3],
      ],
      intercept: -6.25,
      pairs: [{ features: [0, 2], edges: [[0.5], [2]], terms: [0.11, -0.11, -0.11, 0.11] }],
    },
    calibration: { method: 'platt', a: 1.1, b: -0.2 },
  };
  const logistic: ModelArtefact = {
    family: 'logistic',
    names: ['a', 'b', 'c'],
    scaling: [
      { name: 'a', low: 0, high: 1, mean: 0.47, sd: 0.29 },
      { name: 'b', low: -3, high: 3, mean: 0.1, sd: 1.3 },
      { name: 'c', low: 0, high: 4, mean: 1.7, sd: 1.1 },
    ],
    model: { weights: [0.37, -1.21, 0.05], bias: -5.9 },
    calibration: { method: 'platt', a: 0.9, b: 0.1 },
  };
  const rows = 500;
  const rng = new Shuffler(7);
  // Values of every kind a feature has: fractions with long expansions, negatives, outside the scaling's range, counts.
  const x = Float64Array.from({ length: rows * 3 }, (_, k) => (k % 3 === 2 ? Math.floor(5 * rng.next()) : 8 * rng.next() - 4));

  for (const artefact of [additive, logistic]) {
    it(`gives a ${artefact.family} model's terms of one row, features then pairs, equal to the bit to those of the row among many`, () => {
      expect(storesContributions(artefact)).toBe(false);
      const all = explainRows(artefact, x, rows);
      for (let i = 0; i < rows; i++) {
        // Through text and back, as the database stores a row: JavaScript writes the shortest string that reads back as the same double.
        const stored = JSON.parse(`[${Array.from(x.subarray(i * 3, i * 3 + 3)).join(',')}]`) as number[];
        const terms = termsOfValues(artefact, stored);
        expect(terms).toEqual(termsOfRow(all, 3, i));
        expect(terms).toHaveLength(3 + all.pairs.length);
        expect(all.intercept + terms.reduce((s, c) => s + c, 0)).toBeCloseTo(all.logits[i]!, 12);
      }
    });
  }

  it('orders a row of an additive model with pairs as the features, then the pairs', () => {
    const one = explainRows(additive, Float64Array.from([0.7, 0, 3]), 1);
    // a = 0.7 → bin 2 (0.2), b = 0 → bin 1 (−0.2), c = 3 → bin 1 (−0.3); the pair's cell (a > 0.5, c > 2) → 0.11.
    expect(termsOfRow(one, 3, 0)).toEqual([0.2, -0.2, -0.3, 0.11]);
  });

  it('refuses values that do not fit the model and an mlp, whose contributions are stored', () => {
    expect(() => termsOfValues(additive, [1, 2])).toThrow('a stored score has 2 feature values; its model has 3 features');
    const mlp = { family: 'mlp', names: ['a'] } as unknown as ModelArtefact;
    expect(storesContributions(mlp)).toBe(true);
    expect(() => termsOfValues(mlp, [1])).toThrow("an mlp model's contributions are stored with its scores, not computed on read");
  });
});
