import { describe, expect, it } from 'vitest';
import { MatrixBuilder } from '../../features/build.ts';

const rows = (from: number, n: number) => Array.from({ length: n }, (_, i) => [`id${from + i}`, 0, from + i, -(from + i)]);

describe('the feature matrix builder', () => {
  it('fills a matrix sized up front without allocating again, and doubles only when more rows come than were counted', () => {
    const builder = new MatrixBuilder(2);
    builder.reserve(12);
    for (let b = 0; b < 3; b++) builder.add(rows(b * 4, 4));
    expect(builder.allocations).toBe(1);
    const exact = builder.done();
    expect(exact.values.length).toBe(24);
    expect(Array.from(exact.values.subarray(20))).toEqual([10, -10, 11, -11]);
    builder.add(rows(12, 1));
    expect(builder.allocations).toBe(2);
    expect(builder.capacityRows).toBe(24);
    for (let b = 0; b < 5; b++) builder.add(rows(13 + b * 2, 2));
    expect(builder.allocations).toBe(2);
    const grown = builder.done();
    expect(grown.values.length).toBe(23 * 2);
    expect(grown.addressIds).toHaveLength(23);
    expect(Array.from(grown.values.subarray(44))).toEqual([22, -22]);
  });
});
