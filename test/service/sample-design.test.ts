import { describe, expect, it } from 'vitest';
import { allocate, DesignError, drawDesign, drawPositions } from '../../service/samples/design.ts';
import { sampleRandom, SEED_MAX } from '../../service/samples/random.ts';

/**
 * The sampling design without a database: the seeded stream, uniform positions without
 * replacement, and proportional allocation per district. Same seed, same draw — for as
 * long as samples are kept — and every address's chance is what is stored.
 */
describe('sample random stream', () => {
  it('is xoshiro128** seeded by splitmix32: the first outputs of the reference C code', () => {
    // From the reference implementation (prng.di.unimi.it), compiled with gcc.
    const reference: Record<number, number[]> = {
      0: [3809008728, 1133695204, 53579671, 2891528803, 139681546, 2203266335],
      42: [2837322924, 544945897, 479756282, 3500138142, 339756180, 113173290],
      [SEED_MAX]: [835879718, 1921286648, 2356205009, 1885780724, 980451116, 1053911718],
    };
    for (const [seed, outputs] of Object.entries(reference)) {
      const random = sampleRandom(Number(seed));
      expect(
        outputs.map(() => random.next()),
        seed,
      ).toEqual(outputs);
    }
  });

  it('refuses a seed that is not a whole number from 0 to 2^32 − 1, naming the range', () => {
    for (const seed of [-1, 1.5, SEED_MAX + 1]) expect(() => sampleRandom(seed)).toThrow(`from 0 to ${SEED_MAX}`);
  });

  it('gives every value below a bound about equally often', () => {
    const random = sampleRandom(7);
    const counts = new Array<number>(6).fill(0);
    const draws = 60_000;
    for (let i = 0; i < draws; i++) counts[random.below(6)]!++;
    // Each count is binomial(60000, 1/6): sd ≈ 91; five sd either side.
    for (const c of counts) expect(Math.abs(c - draws / 6)).toBeLessThan(5 * Math.sqrt((draws * (1 / 6) * 5) / 6));
  });
});

describe('uniform positions without replacement', () => {
  it('draws n distinct positions inside the frame, the same for the same seed and others for another', () => {
    const a = drawPositions(1000, 50, sampleRandom(11));
    expect(new Set(a).size).toBe(50);
    expect(a.every((p) => Number.isInteger(p) && p >= 0 && p < 1000)).toBe(true);
    expect(drawPositions(1000, 50, sampleRandom(11))).toEqual(a);
    expect(drawPositions(1000, 50, sampleRandom(12))).not.toEqual(a);
  });

  it('takes the whole frame when n is the frame size', () => {
    expect(drawPositions(40, 40, sampleRandom(3)).sort((x, y) => x - y)).toEqual(Array.from({ length: 40 }, (_, i) => i));
  });

  it('includes every position with chance n / N', () => {
    const frame = 20;
    const n = 5;
    const seeds = 4000;
    const counts = new Array<number>(frame).fill(0);
    for (let seed = 0; seed < seeds; seed++) for (const p of drawPositions(frame, n, sampleRandom(seed))) counts[p]!++;
    const expected = (seeds * n) / frame;
    const sd = Math.sqrt(seeds * (n / frame) * (1 - n / frame));
    for (const c of counts) expect(Math.abs(c - expected)).toBeLessThan(5 * sd);
  });
});

describe('allocation per district', () => {
  const strata = [
    { key: 'WK000003', frameSize: 500 },
    { key: 'WK000001', frameSize: 1200 },
    { key: 'WK000002', frameSize: 300 },
    { key: 'WK000004', frameSize: 7 },
  ];

  it('is proportional, at least one per district, adds up to n, and the chances n_h / N_h weigh back to the frame', () => {
    const allocation = allocate(strata, 40);
    expect(allocation.map((a) => a.key)).toEqual(['WK000001', 'WK000002', 'WK000003', 'WK000004']);
    expect(allocation.reduce((s, a) => s + a.n, 0)).toBe(40);
    // Quotas 23.9, 6.0, 10.0, 0.14: the smallest district still gets one.
    expect(allocation.map((a) => a.n)).toEqual([23, 6, 10, 1]);
    for (const a of allocation) expect(a.probability).toBe(a.n / a.frameSize);
    const { picks } = drawDesign(strata, 40, 99);
    expect(picks).toHaveLength(40);
    const weight = picks.reduce((s, p) => s + 1 / p.probability, 0);
    expect(weight).toBeCloseTo(2007, 9);
  });

  it('lowers the largest district where the minimum of one overshoots', () => {
    expect(
      allocate(
        [
          { key: 'A', frameSize: 1000 },
          { key: 'B', frameSize: 1 },
          { key: 'C', frameSize: 1 },
        ],
        3,
      ).map((a) => a.n),
    ).toEqual([1, 1, 1]);
  });

  it('refuses fewer addresses than districts, and more than the frame, saying what to ask for', () => {
    expect(() => allocate(strata, 3)).toThrow(DesignError);
    expect(() => allocate(strata, 3)).toThrow('ask for at least 4');
    expect(() => allocate(strata, 2008)).toThrow('ask for at most 2007');
  });

  it('draws each district from its own frame, the same picks for the same seed', () => {
    const { picks } = drawDesign(strata, 40, 5);
    for (const a of allocate(strata, 40)) {
      const mine = picks.filter((p) => p.stratum === a.key);
      expect(mine).toHaveLength(a.n);
      expect(new Set(mine.map((p) => p.position)).size).toBe(a.n);
      expect(mine.every((p) => p.position < a.frameSize && p.probability === a.probability)).toBe(true);
    }
    expect(drawDesign(strata, 40, 5).picks).toEqual(picks);
  });
});
