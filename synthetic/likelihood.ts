import { daysInYear } from './calendar.ts';
import { registrationsLogLikelihood } from './companies.ts';
import { outcomesLogLikelihood } from './controls.ts';
import { electricityLogDensities, electricityLogMean } from './energy.ts';
import { CONTROLS, ENERGY, OCCUPANCY } from './params.ts';
import { policeLogLikelihood, policeMatchWeights } from './police.ts';
import { IDLE_A, IDLE_B, METERED, reportLogLikelihood, SUSPICIOUS_ACTIVITY, TAPPING } from './rates.ts';
import type { YearObservation } from './signals.ts';
import type { Address } from './types.ts';

/** log P(year's signals | c, g) for [c=0 g=a, c=1 g=a, c=0 g=b, c=1 g=b], up to one shared factor. */
export type YearLogLikelihoods = [idleA: number, cultivatingA: number, idleB: number, cultivatingB: number];

const LOG_TAPPING = Math.log(ENERGY.tappingShare);
const LOG_METERED = Math.log(1 - ENERGY.tappingShare);

function occupancyLogLikelihood(persons: number, cultivating: boolean): number {
  const zero = cultivating ? OCCUPANCY.zeroWhenCultivating : OCCUPANCY.zeroOtherwise;
  // Non-zero counts always equal the (static) household size, whose prior is shared by every state.
  return Math.log(persons === 0 ? zero : 1 - zero);
}

function logSumExp(a: number, b: number): number {
  const max = Math.max(a, b);
  if (max === Number.NEGATIVE_INFINITY) return max;
  return max + Math.log(Math.exp(a - max) + Math.exp(b - max));
}

/** Police-reason controls, explained by suspicious-activity reports or intelligence: [idle, cultivating]. */
function policeLogLikelihoods(observation: YearObservation, year: number): [number, number] {
  const controlDays = observation.controls.filter((c) => c.reason === 'police').map((c) => c.day);
  const reportDays = observation.reports.filter((r) => r.category === SUSPICIOUS_ACTIVITY).map((r) => r.day);
  const lastDay = daysInYear(year);
  const weights = policeMatchWeights({ controlDays, reportDays }, lastDay);
  return [policeLogLikelihood(weights, CONTROLS.policeIdle, lastDay), policeLogLikelihood(weights, CONTROLS.policeCultivating, lastDay)];
}

/**
 * The exact likelihood of one address-year under the sampler in signals.ts. Factors that
 * are the same for all four (c, g) — gas, smart meter, report sources and dates, control
 * triggers of non-police reasons, random controls, registration dates and lifetimes —
 * are left out; everything that differs between any two of them is in.
 */
export function yearLogLikelihoods(address: Address, year: number, observation: YearObservation): YearLogLikelihoods {
  const [normal, meteredGrow] = electricityLogDensities(observation.electricityKwh, electricityLogMean(address, observation.persons));
  const [policeIdle, policeCultivating] = policeLogLikelihoods(observation, year);
  const idle =
    occupancyLogLikelihood(observation.persons, false) +
    normal +
    registrationsLogLikelihood(observation.registrations, false) +
    outcomesLogLikelihood(observation.controls, false) +
    policeIdle;
  const cultivating =
    occupancyLogLikelihood(observation.persons, true) +
    registrationsLogLikelihood(observation.registrations, true) +
    outcomesLogLikelihood(observation.controls, true) +
    policeCultivating +
    // The tapping choice is latent: mix over it, with the reports it shifts (grid fraud alerts).
    logSumExp(
      LOG_TAPPING + normal + reportLogLikelihood(observation.reportCounts, TAPPING),
      LOG_METERED + meteredGrow + reportLogLikelihood(observation.reportCounts, METERED),
    );
  return [
    idle + reportLogLikelihood(observation.reportCounts, IDLE_A),
    cultivating,
    idle + reportLogLikelihood(observation.reportCounts, IDLE_B),
    cultivating,
  ];
}
