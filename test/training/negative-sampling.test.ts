import { describe, expect, it } from 'vitest';
import { stack } from '../../training/dataset.ts';
import {
  MemoryBudgetError,
  negativeDraw,
  negativeSamplingSentence,
  rowsWithin,
  sampleNegatives,
  thinYear,
} from '../../training/negative-sampling.ts';

/** A year of `rows` addresses with two features, every 100th a find. */
function year(rows: number, referenceDate = '2023-01-01') {
  return {
    referenceDate,
    names: ['a', 'b'],
    addressIds: Array.from({ length: rows }, (_, i) => String(i).padStart(16, '0')),
    values: Float64Array.from({ length: rows * 2 }, (_, k) => k),
    labels: Array.from({ length: rows }, (_, i) => (i % 100 === 0 ? 1 : 0) as 0 | 1),
    labelsComplete: true,
  };
}

describe('negative sampling under the memory budget', () => {
  const data = stack([year(20_000), year(20_000, '2024-01-01')]);

  it('leaves data within the budget as it is', () => {
    const { dataset, sampling } = sampleNegatives(data, 100, 1);
    expect(rowsWithin(100, 2)).toBeGreaterThan(data.rows);
    expect(dataset).toBe(data);
    expect(sampling).toBeNull();
  });

  it('keeps every find and the share of the others that fits, each kept other weighing 1/share: the weighted count of negatives is kept', () => {
    const budget = 0.5;
    const limit = rowsWithin(budget, 2);
    const { dataset, sampling } = sampleNegatives(data, budget, 7);
    expect(sampling!.rate).toBeCloseTo((limit - data.positives) / (data.rows - data.positives), 12);
    expect(dataset.positives).toBe(data.positives);
    expect(sampling!.keptNegatives).toBe(dataset.rows - dataset.positives);
    // A seeded Bernoulli draw: within a few standard deviations of the expected count, and under the limit's neighbourhood.
    const expected = sampling!.rate * sampling!.negatives;
    expect(Math.abs(sampling!.keptNegatives - expected)).toBeLessThan(4 * Math.sqrt(expected));
    let weightedNegatives = 0;
    for (let i = 0; i < dataset.rows; i++) {
      if (dataset.y[i] === 1) expect(dataset.weights![i]).toBe(1);
      else weightedNegatives += dataset.weights![i]!;
    }
    expect(Math.abs(weightedNegatives - sampling!.negatives) / sampling!.negatives).toBeLessThan(0.05);
    // The same seed, the same rows.
    expect(sampleNegatives(data, budget, 7).dataset.addressIds).toEqual(dataset.addressIds);
    expect(sampleNegatives(data, budget, 8).dataset.addressIds).not.toEqual(dataset.addressIds);
  });

  it('multiplies the weights label weighting gave, and refuses a budget the finds alone exceed, naming the setting', () => {
    const weighted = { ...data, weights: Float32Array.from({ length: data.rows }, (_, i) => (i % 2 ? 2 : 1)) };
    const { dataset, sampling } = sampleNegatives(weighted, 0.5, 7);
    for (let i = 0; i < dataset.rows; i++) {
      const before = Number(dataset.addressIds[i]) % 2 ? 2 : 1;
      expect(dataset.weights![i]).toBeCloseTo(dataset.y[i] === 1 ? before : before / sampling!.rate, 5);
    }
    expect(() => sampleNegatives(data, 0.001, 1)).toThrow(MemoryBudgetError);
    expect(() => sampleNegatives(data, 0.001, 1)).toThrow(
      /HENNEP_TRAIN_MEMORY_MB=0.001 holds about 16 training rows .* fewer than the 400 positives/,
    );
  });

  it('thins a year by the same draws: every find kept, the rows of a lower rate among those of a higher one, and sampling a thinned year changes nothing', () => {
    const whole = year(20_000);
    const high = thinYear(whole, 0.3, 7);
    const low = thinYear(whole, 0.1, 7);
    // Thinned again at its own rate, a year is returned as it is, not copied.
    expect(thinYear(high, 0.3, 7)).toBe(high);
    expect(thinYear(high, 0.1, 7).addressIds).toEqual(low.addressIds);
    expect(high.labels.filter((l) => l === 1)).toHaveLength(200);
    expect(low.labels.filter((l) => l === 1)).toHaveLength(200);
    const inHigh = new Set(high.addressIds);
    expect(low.addressIds.every((id) => inHigh.has(id))).toBe(true);
    expect(low.addressIds.length).toBeLessThan(high.addressIds.length);
    // Each kept row carries its own values.
    const k = high.addressIds.length - 1;
    const row = Number(high.addressIds[k]);
    expect(Array.from(high.values.subarray(k * 2, k * 2 + 2))).toEqual(Array.from(whole.values.subarray(row * 2, row * 2 + 2)));
    const planned = { rate: 0.1, rows: 20_000, negatives: 19_800 };
    const fromWhole = sampleNegatives(stack([whole]), 1, 7, planned);
    const fromThinned = sampleNegatives(stack([high]), 1, 7, planned);
    expect(fromThinned.dataset.addressIds).toEqual(fromWhole.dataset.addressIds);
    expect(fromThinned.dataset.addressIds).toEqual(low.addressIds);
    expect(fromThinned.sampling).toEqual(fromWhole.sampling);
    // The draw is uniform: a tenth of a large year falls below 0.1, and another year or seed draws anew.
    const below = whole.addressIds.filter((id) => negativeDraw(7, 2023, id) < 0.1).length;
    expect(Math.abs(below - 2_000)).toBeLessThan(4 * Math.sqrt(2_000 * 0.9));
    expect(negativeDraw(7, 2024, whole.addressIds[0]!)).not.toBe(negativeDraw(7, 2023, whole.addressIds[0]!));
    expect(negativeDraw(8, 2023, whole.addressIds[0]!)).not.toBe(negativeDraw(7, 2023, whole.addressIds[0]!));
  });

  it('is stated in words, in English and Dutch, with the share kept and the weight', () => {
    const { sampling } = sampleNegatives(data, 0.5, 7);
    const en = negativeSamplingSentence(sampling, 'en');
    expect(en).toMatch(
      /^Negatives sampled: 40,000 training rows do not fit HENNEP_TRAIN_MEMORY_MB=0\.5, so every find was kept and [\d,]+ of the 39,600 addresses without one \(\d+\.\d %\), each weighing \d+\.\d\d\.$/,
    );
    expect(negativeSamplingSentence(sampling, 'nl')).toMatch(/^Steekproef van de negatieven: 40\.000 trainingsrijen passen niet/);
    expect(negativeSamplingSentence(null)).toBe('');
  });
});
