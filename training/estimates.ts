/**
 * Figures of the whole population from the controls drawn by chance (reason `random`),
 * each weighted by the inverse of the chance it was drawn with (Horvitz–Thompson; as a
 * share, the Hájek ratio). They are unbiased whatever the risk list, the tips or the
 * police did — unlike figures over all labels, which describe the homes someone chose to
 * control. The intervals are exact binomial intervals on Kish's effective sample size;
 * with a handful of random controls a year they are wide, and they are reported anyway.
 */
import { clopperPearson } from './intervals.ts';

export interface SampledAddress {
  addressId: string;
  /** A random control at the address in the year found a cultivation or its preparation. */
  found: boolean;
  /** The chance the address was drawn with; null when the delivery did not state it. */
  probability: number | null;
}

export interface SampleEstimate {
  /** The estimated share (0–1); null without a sample. */
  estimate: number | null;
  low: number | null;
  high: number | null;
  /** Addresses controlled at random (an address controlled twice counts once). */
  sampleSize: number;
  finds: number;
  /** Kish's effective sample size: the sample size for equal probabilities, less for unequal ones. */
  effectiveSize: number;
  /** Addresses whose probability was not delivered: taken as a uniform draw, sample size ÷ frame size. */
  assumedUniform: number;
  level: number;
}

export const ESTIMATE_LEVEL = 0.9;

/** The weight of each address: 1 / its probability, or frame ÷ sample size where none was stated. */
function weights(sample: readonly SampledAddress[], frameSize: number): number[] {
  const uniform = sample.length / frameSize;
  return sample.map((s) => 1 / (s.probability ?? uniform));
}

function shareOf(sample: readonly SampledAddress[], w: readonly number[], level: number): SampleEstimate {
  const assumedUniform = sample.filter((s) => s.probability === null).length;
  const finds = sample.filter((s) => s.found).length;
  if (sample.length === 0)
    return { estimate: null, low: null, high: null, sampleSize: 0, finds: 0, effectiveSize: 0, assumedUniform, level };
  let total = 0;
  let squares = 0;
  let found = 0;
  sample.forEach((s, i) => {
    total += w[i]!;
    squares += w[i]! ** 2;
    if (s.found) found += w[i]!;
  });
  const estimate = found / total;
  const effectiveSize = total ** 2 / squares;
  const { low, high } = clopperPearson(estimate * effectiveSize, effectiveSize, level);
  return { estimate, low, high, sampleSize: sample.length, finds, effectiveSize, assumedUniform, level };
}

/**
 * The share of all addresses of the frame where a control in the year finds a cultivation
 * (so: the share cultivating times the chance a control gets in).
 */
export function findRate(sample: readonly SampledAddress[], frameSize: number, level = ESTIMATE_LEVEL): SampleEstimate {
  checkFrame(sample, frameSize);
  return shareOf(sample, weights(sample, frameSize), level);
}

/**
 * The model's precision at k in the population: the share of its top-k addresses where a
 * control finds one, from the random controls that happened to fall in its top k.
 */
export function precisionAtKEstimate(
  sample: readonly SampledAddress[],
  frameSize: number,
  topK: ReadonlySet<string>,
  level = ESTIMATE_LEVEL,
): SampleEstimate {
  checkFrame(sample, frameSize);
  const w = weights(sample, frameSize);
  const inTop = sample.map((s, i) => ({ s, w: w[i]! })).filter(({ s }) => topK.has(s.addressId));
  return shareOf(
    inTop.map(({ s }) => s),
    inTop.map(({ w }) => w),
    level,
  );
}

/**
 * The model's recall at k: the share of the population's finds that lie in its top k,
 * estimated over the random controls that found one (an interval conditional on those finds).
 */
export function recallAtKEstimate(
  sample: readonly SampledAddress[],
  frameSize: number,
  topK: ReadonlySet<string>,
  level = ESTIMATE_LEVEL,
): SampleEstimate {
  checkFrame(sample, frameSize);
  const w = weights(sample, frameSize);
  const finds = sample.map((s, i) => ({ s, w: w[i]! })).filter(({ s }) => s.found);
  // Each find is a draw that lands in the top k or not: the share that does is the recall.
  return shareOf(
    finds.map(({ s }) => ({ ...s, found: topK.has(s.addressId) })),
    finds.map(({ w }) => w),
    level,
  );
}

function checkFrame(sample: readonly SampledAddress[], frameSize: number): void {
  if (!(frameSize >= sample.length) || !Number.isInteger(frameSize))
    throw new RangeError(`the frame (${frameSize} addresses) must be a whole number at least the sample size (${sample.length})`);
  for (const s of sample) {
    if (s.probability !== null && !(s.probability > 0 && s.probability <= 1))
      throw new RangeError(`address ${s.addressId}: a selection probability lies in (0, 1], not ${s.probability}`);
  }
}

/** Whether a figure measured over all labels lies inside the sample's interval (null: no interval to compare with). */
export function withinInterval(value: number, estimate: SampleEstimate): boolean | null {
  if (estimate.low === null || estimate.high === null) return null;
  return value >= estimate.low && value <= estimate.high;
}
