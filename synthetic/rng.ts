/**
 * Seeded pseudo-random numbers: xoshiro128** seeded through splitmix32. The generator
 * never touches Math.random, so one seed always gives byte-identical output.
 */

function splitmix32(state: number): [next: number, output: number] {
  const next = (state + 0x9e3779b9) | 0;
  let z = next;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return [next, (z ^ (z >>> 16)) >>> 0];
}

const TWO_POW_32 = 4294967296;

export class Rng {
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;
  private spareNormal: number | null = null;

  /** `stream` gives independent sequences for one seed (city layout, yearly dynamics …). */
  constructor(seed: number, stream = 0) {
    // Mixing the high word keeps seeds above 2^32 distinct.
    let state = (seed | 0) ^ Math.imul(Math.floor(seed / TWO_POW_32) | 0, 0x27d4eb2f) ^ Math.imul(stream + 1, 0x165667b1);
    const words: number[] = [];
    for (let i = 0; i < 4; i++) {
      const [next, out] = splitmix32(state);
      state = next;
      words.push(out);
    }
    this.setState(words);
  }

  /** A generator started from a given 128-bit state (see RngFamily). */
  static fromState(words: readonly number[]): Rng {
    const rng = new Rng(0);
    rng.setState(words);
    return rng;
  }

  private setState(words: readonly number[]): void {
    [this.s0, this.s1, this.s2, this.s3] = [words[0] ?? 0, words[1] ?? 0, words[2] ?? 0, words[3] ?? 0].map((w) => w | 0) as [
      number,
      number,
      number,
      number,
    ];
    this.spareNormal = null;
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform on [0, 1). */
  uniform(): number {
    return this.nextUint32() / TWO_POW_32;
  }

  /** Uniform on (0, 1]: safe to take the logarithm of. */
  uniformPositive(): number {
    return (this.nextUint32() + 1) / TWO_POW_32;
  }

  /** Uniform integer in [lo, hi], both inclusive. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.uniform() * (hi - lo + 1));
  }

  bernoulli(p: number): boolean {
    return this.uniform() < p;
  }

  /** Standard normal by Box-Muller; the second value of each pair is kept for the next call. */
  normal(): number {
    if (this.spareNormal !== null) {
      const spare = this.spareNormal;
      this.spareNormal = null;
      return spare;
    }
    const radius = Math.sqrt(-2 * Math.log(this.uniformPositive()));
    const angle = 2 * Math.PI * this.uniform();
    this.spareNormal = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  }

  /** exp(N(logMean, logSd)). */
  logNormal(logMean: number, logSd: number): number {
    return Math.exp(logMean + logSd * this.normal());
  }

  /**
   * Poisson count by inversion; `expMinusRate` may be passed precomputed because the
   * generator draws millions of counts from a handful of rates. Meant for rates below ~30.
   */
  poisson(rate: number, expMinusRate = Math.exp(-rate)): number {
    const u = this.uniform();
    let k = 0;
    let p = expMinusRate;
    let cumulative = p;
    while (u >= cumulative && p > 0) {
      k += 1;
      p *= rate / k;
      cumulative += p;
    }
    return k;
  }

  /** Index drawn with probability proportional to `weights` (which need not sum to 1). */
  categorical(weights: readonly number[]): number {
    let total = 0;
    for (const w of weights) total += w;
    let u = this.uniform() * total;
    for (let i = 0; i < weights.length; i++) {
      u -= weights[i] ?? 0;
      if (u < 0) return i;
    }
    return weights.length - 1;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.uniform() * items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** MurmurHash3's finaliser: every input bit flips about half the output bits. */
function fmix32(h: number): number {
  let x = h | 0;
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

/**
 * One independent generator per key pair (address, year) of a seed and stream. Keying the
 * draws instead of taking them from one long sequence is what lets a changed draw count
 * at one address leave every other address's numbers alone.
 */
export class RngFamily {
  private readonly words: readonly number[];

  constructor(seed: number, stream: number) {
    const root = new Rng(seed, stream);
    this.words = [root.nextUint32(), root.nextUint32(), root.nextUint32(), root.nextUint32()];
  }

  /** The generator of key (a, b); the same key always gives the same sequence. */
  at(a: number, b: number): Rng {
    // Each state word hashes the key with its own random word, so two keys share a whole state with chance ~2^-128.
    return Rng.fromState(this.words.map((w) => fmix32(fmix32(w ^ Math.imul(a, 0x9e3779b9)) + Math.imul(b ^ w, 0x27d4eb2f))));
  }
}
