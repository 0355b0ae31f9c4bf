import { isoDate, randomDateBetween, randomDayInYear, type Calendar } from './calendar.ts';
import { drawExistingRegistration } from './companies.ts';
import type { CsvSink } from './csv-sink.ts';
import { yearLogLikelihoods } from './likelihood.ts';
import { OccupancyLedger } from './occupancy.ts';
import { CHAIN, OCCUPANCY } from './params.ts';
import { Posterior } from './posterior.ts';
import { initialCultivationProbability, nextCultivationProbability, startHazard } from './risk.ts';
import type { Rng } from './rng.ts';
import { companyLine, energyLine, inspectionLine, reportLine, sequenceId, truthLine } from './rows.ts';
import { sampleYear, type YearObservation } from './signals.ts';
import { REPORT_CATEGORIES, type Address, type Neighbourhood } from './types.ts';

export interface SimulationSinks {
  energy: CsvSink;
  reports: CsvSink;
  inspections: CsvSink;
  companies: CsvSink;
  truth: CsvSink;
}

/**
 * Runs the latent chains and their signals year by year over all addresses (a year must
 * finish everywhere before the next: start hazards depend on last years' observed finds in
 * the neighbourhood), with the exact filter alongside to produce p_bayes before each year.
 */
export class Simulation {
  private readonly cultivating: Uint8Array;
  /** Year of the latest find at each address, 0 when none. */
  private readonly lastFound: Int32Array;
  /** Finds per neighbourhood, per simulated year. */
  private readonly finds = new Map<number, Int32Array>();
  private readonly posterior: Posterior;
  readonly occupancy: OccupancyLedger;
  private reportSequence = 0;
  private inspectionSequence = 0;
  readonly activePerYear: Record<number, number> = {};
  readonly positivesPerYear: Record<number, number> = {};

  constructor(
    private readonly rng: Rng,
    private readonly addresses: readonly Address[],
    private readonly neighbourhoods: readonly Neighbourhood[],
    private readonly calendar: Calendar,
    private readonly sinks: SimulationSinks,
  ) {
    this.cultivating = new Uint8Array(addresses.length);
    this.lastFound = new Int32Array(addresses.length);
    this.posterior = new Posterior(addresses.map((a) => a.neighbourhood.groupBShare));
    this.occupancy = new OccupancyLedger(addresses.map((a) => a.id));
  }

  /** Registrations (persons, companies) already in place before the first simulated year. */
  start(): void {
    const { startYear, endYear } = this.calendar;
    for (const address of this.addresses) {
      if (address.buildingYear >= startYear) continue;
      if (!this.rng.bernoulli(OCCUPANCY.vacantAtStart)) {
        const from = randomDateBetween(this.rng, Math.max(address.buildingYear, startYear - 20), startYear - 1);
        this.occupancy.change(address.index, isoDate(from.year, from.day), address.householdSize);
      }
      const registration = drawExistingRegistration(this.rng, startYear, address.buildingYear, endYear);
      if (registration) this.sinks.companies.push(companyLine(address.id, registration));
    }
  }

  /** Observed finds per 1,000 dwellings over the window before `year`, per neighbourhood. */
  neighbourhoodFindRates(year: number): Float64Array {
    const rates = new Float64Array(this.neighbourhoods.length);
    for (let past = year - CHAIN.neighbourhoodWindowYears; past < year; past++) {
      this.finds.get(past)?.forEach((count, n) => (rates[n] = (rates[n] ?? 0) + count));
    }
    this.neighbourhoods.forEach((n) => (rates[n.index] = n.size > 0 ? ((rates[n.index] ?? 0) * 1000) / n.size : 0));
    this.finds.set(year, new Int32Array(this.neighbourhoods.length));
    this.activePerYear[year] = 0;
    this.positivesPerYear[year] = 0;
    return rates;
  }

  /** One address through one year: latent state, p_bayes before the year, signals, filter update. */
  step(address: Address, year: number, findRates: Float64Array): void {
    const i = address.index;
    if (year < address.firstYear) {
      this.sinks.truth.push(truthLine(address.id, year, false, 0, address.groupB));
      return;
    }
    const first = year === address.firstYear;
    const foundLastYear = this.lastFound[i] === year - 1;
    const hazard = startHazard(address.staticRisk, (this.lastFound[i] ?? 0) > 0, findRates[address.neighbourhood.index] ?? 0);
    const probability = first ? initialCultivationProbability(hazard) : nextCultivationProbability(this.cultivating[i] ?? 0, foundLastYear, hazard);
    const cultivating = this.rng.bernoulli(probability);
    const pBayes = this.posterior.predict(i, first, foundLastYear, hazard);
    const observation = sampleYear(this.rng, address, year, cultivating, this.calendar.endYear);
    this.posterior.update(i, yearLogLikelihoods(address, year, observation));
    this.record(address, year, observation);
    this.sinks.truth.push(truthLine(address.id, year, cultivating, pBayes, address.groupB));
    this.cultivating[i] = cultivating ? 1 : 0;
    if (cultivating) this.activePerYear[year] = (this.activePerYear[year] ?? 0) + 1;
    if (observation.found) this.recordFind(address, year);
  }

  private recordFind(address: Address, year: number): void {
    this.lastFound[address.index] = year;
    const finds = this.finds.get(year);
    if (finds) finds[address.neighbourhood.index] = (finds[address.neighbourhood.index] ?? 0) + 1;
    this.positivesPerYear[year] = (this.positivesPerYear[year] ?? 0) + 1;
  }

  /** Writes the year's observable rows. */
  private record(address: Address, year: number, observation: YearObservation): void {
    const id = address.id;
    if (observation.persons !== this.occupancy.current(address.index)) {
      this.occupancy.change(address.index, this.calendar.date(year, randomDayInYear(this.rng, year)), observation.persons);
    }
    this.sinks.energy.push(energyLine(id, year, observation.electricityKwh, observation.gasM3, observation.smartMeter));
    for (const report of observation.reports) {
      const category = REPORT_CATEGORIES[report.category] ?? 'other';
      this.sinks.reports.push(reportLine(sequenceId('R', ++this.reportSequence), id, this.calendar.date(year, report.day), category, report.source));
    }
    for (const control of observation.controls) {
      const inspectionId = sequenceId('I', ++this.inspectionSequence);
      const on = this.calendar.date(year, control.day);
      this.sinks.inspections.push(inspectionLine(inspectionId, id, on, control.reason, control.outcome, control.selectionProbability));
    }
    for (const registration of observation.registrations) this.sinks.companies.push(companyLine(id, registration));
  }
}
