import { describe, expect, it } from 'vitest';
import { additiveContributions, type AdditiveModel } from '../../models/additive.ts';
import { binOf } from '../../models/bins.ts';
import { purifyPairs, snapToEdges } from '../../models/pair-purify.ts';
import { Shuffler } from '../../models/shuffle.ts';

describe('snapToEdges', () => {
  it('moves each coarse edge to the nearest fine edge and drops duplicates', () => {
    expect(snapToEdges([0.26, 0.5, 0.74], [0.1, 0.25, 0.3, 0.5, 0.75])).toEqual([0.25, 0.5, 0.75]);
    expect(snapToEdges([0.26, 0.27], [0.1, 0.25, 0.3])).toEqual([0.25]);
    expect(snapToEdges([5], [])).toEqual([]);
  });
});

describe('purifyPairs', () => {
  const rng = new Shuffler(11);
  const fine = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];
  const rows = 5_000;
  const x = Float64Array.from({ length: rows * 3 }, () => rng.next() * rng.next() * 1.1);
  const model: AdditiveModel = {
    bins: ['a', 'b', 'c'].map((name) => ({ name, edges: fine })),
    terms: [0, 1, 2].map(() => Array.from({ length: fine.length + 1 }, () => rng.next() - 0.5)),
    intercept: -2,
    pairs: [
      { features: [0, 1], edges: [[0.3, 0.6], [0.5]], terms: Array.from({ length: 6 }, () => rng.next() * 2 - 1) },
      { features: [1, 2], edges: [[0.2], [0.4, 0.8]], terms: Array.from({ length: 6 }, () => rng.next() * 2 - 1) },
    ],
  };
  const cellCounts = model.pairs!.map((pair) => {
    const counts = new Float64Array(pair.terms.length);
    const [a, b] = pair.features;
    for (let i = 0; i < rows; i++)
      counts[binOf(pair.edges[0], x[i * 3 + a]!) * (pair.edges[1].length + 1) + binOf(pair.edges[1], x[i * 3 + b]!)]! += 1;
    return counts;
  });

  it('leaves every logit as it was (within 1e-9), and contributions plus intercept still equal it', () => {
    const before = additiveContributions(model, x, rows).logits;
    const purified = purifyPairs(model, cellCounts, rows);
    const { contributions, pairContributions, logits } = additiveContributions(purified, x, rows);
    for (let i = 0; i < rows; i++) {
      expect(Math.abs(logits[i]! - before[i]!)).toBeLessThan(1e-9);
      const pairs = pairContributions[i * 2]! + pairContributions[i * 2 + 1]!;
      const main = contributions[i * 3]! + contributions[i * 3 + 1]! + contributions[i * 3 + 2]!;
      expect(Math.abs(purified.intercept + main + pairs - logits[i]!)).toBeLessThan(1e-9);
    }
  });

  it("leaves each pair's rows and columns averaging 0 over the training rows", () => {
    const purified = purifyPairs(model, cellCounts, rows);
    purified.pairs!.forEach((pair, q) => {
      const [na, nb] = [pair.edges[0].length + 1, pair.edges[1].length + 1];
      const counts = cellCounts[q]!;
      for (let r = 0; r < na; r++) {
        let sum = 0;
        let n = 0;
        for (let c = 0; c < nb; c++) {
          sum += pair.terms[r * nb + c]! * counts[r * nb + c]!;
          n += counts[r * nb + c]!;
        }
        expect(Math.abs(sum / n)).toBeLessThan(1e-9);
      }
      for (let c = 0; c < nb; c++) {
        let sum = 0;
        let n = 0;
        for (let r = 0; r < na; r++) {
          sum += pair.terms[r * nb + c]! * counts[r * nb + c]!;
          n += counts[r * nb + c]!;
        }
        expect(Math.abs(sum / n)).toBeLessThan(1e-9);
      }
    });
  });
});
