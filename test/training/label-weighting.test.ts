import { describe, expect, it } from 'vitest';
import { additiveLogits, DEFAULT_ADDITIVE } from '../../models/additive.ts';
import { fitAdditive } from '../../models/additive-fit.ts';
import { loadTensorflow } from '../../models/backend.ts';
import { stack, type Dataset } from '../../training/dataset.ts';
import { labelWeightingSentence, weightLabels, type LabelProvenance } from '../../training/label-weighting.ts';
import { averagePrecision } from '../../training/metrics.ts';

/** Two reference years of four addresses, one feature, labels as given. */
function dataset(): Dataset {
  const ids = ['a', 'b', 'c', 'd'];
  const year = (referenceDate: string, labels: Array<0 | 1>) => ({
    referenceDate,
    names: ['f'],
    addressIds: ids,
    values: new Float64Array([1, 2, 3, 4]),
    labels,
    labelsComplete: true,
  });
  return stack([year('2022-01-01', [1, 0, 0, 0]), year('2023-01-01', [0, 1, 0, 1])]);
}

const provenance = new Map<number, Map<string, LabelProvenance>>([
  [2022, new Map([['a', { listDriven: true, random: false, probability: null }]])],
  [
    2023,
    new Map([
      ['b', { listDriven: false, random: true, probability: 0.25 }],
      ['c', { listDriven: false, random: true, probability: null }],
      ['d', { listDriven: true, random: false, probability: null }],
    ]),
  ],
]);

describe('label weighting by the control that made a label', () => {
  it('none leaves the dataset as it is', () => {
    const d = dataset();
    const { dataset: out, summary } = weightLabels(d, provenance, 'none');
    expect(out).toBe(d);
    expect(labelWeightingSentence(summary)).toContain('none');
  });

  it('exclude-model drops the address-years a risk list sent a control to, and counts their finds', () => {
    const { dataset: out, summary } = weightLabels(dataset(), provenance, 'exclude-model');
    expect(out.addressIds).toEqual(['b', 'c', 'd', 'a', 'b', 'c']);
    expect(Array.from(out.rowYears)).toEqual([2022, 2022, 2022, 2023, 2023, 2023]);
    expect(Array.from(out.y)).toEqual([0, 0, 0, 0, 1, 0]);
    expect(Array.from(out.x)).toEqual([2, 3, 4, 1, 2, 3]);
    expect(summary).toMatchObject({ droppedRows: 2, droppedPositives: 2 });
    expect(out.positives).toBe(1);
  });

  it('ipw weighs random-control labels by 1/π (a uniform draw where π is missing), the rest 1, scaled to mean 1', () => {
    const { dataset: out, summary } = weightLabels(dataset(), provenance, 'ipw');
    // 2023: b has π = 0.25 → 4; c has none: 2 random controls among 4 addresses → π = 0.5 → 2.
    const raw = [1, 1, 1, 1, 1, 4, 2, 1];
    const scale = 8 / raw.reduce((a, b) => a + b, 0);
    Array.from(out.weights!).forEach((w, i) => expect(w, `row ${i}`).toBeCloseTo(raw[i]! * scale, 6));
    expect(summary).toMatchObject({ weightedRows: 2, assumedUniform: 1 });
    expect(summary.largestWeight).toBeCloseTo(4 * scale, 6);
    expect(labelWeightingSentence(summary)).toContain('2 labels from random controls weighted by 1/π (1 without a delivered probability');
  });

  it('on rows thinned by negative sampling, a missing π is the year’s random controls over all its addresses, not over the kept rows', () => {
    // 2023 thinned to b and c: without the population, π would be 2 / 2 = 1; over the 4 addresses it is 0.5.
    const thinned = { ...dataset(), rows: 2 };
    const rows = { addressIds: ['b', 'c'], rowYears: new Int16Array([2023, 2023]), y: new Uint8Array([1, 0]), x: new Float64Array([2, 3]) };
    const { dataset: out } = weightLabels({ ...thinned, ...rows, positives: 1 }, provenance, 'ipw', 4);
    const raw = [4, 2];
    Array.from(out.weights!).forEach((w, i) => expect(w, `row ${i}`).toBeCloseTo((raw[i]! * 2) / 6, 6));
    const { dataset: unthinned } = weightLabels({ ...thinned, ...rows, positives: 1 }, provenance, 'ipw');
    expect(unthinned.weights![1]! / unthinned.weights![0]!).toBeCloseTo(1 / 4, 6);
  });

  it('row weights change what the additive model learns', async () => {
    const { tf } = await loadTensorflow();
    // Feature 0/1; the positives at f = 1 are rare unless their rows weigh more.
    const rows = 4000;
    const x = new Float64Array(rows);
    const y = new Uint8Array(rows);
    for (let i = 0; i < rows; i++) {
      x[i] = i % 2;
      y[i] = i % 40 === 1 || i % 400 === 0 ? 1 : 0;
    }
    const weights = Float32Array.from(y, (label, i) => (label === 1 && x[i] === 1 ? 5 : 1));
    const options = { ...DEFAULT_ADDITIVE, maxEpochs: 10 };
    const matrix = { x, y, rows, features: 1 };
    const plain = await fitAdditive(tf, ['f'], matrix, matrix, averagePrecision, options);
    const heavy = await fitAdditive(tf, ['f'], { ...matrix, weights }, matrix, averagePrecision, options);
    const gap = (m: typeof plain.model) => {
      const [at0, at1] = additiveLogits(m, new Float64Array([0, 1]), 2);
      return at1! - at0!;
    };
    expect(gap(heavy.model)).toBeGreaterThan(gap(plain.model) + 0.5);
  });
});
