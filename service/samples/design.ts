/**
 * The sampling design, without the database: how many addresses each stratum gets and
 * which positions of each stratum's frame (sorted by address id) are drawn. A uniform
 * draw is one stratum. Every address of stratum h is drawn with probability n_h / N_h,
 * so the sum of 1 / probability over the members is the frame size: what an
 * inverse-probability (Horvitz–Thompson) estimate needs.
 */
import { sampleRandom, type SampleRandom } from './random.ts';

/** One stratum of the frame. */
export interface Stratum {
  /** The district code; '' for a uniform draw's single stratum. */
  key: string;
  /** N_h: addresses of the frame in the stratum. */
  frameSize: number;
}

export interface Allocation extends Stratum {
  /** n_h: addresses drawn from the stratum. */
  n: number;
  /** n_h / N_h: every address's chance in the stratum. */
  probability: number;
}

export interface Pick {
  stratum: string;
  /** 0-based position in the stratum's frame, sorted by address id. */
  position: number;
  probability: number;
}

export class DesignError extends Error {
  override name = 'DesignError';
}

const byKey = (a: Stratum, b: Stratum) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

/**
 * Proportional allocation with at least one address per stratum, so that no address has
 * chance zero: n_h starts at ⌊n · N_h / N⌋ (at least 1, at most N_h), then strata are
 * raised by largest remainder (or, where the minimum of one overshot, lowered by smallest)
 * until the sizes add up to n. Ties go to the stratum first in code order.
 */
export function allocate(strata: readonly Stratum[], n: number): Allocation[] {
  const sorted = [...strata].sort(byKey);
  const total = sorted.reduce((sum, s) => sum + s.frameSize, 0);
  if (n > total)
    throw new DesignError(`n is ${n}, but the frame holds ${total} addresses without an open signal: ask for at most ${total}`);
  if (n < sorted.length)
    throw new DesignError(
      `n is ${n}, but a draw per district takes at least one address from each of the ${sorted.length} districts: ask for at least ${sorted.length}, or draw without stratifyBy`,
    );
  const quota = sorted.map((s) => (n * s.frameSize) / total);
  const sizes = sorted.map((s, i) => Math.min(s.frameSize, Math.max(1, Math.floor(quota[i]!))));
  let sum = sizes.reduce((a, b) => a + b, 0);
  while (sum !== n) {
    const up = sum < n;
    let best = -1;
    for (let i = 0; i < sorted.length; i++) {
      if (up ? sizes[i]! >= sorted[i]!.frameSize : sizes[i]! <= 1) continue;
      const gap = quota[i]! - sizes[i]!;
      if (best < 0 || (up ? gap > quota[best]! - sizes[best]! : gap < quota[best]! - sizes[best]!)) best = i;
    }
    sizes[best]! += up ? 1 : -1;
    sum += up ? 1 : -1;
  }
  return sorted.map((s, i) => ({ ...s, n: sizes[i]!, probability: sizes[i]! / s.frameSize }));
}

/**
 * `n` distinct positions in [0, frameSize), uniformly without replacement: the first n
 * steps of a Fisher–Yates shuffle, with the positions that moved kept in a map (memory
 * grows with n, not with the frame).
 */
export function drawPositions(frameSize: number, n: number, random: SampleRandom): number[] {
  const moved = new Map<number, number>();
  const positions: number[] = [];
  for (let i = 0; i < n; i++) {
    const j = i + random.below(frameSize - i);
    positions.push(moved.get(j) ?? j);
    moved.set(j, moved.get(i) ?? i);
  }
  return positions;
}

/** The whole design: the allocation and, stratum after stratum in code order from one seeded stream, the positions drawn. */
export function drawDesign(strata: readonly Stratum[], n: number, seed: number): { allocation: Allocation[]; picks: Pick[] } {
  const allocation = allocate(strata, n);
  const random = sampleRandom(seed);
  const picks: Pick[] = [];
  for (const a of allocation) {
    for (const position of drawPositions(a.frameSize, a.n, random)) picks.push({ stratum: a.key, position, probability: a.probability });
  }
  return { allocation, picks };
}
