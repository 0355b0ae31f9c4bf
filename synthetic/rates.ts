/**
 * Report rates per latent state, precomputed for the sampler (exp(−λ)) and the filter
 * (log λ). States: not cultivating in group a or b, cultivating with stolen or metered power.
 */
import { CONTROLS, ENERGY, REPORT_RATES, REPORT_SOURCE_WEIGHTS, TRIGGERS, type CategoryRates } from './params.ts';
import { REPORT_CATEGORIES, type InspectionReason, type ReportSource } from './types.ts';

export const IDLE_A = 0;
export const IDLE_B = 1;
export const TAPPING = 2;
export const METERED = 3;
export type LatentState = typeof IDLE_A | typeof IDLE_B | typeof TAPPING | typeof METERED;

const STATE_KEYS: readonly (keyof CategoryRates)[] = ['idle', 'idleGroupB', 'tapping', 'metered'];

export interface StateRates {
  /** Reports per year, indexed like REPORT_CATEGORIES. */
  rate: readonly number[];
  expMinus: readonly number[];
  log: readonly number[];
  total: number;
}

export const STATE_RATES: readonly StateRates[] = STATE_KEYS.map((key) => {
  const rate = REPORT_CATEGORIES.map((category) => REPORT_RATES[category][key]);
  return {
    rate,
    expMinus: rate.map((r) => Math.exp(-r)),
    log: rate.map((r) => Math.log(r)),
    total: rate.reduce((a, b) => a + b, 0),
  };
});

export function latentState(cultivating: boolean, tapping: boolean, groupB: boolean): LatentState {
  if (cultivating) return tapping ? TAPPING : METERED;
  return groupB ? IDLE_B : IDLE_A;
}

export function stateRates(state: LatentState): StateRates {
  const rates = STATE_RATES[state];
  if (!rates) throw new Error(`unknown latent state ${state}`);
  return rates;
}

/** log P(report counts per category | state), without the −Σ log k! that all states share. */
export function reportLogLikelihood(counts: readonly number[], state: LatentState): number {
  const rates = stateRates(state);
  let sum = -rates.total;
  for (let i = 0; i < counts.length; i++) {
    const k = counts[i] ?? 0;
    if (k > 0) sum += k * (rates.log[i] ?? 0);
  }
  return sum;
}

/** Trigger of each category (indexed like REPORT_CATEGORIES): probability 0 = never. */
export const CATEGORY_TRIGGERS: readonly { reason: InspectionReason; probability: number }[] = REPORT_CATEGORIES.map(
  (category) => TRIGGERS[category] ?? { reason: 'other', probability: 0 },
);

export const SUSPICIOUS_ACTIVITY = REPORT_CATEGORIES.indexOf('suspicious_activity');

/** Sources and their weights per category (indexed like REPORT_CATEGORIES). */
export const CATEGORY_SOURCES: readonly { sources: ReportSource[]; weights: number[] }[] = REPORT_CATEGORIES.map((category) => {
  const entries = Object.entries(REPORT_SOURCE_WEIGHTS[category]) as [ReportSource, number][];
  return { sources: entries.map(([source]) => source), weights: entries.map(([, weight]) => weight) };
});

/**
 * P(an address is drawn for the random sample of a year): the same for every address that
 * exists that year and independent of everything about it, so the drawing probability of
 * a random control is known exactly; it is written as the control's selection_probability.
 */
export const RANDOM_SELECTION_PROBABILITY = -Math.expm1(-CONTROLS.random);
/**
 * A uniform draw at or above this draws the address: probability 1 − e^(−rate). It is the
 * very draw by which a Poisson count of that rate is at least one, so a seed's city keeps
 * every other draw it had when the random controls of a year were such a count.
 */
export const RANDOM_SELECTION_THRESHOLD = Math.exp(-CONTROLS.random);

/** Expected number of triggered and police controls in a year while cultivating, per tapping choice. */
function cultivatingControlRate(state: LatentState): number {
  const rates = stateRates(state);
  let sum = CONTROLS.policeCultivating;
  CATEGORY_TRIGGERS.forEach((trigger, i) => {
    sum += (rates.rate[i] ?? 0) * trigger.probability;
  });
  return sum;
}

/**
 * P(no control finds the cultivation in a year | cultivating, tapping choice). Triggered
 * and police controls are a sum of independent Poisson streams (thinned report streams,
 * police) and each succeeds unless there is no access, so their successes are Poisson
 * too; the random sample adds one control with RANDOM_SELECTION_PROBABILITY, independently.
 */
function missedWhileCultivating(state: LatentState): number {
  const access = 1 - CONTROLS.noAccess;
  return Math.exp(-access * cultivatingControlRate(state)) * (1 - RANDOM_SELECTION_PROBABILITY * access);
}

/** P(at least one control finds the cultivation in a year | cultivating). */
export const DETECTION_PROBABILITY =
  ENERGY.tappingShare * (1 - missedWhileCultivating(TAPPING)) + (1 - ENERGY.tappingShare) * (1 - missedWhileCultivating(METERED));
