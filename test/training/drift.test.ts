import { describe, expect, it } from 'vitest';
import {
  driftReference,
  populationStability,
  PSI_DRIFTED,
  PSI_MODERATE,
  PSI_SHARE_FLOOR,
  StabilityTally,
  stabilityLevel,
} from '../../training/drift.ts';

/** Row-major [rows, features] from one array per feature. */
function matrix(columns: Record<string, number[]>): { values: Float32Array; rows: number; names: string[] } {
  const names = Object.keys(columns);
  const rows = columns[names[0]!]!.length;
  const values = new Float32Array(rows * names.length);
  names.forEach((name, j) => columns[name]!.forEach((v, i) => (values[i * names.length + j] = v)));
  return { values, rows, names };
}

function reference(columns: Record<string, number[]>, bins?: number) {
  const m = matrix(columns);
  return driftReference(m.values, m.rows, m.names, bins);
}

function stability(ref: ReturnType<typeof reference>, columns: Record<string, number[]>) {
  const m = matrix(columns);
  return populationStability(ref, m.values, m.rows, m.names);
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('driftReference', () => {
  it('gives a feature with few distinct values one bin per value, reading the matrix row-major', () => {
    // 3 bins. x has 3 distinct values: 0 once, 1 twice, 2 once → bins ≤0, (0,1], >1
    // with shares 1/4, 2/4, 1/4. y has 4 distinct values, so quantile edges
    // sorted[ceil(4·1/3) − 1] = sorted[1] = 2 and sorted[ceil(4·2/3) − 1] = sorted[2] = 3.
    expect(reference({ x: [1, 0, 2, 1], y: [4, 3, 2, 1] }, 3)).toEqual([
      { name: 'x', edges: [0, 1], shares: [0.25, 0.5, 0.25] },
      { name: 'y', edges: [2, 3], shares: [0.5, 0.25, 0.25] },
    ]);
  });

  it('cuts many distinct values at quantiles', () => {
    // 1..20 in 4 bins: edges sorted[4], sorted[9], sorted[14] = 5, 10, 15.
    expect(reference({ x: range(1, 20) }, 4)).toEqual([{ name: 'x', edges: [5, 10, 15], shares: [0.25, 0.25, 0.25, 0.25] }]);
  });

  it('merges coinciding quantile edges of a feature that is mostly 0', () => {
    // 8 zeros then 1..12, 4 bins: sorted[4] = 0, sorted[9] = 2, sorted[14] = 7;
    // ≤0: 8 rows, (0,2]: 2, (2,7]: 5, >7: 5 of 20.
    const [x] = reference({ x: [...new Array<number>(8).fill(0), ...range(1, 12)] }, 4);
    expect(x).toEqual({ name: 'x', edges: [0, 2, 7], shares: [0.4, 0.1, 0.25, 0.25] });
  });

  it('uses at most 10 bins by default', () => {
    const [x] = reference({ x: range(1, 1000) });
    expect(x!.shares).toHaveLength(10);
    expect(x!.edges).toEqual([100, 200, 300, 400, 500, 600, 700, 800, 900]);
  });

  it('refuses a matrix of the wrong size and values that are not finite', () => {
    expect(() => driftReference([1, 2, 3], 2, ['x', 'y'])).toThrow('expected 2 × 2 values, got 3');
    expect(() => driftReference([1, 2, Number.NaN, 4], 2, ['x', 'y'])).toThrow('feature x, row 1: value NaN is not a finite number');
  });
});

describe('populationStability', () => {
  const ref = reference({ x: [1, 1, 2, 2] }); // edges [1], shares [0.5, 0.5]

  it('is 0 for an identical distribution', () => {
    const same = reference({ x: range(1, 50), y: range(1, 50).map((v) => v % 3) });
    expect(stability(same, { x: range(1, 50), y: range(1, 50).map((v) => v % 3) })).toEqual([
      { name: 'x', psi: 0, level: 'stable' },
      { name: 'y', psi: 0, level: 'stable' },
    ]);
    expect(stability(ref, { x: [2, 1, 1, 2, 2, 1] })[0]!.psi).toBe(0);
  });

  it('gives the known value for a shifted distribution', () => {
    // a = [0.25, 0.75] against e = [0.5, 0.5]:
    // (0.25 − 0.5)·ln(0.5) + (0.75 − 0.5)·ln(1.5) = 0.25·0.693147 + 0.25·0.405465 = 0.274653
    expect(stability(ref, { x: [1, 2, 2, 2] })[0]).toEqual({ name: 'x', psi: expect.closeTo(0.274653, 6), level: 'drifted' });
    // a = [0.4, 0.6]: (−0.1)·ln(0.8) + 0.1·ln(1.2) = 0.022314 + 0.018232 = 0.040547
    expect(stability(ref, { x: [1, 1, 2, 2, 2] })[0]).toEqual({ name: 'x', psi: expect.closeTo(0.040547, 6), level: 'stable' });
  });

  it('counted batch by batch gives the PSI of the whole matrix', () => {
    // a = [0.25, 0.75] over two batches of two rows each, as in one matrix of four.
    const tally = new StabilityTally(ref, ['x']);
    tally.add(matrix({ x: [1, 2] }).values, 2);
    tally.add(matrix({ x: [2, 2] }).values, 2);
    expect(tally.result()).toEqual(stability(ref, { x: [1, 2, 2, 2] }));
    expect(tally.result()[0]!.psi).toBeCloseTo(0.274653, 6);
    expect(() => new StabilityTally(ref, ['x']).result()).toThrow('no rows');
    expect(() => new StabilityTally(ref, ['y'])).toThrow(/drift reference has x/);
  });

  it('puts values outside the training range in the outer bins', () => {
    // 0 falls in ≤1 and 5 in >1, so shares [0.5, 0.5] match the reference.
    expect(stability(ref, { x: [0, 5] })[0]!.psi).toBe(0);
  });

  it('floors empty bins so that the value stays finite', () => {
    // a = [0, 1] floored to [1e-4, 1]: (1e-4 − 0.5)·ln(1e-4/0.5) + 0.5·ln(2) = 4.257745 + 0.346574 = 4.604318
    expect(PSI_SHARE_FLOOR).toBe(1e-4);
    expect(stability(ref, { x: [2, 2, 2, 2] })[0]!.psi).toBeCloseTo(4.604318, 5);
  });

  it('names the first feature whose name differs from the reference', () => {
    const two = reference({ x: [1, 2], y: [1, 2] });
    expect(() => stability(two, { x: [1, 2], z: [1, 2] })).toThrow('feature 2 is z but the drift reference has y there');
    expect(() => stability(two, { y: [1, 2], x: [1, 2] })).toThrow('feature 1 is y but the drift reference has x there');
    expect(() => stability(two, { x: [1, 2] })).toThrow('feature 2 of the drift reference, y, is missing from the matrix');
    expect(() => stability(ref, { x: [1, 2], y: [1, 2] })).toThrow('feature 2 of the matrix, y, is not in the drift reference');
  });
});

describe('stability levels', () => {
  it('are stable below 0.1, moderate below 0.25 and drifted from 0.25 on', () => {
    expect([PSI_MODERATE, PSI_DRIFTED]).toEqual([0.1, 0.25]);
    expect([0, 0.0999, 0.1, 0.2499, 0.25, 3].map(stabilityLevel)).toEqual([
      'stable',
      'stable',
      'moderate',
      'moderate',
      'drifted',
      'drifted',
    ]);
  });
});
