import { describe, expect, it } from 'vitest';
import { MedianSample } from '../../training/median-sample.ts';
import { featureMedians } from '../../training/medians.ts';
import { negativeDraw } from '../../training/negative-sampling.ts';

/** `rows` addresses of `width` features, values that differ per address and feature. */
function city(rows: number, width: number) {
  const ids = Array.from({ length: rows }, (_, i) => `0363010000${String(i).padStart(6, '0')}`);
  const values = new Float64Array(rows * width);
  for (let i = 0; i < rows; i++) for (let j = 0; j < width; j++) values[i * width + j] = ((i * 7919 + j * 104729) % 1000) / (j + 1);
  return { ids, values };
}

function added(sample: MedianSample, values: Float64Array, ids: string[], batch: number, width: number): MedianSample {
  for (let start = 0; start < ids.length; start += batch) {
    const end = Math.min(ids.length, start + batch);
    sample.add(values.subarray(start * width, end * width), ids.slice(start, end));
  }
  return sample;
}

describe('the medians of a risk list, from a bounded sample', () => {
  const width = 3;

  it('is exact while every address fits, however the rows come in batches', () => {
    // 3,001 rows: the buffers grow to 1,024, 2,048 and then 3,001 rows (or 4,096 when the capacity allows) on the way.
    const { ids, values } = city(3001, width);
    const exact = featureMedians(values, 3001, width);
    for (const [batch, capacity] of [
      [1, 3001],
      [10, 10_000],
      [3001, 3001],
    ] as const) {
      const sample = added(new MedianSample(width, capacity), values, ids, batch, width);
      expect(sample.exact).toBe(true);
      expect(sample.medians()).toEqual(exact);
    }
    expect(new MedianSample(width, 5).medians()).toEqual([0, 0, 0]);
  });

  it('keeps, above its capacity, the rows of the addresses with the lowest draws, in whatever order they come', () => {
    const rows = 5000;
    const capacity = 300;
    const { ids, values } = city(rows, width);
    // The addresses a full sort by draw would keep, and their medians.
    const order = ids.map((_, i) => i).sort((a, b) => negativeDraw(0x6d656469, 0, ids[a]!) - negativeDraw(0x6d656469, 0, ids[b]!));
    const kept = new Float64Array(capacity * width);
    order.slice(0, capacity).forEach((row, k) => kept.set(values.subarray(row * width, (row + 1) * width), k * width));
    const expected = featureMedians(kept, capacity, width);

    const forward = added(new MedianSample(width, capacity), values, ids, 64, width);
    expect(forward.exact).toBe(false);
    expect(forward.seen).toBe(rows);
    expect(forward.medians()).toEqual(expected);
    // Backwards, one address at a time: the same sample.
    const backward = new MedianSample(width, capacity);
    for (let i = rows - 1; i >= 0; i--) backward.add(values.subarray(i * width, (i + 1) * width), [ids[i]!]);
    expect(backward.medians()).toEqual(expected);
    // A uniform sample: its medians lie near the whole city's.
    const whole = featureMedians(values, rows, width);
    forward.medians().forEach((m, j) => expect(Math.abs(m - whole[j]!)).toBeLessThan(0.1 * (1000 / (j + 1))));
  });

  it('refuses a batch whose values are not its addresses times its features', () => {
    const sample = new MedianSample(width, 10);
    expect(() => sample.add(new Float64Array(5), ['a', 'b'])).toThrow('5 values are not 2 rows of 3 features');
    expect(() => new MedianSample(width, 0)).toThrow('at least 1 row');
  });
});
