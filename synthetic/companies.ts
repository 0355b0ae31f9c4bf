/**
 * KvK registrations. New ones arrive as a Poisson stream per SBI code whose rate is a
 * background share plus, while cultivating, a front-company share (Poisson thinning), so
 * the likelihood of a year's registrations is closed form. Lifetimes are independent of
 * everything and cancel from the posterior.
 */
import { dateAfter, isoDate, randomDateBetween, randomDayInYear } from './calendar.ts';
import { COMPANIES } from './params.ts';
import type { Rng } from './rng.ts';

export interface Registration {
  /** `YYYY-MM-DD`. */
  from: string;
  /**
   * Deregistration date, `YYYY-MM-DD`, drawn when the registration is made but known only
   * once it has passed: a delivery shows it when it falls in a year the delivery covers.
   */
  end: string;
  endYear: number;
  sbi: string;
}

/** The `registered_to` a delivery covering years up to `throughYear` shows: null while still registered then. */
export function knownEnd(registration: Registration, throughYear: number): string | null {
  return registration.endYear <= throughYear ? registration.end : null;
}

function normalised(weights: Readonly<Record<string, number>>): Map<string, number> {
  const total = Object.values(weights).reduce((a, b) => a + b, 0);
  return new Map(Object.entries(weights).map(([code, w]) => [code, w / total]));
}

const BACKGROUND_SHARES = normalised(COMPANIES.backgroundSbi);
const CULTIVATING_SHARES = normalised(COMPANIES.cultivatingSbi);
const SBI_CODES = [...new Set([...BACKGROUND_SHARES.keys(), ...CULTIVATING_SHARES.keys()])].sort();

/** Yearly rate of registrations with each SBI code, not cultivating [0] and cultivating [1]. */
const SBI_LOG_RATES = new Map(
  SBI_CODES.map((code) => {
    const background = COMPANIES.backgroundRate * (BACKGROUND_SHARES.get(code) ?? 0);
    const front = COMPANIES.cultivatingRate * (CULTIVATING_SHARES.get(code) ?? 0);
    return [code, [Math.log(background), Math.log(background + front)] as const];
  }),
);
const TOTAL_RATE = [COMPANIES.backgroundRate, COMPANIES.backgroundRate + COMPANIES.cultivatingRate] as const;
const EXP_MINUS_TOTAL = TOTAL_RATE.map((r) => Math.exp(-r));

function drawSbi(rng: Rng, shares: ReadonlyMap<string, number>): string {
  const codes = [...shares.keys()];
  return codes[rng.categorical([...shares.values()])] ?? SBI_CODES[0] ?? '0000';
}

/** Deregistration date of a registration made on day `day` of `year`. */
function drawEnd(rng: Rng, year: number, day: number): { end: string; endYear: number } {
  const lifetimeDays = Math.ceil(-Math.log(rng.uniformPositive()) * COMPANIES.meanLifetimeYears * 365.25);
  const end = dateAfter(year, day, lifetimeDays);
  return { end: end.iso, endYear: end.year };
}

/** Registrations made in `year`; `sbi` of each is what the likelihood conditions on. */
export function drawRegistrations(rng: Rng, year: number, cultivating: boolean): Registration[] {
  const state = cultivating ? 1 : 0;
  const count = rng.poisson(TOTAL_RATE[state], EXP_MINUS_TOTAL[state]);
  const registrations: Registration[] = [];
  for (let i = 0; i < count; i++) {
    const front = cultivating && rng.bernoulli(COMPANIES.cultivatingRate / TOTAL_RATE[1]);
    const sbi = drawSbi(rng, front ? CULTIVATING_SHARES : BACKGROUND_SHARES);
    const day = randomDayInYear(rng, year);
    registrations.push({ from: isoDate(year, day), ...drawEnd(rng, year, day), sbi });
  }
  return registrations;
}

/** A registration still open on 1 January of `startYear` (a background one), or null. */
export function drawExistingRegistration(rng: Rng, startYear: number, buildingYear: number): Registration | null {
  if (!rng.bernoulli(COMPANIES.existingAtStart)) return null;
  const from = randomDateBetween(rng, Math.max(buildingYear, startYear - 15), startYear - 1);
  // Exponential lifetimes are memoryless: the rest of an open registration's life is one more draw.
  const end = drawEnd(rng, startYear, 1);
  return { from: isoDate(from.year, from.day), ...end, sbi: drawSbi(rng, BACKGROUND_SHARES) };
}

/** log P(this year's registrations | cultivating), without factors every state shares. */
export function registrationsLogLikelihood(registrations: readonly Registration[], cultivating: boolean): number {
  const state = cultivating ? 1 : 0;
  let sum = -TOTAL_RATE[state];
  for (const registration of registrations) sum += SBI_LOG_RATES.get(registration.sbi)?.[state] ?? Number.NEGATIVE_INFINITY;
  return sum;
}
