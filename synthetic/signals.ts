import { randomDayInYear } from './calendar.ts';
import { drawRegistrations, type Registration } from './companies.ts';
import { drawControls, isFind, type ControlDraw, type ReportDraw } from './controls.ts';
import { drawElectricityKwh, drawGasM3, electricityLogMean } from './energy.ts';
import { ENERGY, OCCUPANCY } from './params.ts';
import { CATEGORY_SOURCES, latentState, METERED, stateRates, type LatentState } from './rates.ts';
import type { Rng } from './rng.ts';
import type { Address, ReportSource } from './types.ts';

/** Everything one address shows in one year; given c_t, g and the past the parts are independent. */
export interface YearObservation {
  /** Registered persons from the day of change in this year on. */
  persons: number;
  electricityKwh: number;
  /** m³, null without a gas connection. */
  gasM3: number | null;
  smartMeter: boolean;
  /** Reports per category, indexed like REPORT_CATEGORIES. */
  reportCounts: number[];
  /** Sorted by day. */
  reports: ReportDraw[];
  registrations: Registration[];
  /** Sorted by day. */
  controls: ControlDraw[];
  /** Some control found a cultivation or its preparation: the year's label. */
  found: boolean;
}

function drawPersons(rng: Rng, address: Address, cultivating: boolean): number {
  const zero = cultivating ? OCCUPANCY.zeroWhenCultivating : OCCUPANCY.zeroOtherwise;
  return rng.bernoulli(zero) ? 0 : address.householdSize;
}

/** Who filed a report: independent of the latent state; only tenants of a corporation reach it. */
function drawSource(rng: Rng, address: Address, category: number): ReportSource {
  const options = CATEGORY_SOURCES[category];
  const source = options?.sources[rng.categorical(options.weights)] ?? 'municipality';
  return source === 'housing_corporation' && address.ownership !== 'social_rent' ? 'municipality' : source;
}

function drawReports(rng: Rng, address: Address, year: number, state: LatentState): { counts: number[]; reports: ReportDraw[] } {
  const rates = stateRates(state);
  const counts = rates.rate.map((rate, i) => rng.poisson(rate, rates.expMinus[i]));
  const reports: ReportDraw[] = [];
  counts.forEach((count, category) => {
    for (let k = 0; k < count; k++) reports.push({ day: randomDayInYear(rng, year), category, source: drawSource(rng, address, category) });
  });
  return { counts, reports: reports.sort((a, b) => a.day - b.day) };
}

/** Samples the signals of `year` for an address whose latent state that year is `cultivating`. */
export function sampleYear(rng: Rng, address: Address, year: number, cultivating: boolean): YearObservation {
  const tapping = cultivating && rng.bernoulli(ENERGY.tappingShare);
  const state = latentState(cultivating, tapping, address.groupB);
  const persons = drawPersons(rng, address, cultivating);
  const electricityKwh = drawElectricityKwh(rng, electricityLogMean(address, persons), state === METERED);
  const gasM3 = drawGasM3(rng, address, persons);
  const { counts, reports } = drawReports(rng, address, year, state);
  const registrations = drawRegistrations(rng, year, cultivating);
  const controls = drawControls(rng, year, reports, cultivating);
  return {
    persons,
    electricityKwh,
    gasM3,
    smartMeter: year >= address.smartMeterYear,
    reportCounts: counts,
    reports,
    registrations,
    controls,
    found: controls.some((control) => isFind(control.outcome)),
  };
}
