import { withinInterval, type SampledAddress } from '../training/index.ts';
import { averagePrecision, expectedAveragePrecision } from '../training/index.ts';
import { randomSampleFigures, topKOf } from '../training/index.ts';
import type { RiskListInUse } from '../training/index.ts';
import { ACCESS_PROBABILITY, type Address, type InspectionReason, type YearTruth } from '../synthetic/index.ts';

/** One run's year, judged with what only the synthetic city knows: the latent state and p_bayes. */
export interface YearFigures {
  year: number;
  /** The risk list the year's controls were chosen from (every run has one: the model is trained whatever the policy). */
  list: { modelVersion: number; referenceDate: string } | null;
  /** Addresses cultivating at some time in the year. */
  cultivating: number;
  /** Cultivating and not found: still running at the end of the year. */
  activeAtYearEnd: number;
  found: {
    /** Addresses where some control found a cultivation or preparation (the year's positive labels). */
    total: number;
    /** Controls with a find, per reason; an address found twice counts twice. */
    byReason: Record<InspectionReason, number>;
  };
  extra: {
    controls: number;
    /** Of them drawn at random (reason random). */
    random: number;
    finds: number;
    /** Outcome nothing_found or no_access. */
    foundNothing: number;
    /** Sent to a home where nothing was cultivated: a visit for nothing whatever the outcome. */
    needless: number;
    needlessGroupB: number;
  };
  groupB: {
    /** Share of group b among the dwellings that exist in the year. */
    population: number;
    /** Share of group b among the needless extra controls; null without any. */
    needless: number | null;
    /** Share of group b in the risk list's top `capacity` (existing dwellings); null without a list. */
    listTop: number | null;
    /** The same in the top `capacity` by p_bayes: where the best possible list would point. */
    limitTop: number;
  };
  /** Mean AP over draws of the year's labels from p_bayes (before extra controls), and AP against the latent state. */
  model: { expectedAp: number | null; expectedApSd: number | null; apLatent: number | null };
  limit: { expectedAp: number | null; expectedApSd: number | null; apLatent: number | null };
  /** The list's precision in its top `k`, estimated from the year's random controls as the product does, beside the truth. */
  livePrecision: {
    k: number;
    estimate: number | null;
    low: number | null;
    high: number | null;
    sampleSize: number;
    /** P(a control finds a cultivation), averaged over the list's top k: what the estimate estimates. */
    truth: number;
    covered: boolean | null;
  } | null;
}

export interface YearInput {
  truth: YearTruth;
  addresses: readonly Address[];
  existing: readonly number[];
  /** p_bayes before extra controls, by address index. */
  pBayes: Float64Array;
  list: RiskListInUse | null;
  indexOf: ReadonlyMap<string, number>;
  /** The year's random controls as the database holds them after ingest. */
  sample: readonly SampledAddress[];
  capacity: number;
}

/** Label draws for the expected AP, as the bench uses. */
const DRAWS = 200;

const finite = (x: number | undefined): number | null => (x !== undefined && Number.isFinite(x) ? x : null);
const isFind = (outcome: string) => outcome === 'cultivation' || outcome === 'preparation';

function extraFigures(input: YearInput): YearFigures['extra'] {
  const { truth, addresses } = input;
  const needless = truth.extra.filter((e) => truth.cultivating[e.addressIndex] !== 1);
  const finds = truth.extra.filter((e) => isFind(e.outcome)).length;
  return {
    controls: truth.extra.length,
    random: truth.extra.filter((e) => e.reason === 'random').length,
    finds,
    foundNothing: truth.extra.length - finds,
    needless: needless.length,
    needlessGroupB: needless.filter((e) => addresses[e.addressIndex]?.groupB).length,
  };
}

function rankingFigures(input: YearInput): Pick<YearFigures, 'model' | 'limit'> {
  const { existing, pBayes, truth, list, indexOf } = input;
  const base = Float64Array.from(existing, (i) => pBayes[i]!);
  const latent = Uint8Array.from(existing, (i) => truth.cultivating[i]!);
  const limitAp = finite(averagePrecision(base, latent));
  if (!list) {
    const [limit] = expectedAveragePrecision([base], base, DRAWS, truth.year);
    return {
      model: { expectedAp: null, expectedApSd: null, apLatent: null },
      limit: { expectedAp: finite(limit?.mean), expectedApSd: finite(limit?.sd), apLatent: limitAp },
    };
  }
  const byIndex = new Float64Array(input.addresses.length).fill(Number.NEGATIVE_INFINITY);
  list.addressIds.forEach((id, row) => {
    const i = indexOf.get(id);
    if (i !== undefined) byIndex[i] = list.scores[row]!;
  });
  const scores = Float64Array.from(existing, (i) => byIndex[i]!);
  // One call: the same label draws for both, so their difference is paired.
  const [model, limit] = expectedAveragePrecision([scores, base], base, DRAWS, truth.year);
  return {
    model: { expectedAp: finite(model?.mean), expectedApSd: finite(model?.sd), apLatent: finite(averagePrecision(scores, latent)) },
    limit: { expectedAp: finite(limit?.mean), expectedApSd: finite(limit?.sd), apLatent: limitAp },
  };
}

function livePrecision(input: YearInput): YearFigures['livePrecision'] {
  const { list, truth, indexOf, capacity: k } = input;
  if (!list) return null;
  const scored = { year: truth.year, addressIds: list.addressIds, logits: list.scores, k };
  const estimate = randomSampleFigures(input.sample, scored).precisionAtK;
  let cultivating = 0;
  for (const id of topKOf(list.addressIds, list.scores, k)) if (truth.cultivating[indexOf.get(id) ?? -1] === 1) cultivating += 1;
  const value = (ACCESS_PROBABILITY * cultivating) / k;
  return {
    k,
    estimate: estimate.estimate,
    low: estimate.low,
    high: estimate.high,
    sampleSize: estimate.sampleSize,
    truth: value,
    covered: withinInterval(value, estimate),
  };
}

/** Share of group b among the first `k` of `order`. */
function groupBShare(addresses: readonly Address[], order: readonly number[], k: number): number {
  const top = order.slice(0, k);
  return top.filter((i) => addresses[i]?.groupB).length / Math.max(1, top.length);
}

function groupBFigures(input: YearInput, extra: YearFigures['extra']): YearFigures['groupB'] {
  const { addresses, existing, pBayes, list, indexOf, capacity } = input;
  const exists = new Set(existing);
  const listOrder = list ? list.addressIds.map((id) => indexOf.get(id) ?? -1).filter((i) => exists.has(i)) : null;
  return {
    population: groupBShare(addresses, existing, existing.length),
    needless: extra.needless > 0 ? extra.needlessGroupB / extra.needless : null,
    listTop: listOrder ? groupBShare(addresses, listOrder, capacity) : null,
    limitTop: groupBShare(
      addresses,
      [...existing].sort((a, b) => pBayes[b]! - pBayes[a]! || a - b),
      capacity,
    ),
  };
}

export function yearFigures(input: YearInput): YearFigures {
  const { truth, existing, list } = input;
  let cultivating = 0;
  let activeAtYearEnd = 0;
  let found = 0;
  for (const i of existing) {
    cultivating += truth.cultivating[i]!;
    activeAtYearEnd += truth.cultivating[i] === 1 && truth.found[i] === 0 ? 1 : 0;
    found += truth.found[i]!;
  }
  const extra = extraFigures(input);
  return {
    year: truth.year,
    list: list ? { modelVersion: list.version, referenceDate: list.referenceDate } : null,
    cultivating,
    activeAtYearEnd,
    found: { total: found, byReason: { ...truth.findsByReason } },
    extra,
    groupB: groupBFigures(input, extra),
    ...rankingFigures(input),
    livePrecision: livePrecision(input),
  };
}
