/**
 * The random numbers of a sample draw: xoshiro128** (Blackman and Vigna, 2018), its
 * 128-bit state filled from the 32-bit seed by four outputs of splitmix32 (the seed plus
 * multiples of 0x9E3779B9, each through MurmurHash3's 32-bit finaliser). Written out here
 * rather than taken from a library: a draw must be repeatable from its recorded seed for
 * as long as the sample is kept, on any machine and after any upgrade, and the algorithm
 * is named in the README so that someone outside can repeat it.
 */
/** The largest seed: a seed is 32 bits. */
export const SEED_MAX = 0xffff_ffff;
const TWO_32 = 0x1_0000_0000;

export interface SampleRandom {
  /** The next 32-bit output, 0 … 2³² − 1. */
  next(): number;
  /** A whole number in [0, bound), every value equally likely (rejection, no modulo bias); bound ≤ 2³². */
  below(bound: number): number;
}

const rotl = (x: number, k: number) => ((x << k) | (x >>> (32 - k))) >>> 0;

function splitmix32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

export function sampleRandom(seed: number): SampleRandom {
  if (!Number.isInteger(seed) || seed < 0 || seed > SEED_MAX)
    throw new RangeError(`a sample seed is a whole number from 0 to ${SEED_MAX}, not ${seed}`);
  const fill = splitmix32(seed);
  // The finaliser is a bijection of distinct inputs: at most one of the four is zero, never all.
  let s0 = fill();
  let s1 = fill();
  let s2 = fill();
  let s3 = fill();
  const next = () => {
    const result = Math.imul(rotl(Math.imul(s1, 5) >>> 0, 7), 9) >>> 0;
    const t = (s1 << 9) >>> 0;
    s2 = (s2 ^ s0) >>> 0;
    s3 = (s3 ^ s1) >>> 0;
    s1 = (s1 ^ s2) >>> 0;
    s0 = (s0 ^ s3) >>> 0;
    s2 = (s2 ^ t) >>> 0;
    s3 = rotl(s3, 11);
    return result;
  };
  return {
    next,
    below(bound) {
      if (!Number.isInteger(bound) || bound < 1 || bound > TWO_32)
        throw new RangeError(`a bound is a whole number from 1 to 2^32, not ${bound}`);
      // The largest multiple of bound below 2³²: outputs above it would favour small values.
      const limit = TWO_32 - (TWO_32 % bound);
      let r = next();
      while (r >= limit) r = next();
      return r % bound;
    },
  };
}
