import { isoDate, randomDateBetween, randomDayInYear, type Calendar } from './calendar.ts';
import { drawExistingRegistration, type Registration } from './companies.ts';
import { isFind, type ControlDraw } from './controls.ts';
import type { CsvSink } from './csv-sink.ts';
import { detectionProbability, drawExtraOutcomes, type ExtraControl, type ExtraOutcome } from './intervention.ts';
import { yearLogLikelihoods } from './likelihood.ts';
import { OccupancyLedger } from './occupancy.ts';
import { CHAIN, OCCUPANCY } from './params.ts';
import { Posterior } from './posterior.ts';
import { initialCultivationProbability, nextCultivationProbability, startHazard } from './risk.ts';
import type { Rng, RngFamily } from './rng.ts';
import { energyLine, inspectionLine, reportLine, sequenceId, truthLine } from './rows.ts';
import { sampleYear, type YearObservation } from './signals.ts';
import { REPORT_CATEGORIES, type Address, type InspectionReason, type Neighbourhood } from './types.ts';

/** The files that get rows of each simulated year as it runs. */
export interface YearSinks {
  energy: CsvSink;
  reports: CsvSink;
  inspections: CsvSink;
  truth: CsvSink;
}

/** The latent truth of a finished year, per address index. */
export interface YearTruth {
  year: number;
  cultivating: Uint8Array;
  /** Some control of the year found a cultivation or its preparation: the label. */
  found: Uint8Array;
  /** p_bayes as truth.csv has it: with the year's extra controls. */
  pBayes: Float64Array;
  /** Controls with a find, per reason (an address found twice counts twice). */
  findsByReason: Record<InspectionReason, number>;
  extra: ExtraOutcome[];
}

/** Random streams of the dynamics: one generator per (address, year) in each. */
export interface SimulationStreams {
  dynamics: RngFamily;
  interventions: RngFamily;
}

/** Key of the draws made before the first simulated year (registrations already in place). */
const BEFORE_START = 0;

/**
 * Runs the latent chains and their signals year by year over all addresses (a year must
 * finish everywhere before the next: start hazards depend on last years' observed finds in
 * the neighbourhood), with the exact filter alongside to produce p_bayes before each year.
 * Each address-year draws from its own generator, so what happens at one address never
 * shifts the random numbers of another.
 */
export class Simulation {
  private readonly cultivating: Uint8Array;
  /** Year of the latest find at each address, 0 when none. */
  private readonly lastFound: Int32Array;
  /** Finds per neighbourhood, per simulated year. */
  private readonly finds = new Map<number, Int32Array>();
  private readonly posterior: Posterior;
  /** Of the open year, per address: the start hazard and P(c = 1 | the observed past). */
  private readonly hazard: Float64Array;
  private readonly prior: Float64Array;
  private truth: YearTruth | null = null;
  readonly occupancy: OccupancyLedger;
  /** Every KvK registration so far, in the order made: a delivery carries them all (a history file). */
  readonly registrations: Array<{ address: number; registration: Registration }> = [];
  private reportSequence = 0;
  private inspectionSequence = 0;
  readonly activePerYear: Record<number, number> = {};
  readonly positivesPerYear: Record<number, number> = {};

  constructor(
    private readonly streams: SimulationStreams,
    private readonly addresses: readonly Address[],
    private readonly neighbourhoods: readonly Neighbourhood[],
    private readonly calendar: Calendar,
  ) {
    this.cultivating = new Uint8Array(addresses.length);
    this.lastFound = new Int32Array(addresses.length);
    this.hazard = new Float64Array(addresses.length);
    this.prior = new Float64Array(addresses.length);
    this.posterior = new Posterior(addresses.map((a) => a.neighbourhood.groupBShare));
    this.occupancy = new OccupancyLedger(addresses.map((a) => a.id));
  }

  /** Registrations (persons, companies) already in place before the first simulated year. */
  start(): void {
    const { startYear } = this.calendar;
    for (const address of this.addresses) {
      if (address.buildingYear >= startYear) continue;
      const rng = this.streams.dynamics.at(address.index, BEFORE_START);
      if (!rng.bernoulli(OCCUPANCY.vacantAtStart)) {
        const from = randomDateBetween(rng, Math.max(address.buildingYear, startYear - 20), startYear - 1);
        this.occupancy.change(address.index, isoDate(from.year, from.day), address.householdSize);
      }
      const registration = drawExistingRegistration(rng, startYear, address.buildingYear);
      if (registration) this.registrations.push({ address: address.index, registration });
    }
  }

  /**
   * Moves every address into `year` and returns p_bayes before any control of the year
   * is chosen: P(label = 1 | everything dated before 1 January) with the city's own
   * controls only (0 where the dwelling does not exist yet).
   */
  openYear(year: number): Float64Array {
    const findRates = this.neighbourhoodFindRates(year);
    const pBayes = new Float64Array(this.addresses.length);
    for (const address of this.addresses) {
      const i = address.index;
      if (year < address.firstYear) {
        this.prior[i] = 0;
        continue;
      }
      const hazard = startHazard(address.staticRisk, (this.lastFound[i] ?? 0) > 0, findRates[address.neighbourhood.index] ?? 0);
      this.hazard[i] = hazard;
      this.prior[i] = this.posterior.predict(i, year === address.firstYear, this.lastFound[i] === year - 1, hazard);
      pBayes[i] = this.prior[i]! * detectionProbability(0);
    }
    this.truth = {
      year,
      cultivating: new Uint8Array(this.addresses.length),
      found: new Uint8Array(this.addresses.length),
      pBayes: new Float64Array(this.addresses.length),
      findsByReason: { tip: 0, police: 0, risk_model: 0, random: 0, other: 0 },
      extra: [],
    };
    return pBayes;
  }

  /** The truth of the open year so far (complete once every address has stepped). */
  yearTruth(): YearTruth {
    if (!this.truth) throw new Error('no year is open');
    return this.truth;
  }

  /** Observed finds per 1,000 dwellings over the window before `year`, per neighbourhood. */
  private neighbourhoodFindRates(year: number): Float64Array {
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

  /** One address through the open year: latent state, signals, the extra controls sent to it, filter update. */
  step(address: Address, year: number, sinks: YearSinks, extra: readonly ExtraControl[] = []): void {
    const i = address.index;
    const truth = this.yearTruth();
    if (year < address.firstYear) {
      sinks.truth.push(truthLine(address.id, year, false, 0, address.groupB));
      return;
    }
    const rng = this.streams.dynamics.at(i, year);
    const hazard = this.hazard[i] ?? 0;
    const probability =
      year === address.firstYear
        ? initialCultivationProbability(hazard)
        : nextCultivationProbability(this.cultivating[i] ?? 0, this.lastFound[i] === year - 1, hazard);
    const cultivating = rng.bernoulli(probability);
    const observation = sampleYear(rng, address, year, cultivating);
    if (extra.length > 0) {
      const outcomes = drawExtraOutcomes(this.streams.interventions.at(i, year), extra, cultivating);
      addControls(observation, outcomes);
      for (const outcome of outcomes) truth.extra.push(outcome);
    }
    const pBayes = (this.prior[i] ?? 0) * detectionProbability(extra.length);
    this.posterior.update(i, yearLogLikelihoods(address, year, observation));
    this.record(rng, address, year, observation, sinks);
    sinks.truth.push(truthLine(address.id, year, cultivating, pBayes, address.groupB));
    this.cultivating[i] = cultivating ? 1 : 0;
    truth.cultivating[i] = this.cultivating[i]!;
    truth.pBayes[i] = pBayes;
    if (cultivating) this.activePerYear[year] = (this.activePerYear[year] ?? 0) + 1;
    for (const control of observation.controls) if (isFind(control.outcome)) truth.findsByReason[control.reason] += 1;
    if (observation.found) {
      truth.found[i] = 1;
      this.recordFind(address, year);
    }
  }

  private recordFind(address: Address, year: number): void {
    this.lastFound[address.index] = year;
    const finds = this.finds.get(year);
    if (finds) finds[address.neighbourhood.index] = (finds[address.neighbourhood.index] ?? 0) + 1;
    this.positivesPerYear[year] = (this.positivesPerYear[year] ?? 0) + 1;
  }

  /** Writes the year's observable rows. */
  private record(rng: Rng, address: Address, year: number, observation: YearObservation, sinks: YearSinks): void {
    const id = address.id;
    if (observation.persons !== this.occupancy.current(address.index)) {
      this.occupancy.change(address.index, this.calendar.date(year, randomDayInYear(rng, year)), observation.persons);
    }
    sinks.energy.push(energyLine(id, year, observation.electricityKwh, observation.gasM3, observation.smartMeter));
    for (const report of observation.reports) {
      const category = REPORT_CATEGORIES[report.category] ?? 'other';
      sinks.reports.push(
        reportLine(sequenceId('R', ++this.reportSequence), id, this.calendar.date(year, report.day), category, report.source),
      );
    }
    for (const control of observation.controls) {
      const inspectionId = sequenceId('I', ++this.inspectionSequence);
      const on = this.calendar.date(year, control.day);
      sinks.inspections.push(inspectionLine(inspectionId, id, on, control.reason, control.outcome, control.selectionProbability));
    }
    for (const registration of observation.registrations) this.registrations.push({ address: address.index, registration });
  }
}

/** Merges extra controls into the year's own, in day order (own first on a shared day), and updates the label. */
function addControls(observation: YearObservation, extra: readonly ExtraOutcome[]): void {
  const merged: ControlDraw[] = observation.controls.concat(
    extra.map(({ day, reason, outcome, selectionProbability }) => ({ day, reason, outcome, selectionProbability })),
  );
  observation.controls = merged.sort((a, b) => a.day - b.day);
  observation.found = observation.controls.some((control) => isFind(control.outcome));
}
