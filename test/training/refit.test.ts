import { describe, expect, it } from 'vitest';
import { stack } from '../../training/dataset.ts';
import { crossFittedLogits, foldOf, refitYears } from '../../training/refit.ts';

describe('the refit for serving', () => {
  it('takes the newest years up to and including the test year', () => {
    expect(refitYears([2019, 2020, 2021, 2022, 2023, 2024], 2024, 4)).toEqual([2021, 2022, 2023, 2024]);
    expect(refitYears([2022, 2023, 2024], 2024, 4)).toEqual([2022, 2023, 2024]);
    expect(refitYears([2021, 2022, 2023, 2024, 2025], 2024, 2)).toEqual([2023, 2024]);
  });

  it('splits addresses into two folds of about equal size, the same address always in the same fold', () => {
    const ids = Array.from({ length: 10_000 }, (_, i) => `0034${String(i).padStart(12, '0')}`);
    const ones = ids.filter((id) => foldOf(id) === 1).length;
    expect(ones).toBeGreaterThan(4800);
    expect(ones).toBeLessThan(5200);
    expect(ids.every((id) => foldOf(id) === foldOf(id))).toBe(true);
  });

  it('scores every row by a model that never saw that address in any year: the calibration rows are unseen', async () => {
    const ids = Array.from({ length: 200 }, (_, i) => String(i).padStart(16, '0'));
    const year = (referenceDate: string) => ({
      referenceDate,
      names: ['f'],
      addressIds: ids,
      values: Float64Array.from(ids, (_, i) => i),
      labels: ids.map((_, i) => (i % 10 === 0 ? 1 : 0) as 0 | 1),
      labelsComplete: true,
    });
    const data = stack([year('2023-01-01'), year('2024-01-01')]);
    const seen: Array<{ trained: Set<string>; scored: string[] }> = [];
    const logits = await crossFittedLogits(data, async (train, score) => {
      seen.push({ trained: new Set(train.addressIds), scored: [...score.addressIds] });
      // A "model" whose score names the fold it was trained on.
      return new Float64Array(score.rows).fill(seen.length);
    });
    expect(seen).toHaveLength(2);
    for (const { trained, scored } of seen) {
      expect(scored.length).toBeGreaterThan(0);
      expect(scored.filter((id) => trained.has(id))).toEqual([]);
    }
    // Every row got a score, from the model of the other fold.
    expect(Array.from(logits).every((l) => l === 1 || l === 2)).toBe(true);
    data.addressIds.forEach((id, row) => expect(logits[row]).toBe(foldOf(id) === 0 ? 1 : 2));
  });
});
