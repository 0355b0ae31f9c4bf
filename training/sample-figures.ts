/**
 * The test year judged on its random controls only: what the model would find in the
 * whole city, not in the homes someone chose to control. Reported beside the figures
 * over all labels and without the list-prompted controls (evaluate.ts), and used to check
 * the active model's test figures against its live ones.
 */
import type { Queryable } from '../db/index.ts';
import {
  findRate,
  precisionAtKEstimate,
  recallAtKEstimate,
  withinInterval,
  type SampledAddress,
  type SampleEstimate,
} from './estimates.ts';
import { precisionAtK } from './metrics.ts';

export interface RandomSampleFigures {
  year: number;
  /** Addresses of the year: the frame the sample is taken to be drawn from. */
  frameSize: number;
  /** The list size the precision and recall are of. */
  k: number;
  findRate: SampleEstimate;
  precisionAtK: SampleEstimate;
  recallAtK: SampleEstimate;
}

/** The addresses controlled at random in `year`: found when such a control found a cultivation or preparation. */
export async function randomControls(db: Queryable, year: number): Promise<SampledAddress[]> {
  const { rows } = await db.query<{ address_id: string; found: boolean; probability: number | null }>(
    `SELECT address_id, bool_or(outcome IN ('cultivation', 'preparation')) AS found, max(selection_probability) AS probability
     FROM inspections
     WHERE reason = 'random' AND inspected_on >= make_date($1::int, 1, 1) AND inspected_on < make_date($1::int + 1, 1, 1)
     GROUP BY address_id ORDER BY address_id`,
    [year],
  );
  return rows.map((r) => ({ addressId: r.address_id, found: r.found, probability: r.probability === null ? null : Number(r.probability) }));
}

/** The k addresses with the highest logits; equal logits keep row order (as precisionAtK). */
export function topKOf(addressIds: readonly string[], logits: ArrayLike<number>, k: number): Set<string> {
  const order = Array.from(addressIds, (_, i) => i).sort((a, b) => logits[b]! - logits[a]! || a - b);
  return new Set(order.slice(0, k).map((i) => addressIds[i]!));
}

export function randomSampleFigures(
  sample: readonly SampledAddress[],
  scored: { year: number; addressIds: readonly string[]; logits: ArrayLike<number>; k: number },
): RandomSampleFigures {
  const frame = new Set(scored.addressIds);
  const inFrame = sample.filter((s) => frame.has(s.addressId));
  const top = topKOf(scored.addressIds, scored.logits, scored.k);
  return {
    year: scored.year,
    frameSize: frame.size,
    k: scored.k,
    findRate: findRate(inFrame, frame.size),
    precisionAtK: precisionAtKEstimate(inFrame, frame.size, top),
    recallAtK: recallAtKEstimate(inFrame, frame.size, top),
  };
}

const pct = (x: number) => `${(100 * x).toFixed(x < 0.01 ? 3 : 1)} %`;
const range = (e: SampleEstimate) => `${pct(e.estimate!)} (${Math.round(e.level * 100)} % interval ${pct(e.low!)}–${pct(e.high!)})`;

/** The random-sample figures in plain words, the width of the intervals included. */
export function randomSampleSentence(f: RandomSampleFigures): string {
  const { findRate: rate, precisionAtK: precision, recallAtK: recall } = f;
  if (rate.sampleSize === 0)
    return `No address was controlled at random in ${f.year}: the model's figures in the whole city cannot be estimated without bias for that year.`;
  const uniform =
    rate.assumedUniform > 0
      ? ` For ${rate.assumedUniform} of them no selection probability was delivered: a uniform draw over the year's ${f.frameSize.toLocaleString('en')} addresses is assumed.`
      : '';
  const parts = [
    `Random sample of ${f.year}: ${rate.sampleSize} addresses controlled at random, ${rate.finds} with a find.${uniform}`,
    `Estimated share of all addresses where a control finds a cultivation: ${range(rate)}.`,
    precision.sampleSize === 0
      ? `None of the sampled addresses was in the model's top ${f.k}: its precision there cannot be estimated this year.`
      : `Precision in the model's top ${f.k}, from the ${precision.sampleSize} sampled addresses in it: ${range(precision)}.`,
    recall.sampleSize === 0
      ? `No sampled control found anything: recall cannot be estimated.`
      : `Share of finds in the top ${f.k} (recall), from ${recall.sampleSize} sampled finds: ${range(recall)}.`,
  ];
  if (rate.sampleSize < 100)
    parts.push(`With ${rate.sampleSize} random controls these intervals are wide; they are what the data support.`);
  return parts.join(' ');
}

/**
 * The active model's precision at k on the test year's labels against the random-sample
 * estimate of its precision in the city. A test figure outside the interval means the
 * labels the model is judged on do not represent the homes it flags.
 */
export interface LiveCheck {
  version: number;
  k: number;
  testPrecision: number;
  estimate: SampleEstimate;
  /** null: no random control fell in the model's top k, so there is nothing to compare with. */
  consistent: boolean | null;
  sentence: string;
}

export function liveCheck(
  version: number,
  sample: readonly SampledAddress[],
  scored: { year: number; addressIds: readonly string[]; logits: ArrayLike<number>; labels: ArrayLike<number>; k: number },
): LiveCheck {
  const figures = randomSampleFigures(sample, scored);
  const testPrecision = precisionAtK(scored.logits, scored.labels, scored.k);
  const estimate = figures.precisionAtK;
  const consistent = withinInterval(testPrecision, estimate);
  const head = `Active model ${version}: precision in its top ${scored.k} of ${scored.year} is ${pct(testPrecision)} on the year's labels`;
  const sentence =
    consistent === null
      ? `${head}; no address of its top ${scored.k} was controlled at random, so its live precision cannot be checked this year.`
      : consistent
        ? `${head}, within the random sample's interval ${pct(estimate.low!)}–${pct(estimate.high!)} (${estimate.sampleSize} sampled addresses in the top ${scored.k}).`
        : `${head}, OUTSIDE the random sample's interval ${pct(estimate.low!)}–${pct(estimate.high!)} (${estimate.sampleSize} sampled addresses in the top ${scored.k}): ` +
          'the labels it is judged on do not represent the homes it flags; treat its test figures with suspicion.';
  return { version, k: scored.k, testPrecision, estimate, consistent, sentence };
}
