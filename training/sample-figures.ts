/**
 * The test year judged on its random controls only: what the model would find in the
 * whole city, not in the homes someone chose to control. Reported beside the figures
 * over all labels and without the list-prompted controls (evaluate.ts), and used to check
 * the active model's test figures against its live ones.
 */
import type { Lang } from '../config/index.ts';
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
import { percentNl, wholeNl } from './words-nl.ts';

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
export function randomSampleSentence(f: RandomSampleFigures, lang: Lang = 'en'): string {
  if (lang === 'nl') return randomSampleSentenceNl(f);
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
  const sentence = liveCheckSentence({ version, k: scored.k, testPrecision, estimate, consistent }, scored.year);
  return { version, k: scored.k, testPrecision, estimate, consistent, sentence };
}

/** The live check in plain words; `year` is the test year it was made on. */
export function liveCheckSentence(check: Omit<LiveCheck, 'sentence'>, year: number, lang: Lang = 'en'): string {
  if (lang === 'nl') return liveCheckSentenceNl(check, year);
  const { version, k, testPrecision, estimate, consistent } = check;
  const head = `Active model ${version}: precision in its top ${k} of ${year} is ${pct(testPrecision)} on the year's labels`;
  return consistent === null
    ? `${head}; no address of its top ${k} was controlled at random, so its live precision cannot be checked this year.`
    : consistent
      ? `${head}, within the random sample's interval ${pct(estimate.low!)}–${pct(estimate.high!)} (${estimate.sampleSize} sampled addresses in the top ${k}).`
      : `${head}, OUTSIDE the random sample's interval ${pct(estimate.low!)}–${pct(estimate.high!)} (${estimate.sampleSize} sampled addresses in the top ${k}): ` +
        'the labels it is judged on do not represent the homes it flags; treat its test figures with suspicion.';
}

// The same sentences in Dutch, for the card in the page's language.

const rangeNl = (e: SampleEstimate) =>
  `${percentNl(e.estimate!)} (${Math.round(e.level * 100)}%-interval ${percentNl(e.low!)}–${percentNl(e.high!)})`;

function randomSampleSentenceNl(f: RandomSampleFigures): string {
  const { findRate: rate, precisionAtK: precision, recallAtK: recall } = f;
  if (rate.sampleSize === 0)
    return `Geen adres is in ${f.year} aselect gecontroleerd: de cijfers van het model over de hele stad zijn voor dat jaar niet zonder vertekening te schatten.`;
  const uniform =
    rate.assumedUniform > 0
      ? ` Voor ${rate.assumedUniform} daarvan is geen selectiekans geleverd: een gelijke trekking over de ${wholeNl(f.frameSize)} adressen van het jaar is aangenomen.`
      : '';
  const parts = [
    `Aselecte steekproef van ${f.year}: ${rate.sampleSize} adressen aselect gecontroleerd, ${rate.finds} met een vondst.${uniform}`,
    `Geschat aandeel van alle adressen waar een controle een kwekerij vindt: ${rangeNl(rate)}.`,
    precision.sampleSize === 0
      ? `Geen van de getrokken adressen stond in de top ${f.k} van het model: de precisie daar is dit jaar niet te schatten.`
      : `Precisie in de top ${f.k} van het model, uit de ${precision.sampleSize} getrokken adressen daarin: ${rangeNl(precision)}.`,
    recall.sampleSize === 0
      ? `Geen getrokken controle vond iets: de recall is niet te schatten.`
      : `Aandeel van de vondsten in de top ${f.k} (recall), uit ${recall.sampleSize} getrokken vondsten: ${rangeNl(recall)}.`,
  ];
  if (rate.sampleSize < 100)
    parts.push(`Met ${rate.sampleSize} aselecte controles zijn deze intervallen breed; ze zijn wat de gegevens toelaten.`);
  return parts.join(' ');
}

function liveCheckSentenceNl(check: Omit<LiveCheck, 'sentence'>, year: number): string {
  const { version, k, testPrecision, estimate, consistent } = check;
  const head = `Actief model ${version}: de precisie in zijn top ${k} van ${year} is ${percentNl(testPrecision)} op de labels van het jaar`;
  if (consistent === null)
    return `${head}; geen adres uit zijn top ${k} is aselect gecontroleerd, dus zijn precisie in de praktijk is dit jaar niet te toetsen.`;
  const interval = `${percentNl(estimate.low!)}–${percentNl(estimate.high!)} (${estimate.sampleSize} getrokken adressen in de top ${k})`;
  return consistent
    ? `${head}, binnen het interval van de aselecte steekproef ${interval}.`
    : `${head}, BUITEN het interval van de aselecte steekproef ${interval}: ` +
        'de labels waarop het beoordeeld wordt zijn niet representatief voor de woningen die het aanwijst; wantrouw zijn testcijfers.';
}
