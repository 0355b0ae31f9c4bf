/**
 * Controls with reason `police` come from two streams that the files do not tell apart:
 * suspicious-activity reports that trigger one (independent of the latent state given the
 * report) and police intelligence (a Poisson stream whose rate depends on it). The exact
 * likelihood sums over every way to split the observed controls between the two.
 */
import { CONTROLS, TRIGGERS } from './params.ts';

const TRIGGER_PROBABILITY = TRIGGERS.suspicious_activity?.probability ?? 0;

/**
 * P(a control triggered by a report on day `reportDay` falls on `controlDay`): the delay is
 * uniform on 1..maxDelayDays and a control that would fall in the next year is held on 31 December.
 */
export function triggeredDayProbability(reportDay: number, controlDay: number, daysInYear: number): number {
  const maxDelay = CONTROLS.maxDelayDays;
  if (controlDay === daysInYear) {
    const delays = maxDelay - Math.max(1, daysInYear - reportDay) + 1;
    return delays > 0 ? delays / maxDelay : 0;
  }
  if (controlDay <= reportDay || controlDay - reportDay > maxDelay) return 0;
  return 1 / maxDelay;
}

/** The day a control triggered by a report on `reportDay` takes place, given the drawn delay. */
export function triggeredDay(reportDay: number, delay: number, daysInYear: number): number {
  return Math.min(daysInYear, reportDay + delay);
}

function popcount(mask: number): number {
  let count = 0;
  for (let m = mask; m !== 0; m &= m - 1) count += 1;
  return count;
}

function accumulate(into: Map<number, Float64Array>, mask: number, weights: Float64Array, factor: number, shift: number): void {
  let target = into.get(mask);
  if (!target) {
    target = new Float64Array(weights.length);
    into.set(mask, target);
  }
  for (let k = 0; k + shift < weights.length; k++) target[k + shift] = (target[k + shift] ?? 0) + factor * (weights[k] ?? 0);
}

/**
 * W[k]: the total weight of explaining the police controls with exactly k of them from
 * intelligence and each other one by a distinct suspicious-activity report, as
 * Π(trigger probability × P(day | report)) × (1 − trigger probability)^(reports unused).
 * Days are days of the year (1 = 1 January).
 */
export function policeMatchWeights(
  days: { controlDays: readonly number[]; reportDays: readonly number[] },
  daysInYear: number,
): Float64Array {
  const { controlDays, reportDays } = days;
  if (reportDays.length > 30) throw new Error(`too many suspicious-activity reports in one year (${reportDays.length})`);
  const start = new Float64Array(controlDays.length + 1);
  start[0] = 1;
  let states = new Map<number, Float64Array>([[0, start]]);
  for (const controlDay of controlDays) {
    const next = new Map<number, Float64Array>();
    for (const [mask, weights] of states) {
      accumulate(next, mask, weights, 1, 1);
      reportDays.forEach((reportDay, j) => {
        const q = mask & (1 << j) ? 0 : triggeredDayProbability(reportDay, controlDay, daysInYear);
        if (q > 0) accumulate(next, mask | (1 << j), weights, TRIGGER_PROBABILITY * q, 0);
      });
    }
    states = next;
  }
  const total = new Float64Array(controlDays.length + 1);
  for (const [mask, weights] of states) {
    const unused = (1 - TRIGGER_PROBABILITY) ** (reportDays.length - popcount(mask));
    weights.forEach((weight, k) => (total[k] = (total[k] ?? 0) + unused * weight));
  }
  return total;
}

/** log P(police controls | suspicious-activity reports, intelligence rate), up to shared factors. */
export function policeLogLikelihood(weights: Float64Array, intelligenceRate: number, daysInYear: number): number {
  // Intelligence controls fall uniformly on days 2..N, like every other signal.
  const perDay = intelligenceRate / (daysInYear - 1);
  let sum = 0;
  let power = 1;
  for (const weight of weights) {
    sum += weight * power;
    power *= perDay;
  }
  return -intelligenceRate + Math.log(sum);
}
