import { z } from 'zod';
import { buildAddresses } from './addresses.ts';
import { Calendar } from './calendar.ts';
import { layoutCity } from './city.ts';
import { Delivery } from './delivery.ts';
import { checkExtraControls, type ExtraControl } from './intervention.ts';
import { RngFamily, Rng } from './rng.ts';
import { addressLine, companyLine, type OutputFile } from './rows.ts';
import { Simulation, type YearTruth } from './simulation.ts';
import type { Address } from './types.ts';

export interface MunicipalityOptions {
  /** Number of dwellings. */
  addresses: number;
  seed: number;
  /** First and last year the city can be run to (inclusive): the layout depends on both. */
  startYear: number;
  endYear: number;
  /** CBS municipality code, 4 digits; default '0034' (Almere). */
  municipalityCode?: string;
}

export const municipalityOptionsSchema = z
  .object({
    addresses: z.number().int().min(1),
    seed: z.number().int(),
    // The contract's energy years start at 2000.
    startYear: z.number().int().min(2000),
    endYear: z.number().int(),
    municipalityCode: z
      .string()
      .regex(/^[0-9]{4}$/, 'must be 4 digits')
      .default('0034'),
  })
  .refine((o) => o.endYear >= o.startYear, { message: 'endYear must not be before startYear', path: ['endYear'] });

/** Separate random streams, so changing one part of the model leaves the others' draws alone. */
const LAYOUT_STREAM = 1;
const DYNAMICS_STREAM = 2;
/** Outcomes of controls sent from outside (intervention.ts): never drawn from the city's own numbers. */
const INTERVENTION_STREAM = 3;
/** Addresses stepped between two checks on the writers' back-pressure. */
const CHUNK = 2000;

/**
 * The synthetic municipality run one year at a time. Before a year, `openYear` gives
 * p_bayes of every address; the year then runs with any extra controls a caller sends
 * (a risk list, a random sample) and writes its rows into a delivery. Without extra
 * controls, one delivery over all years is exactly what `hennep generate` writes.
 *
 * Under intervention "the same city" means: the same layout, dwellings and protected
 * groups, and the same random numbers for every address-year (each has its own
 * generator), so an address's latent state changes only where an extra control's find
 * changes its chain or its neighbourhood's hazard (the same uniform is then held against
 * the new probability), and its signals change only in a year whose latent state did.
 */
export class SyntheticMunicipality {
  readonly addresses: readonly Address[];
  readonly years: readonly [number, number];
  private readonly simulation: Simulation;
  private next: number;
  private open: number | null = null;

  private constructor(options: z.output<typeof municipalityOptionsSchema>) {
    this.years = [options.startYear, options.endYear];
    const layoutRng = new Rng(options.seed, LAYOUT_STREAM);
    const city = layoutCity(layoutRng, options.municipalityCode, options.addresses);
    this.addresses = buildAddresses(layoutRng, city, options);
    const streams = {
      dynamics: new RngFamily(options.seed, DYNAMICS_STREAM),
      interventions: new RngFamily(options.seed, INTERVENTION_STREAM),
    };
    this.simulation = new Simulation(streams, this.addresses, city.neighbourhoods, new Calendar(options.startYear, options.endYear));
    this.simulation.start();
    this.next = options.startYear;
  }

  static create(options: MunicipalityOptions): SyntheticMunicipality {
    return new SyntheticMunicipality(municipalityOptionsSchema.parse(options));
  }

  /** The year `openYear` moves into next; null when every year has run. */
  get nextYear(): number | null {
    return this.next <= this.years[1] ? this.next : null;
  }

  /** Whether the dwelling exists in `year` (its building year is in addresses.csv: observable). */
  exists(index: number, year: number): boolean {
    const address = this.addresses[index];
    return address !== undefined && address.firstYear <= year;
  }

  /** Moves into the next year; returns each address's p_bayes before any extra control (index = Address.index). */
  openYear(): { year: number; pBayes: Float64Array } {
    if (this.open !== null) throw new Error(`year ${this.open} is open: run it first`);
    const year = this.nextYear;
    if (year === null) throw new Error(`the city was laid out for ${this.years[0]}–${this.years[1]}; every year has run`);
    this.open = year;
    return { year, pBayes: this.simulation.openYear(year) };
  }

  /** Runs the open year with `extra` controls on top of the city's own, writing its rows into `delivery`. */
  async runYear(
    delivery: Delivery,
    extra: readonly ExtraControl[] = [],
    onProgress?: (done: number, total: number) => void,
  ): Promise<YearTruth> {
    const year = this.open;
    if (year === null) throw new Error('no year is open: call openYear first');
    checkExtraControls(extra, year, this.addresses.length, (i) => this.exists(i, year));
    const byAddress = new Map<number, ExtraControl[]>();
    for (const control of extra) byAddress.set(control.addressIndex, [...(byAddress.get(control.addressIndex) ?? []), control]);
    const sinks = {
      energy: delivery.sinks['energy.csv'],
      reports: delivery.sinks['reports.csv'],
      inspections: delivery.sinks['inspections.csv'],
      truth: delivery.sinks['truth.csv'],
    };
    for (let from = 0; from < this.addresses.length; from += CHUNK) {
      for (const address of this.addresses.slice(from, from + CHUNK))
        this.simulation.step(address, year, sinks, byAddress.get(address.index));
      await delivery.drain();
      onProgress?.(Math.min(from + CHUNK, this.addresses.length), this.addresses.length);
    }
    this.open = null;
    this.next = year + 1;
    return this.simulation.yearTruth();
  }

  /** A delivery directory; `withAddresses: false` writes addresses.csv as a header only (nothing new: allowed in a later delivery). */
  async openDelivery(dir: string, options: { withAddresses: boolean } = { withAddresses: true }): Promise<Delivery> {
    const delivery = await Delivery.open(dir);
    if (options.withAddresses) await delivery.writeAll('addresses.csv', this.addresses.map(addressLine));
    return delivery;
  }

  /** Writes the history files as known after the last year run (whole: they replace what an earlier delivery said) and closes. */
  async closeDelivery(delivery: Delivery): Promise<Record<OutputFile, number>> {
    if (this.open !== null) throw new Error(`year ${this.open} is open: run it before closing a delivery`);
    const through = this.next - 1;
    const companies = this.simulation.registrations.map(({ address, registration }) =>
      companyLine(this.addresses[address]?.id ?? '', registration, through),
    );
    await delivery.writeAll('companies.csv', companies);
    await delivery.writeAll('occupancy.csv', this.simulation.occupancy.lines());
    return delivery.close();
  }

  get activePerYear(): Readonly<Record<number, number>> {
    return this.simulation.activePerYear;
  }

  get positivesPerYear(): Readonly<Record<number, number>> {
    return this.simulation.positivesPerYear;
  }
}
