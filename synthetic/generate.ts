import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { buildAddresses } from './addresses.ts';
import { Calendar } from './calendar.ts';
import { layoutCity } from './city.ts';
import { CsvSink } from './csv-sink.ts';
import { Rng } from './rng.ts';
import { addressLine, HEADERS, OUTPUT_FILES, type OutputFile } from './rows.ts';
import { Simulation } from './simulation.ts';
import type { Address } from './types.ts';

export interface GenerateOptions {
  /** Number of dwellings. */
  addresses: number;
  seed: number;
  /** First and last simulated calendar year (inclusive). */
  startYear: number;
  endYear: number;
  /** Directory for the CSV files; created when missing. */
  outDir: string;
  /** CBS municipality code, 4 digits; default '0034' (Almere). */
  municipalityCode?: string;
}

export interface GenerateSummary {
  addresses: number;
  years: [number, number];
  /** Data rows per file name, e.g. 'energy.csv' (headers not counted). */
  rows: Record<string, number>;
  activeCultivationsPerYear: Record<number, number>;
  /** Addresses whose label is positive, per year. */
  positivesPerYear: Record<number, number>;
  /** Wall-clock time of the run. */
  seconds: number;
}

const optionsSchema = z
  .object({
    addresses: z.number().int().min(1),
    seed: z.number().int(),
    // The contract's energy years start at 2000.
    startYear: z.number().int().min(2000),
    endYear: z.number().int(),
    outDir: z.string().min(1),
    municipalityCode: z.string().regex(/^[0-9]{4}$/, 'must be 4 digits').default('0034'),
  })
  .refine((o) => o.endYear >= o.startYear, { message: 'endYear must not be before startYear', path: ['endYear'] });

/** Separate random streams, so changing one part of the model leaves the others' draws alone. */
const LAYOUT_STREAM = 1;
const DYNAMICS_STREAM = 2;
/** Addresses stepped between two checks on the writers' back-pressure. */
const CHUNK = 2000;

type Sinks = Record<OutputFile, CsvSink>;
type ProgressListener = (done: number, total: number) => void;

function openSinks(outDir: string): Sinks {
  return Object.fromEntries(OUTPUT_FILES.map((file) => [file, new CsvSink(join(outDir, file), HEADERS[file])])) as Sinks;
}

async function drainAll(sinks: Sinks): Promise<void> {
  for (const sink of Object.values(sinks)) await sink.drain();
}

/** Steps every address through every year, letting the writers drain between chunks. */
async function runYears(simulation: Simulation, addresses: readonly Address[], years: [number, number], sinks: Sinks, onProgress?: ProgressListener): Promise<void> {
  const total = addresses.length * (years[1] - years[0] + 1);
  let done = 0;
  for (let year = years[0]; year <= years[1]; year++) {
    const findRates = simulation.neighbourhoodFindRates(year);
    for (let from = 0; from < addresses.length; from += CHUNK) {
      for (const address of addresses.slice(from, from + CHUNK)) simulation.step(address, year, findRates);
      done += Math.min(CHUNK, addresses.length - from);
      await drainAll(sinks);
      onProgress?.(done, total);
    }
  }
}

async function writeAll(sink: CsvSink, lines: Iterable<string>): Promise<void> {
  let count = 0;
  for (const line of lines) {
    sink.push(line);
    if (++count % CHUNK === 0) await sink.drain();
  }
}

/**
 * Writes a synthetic municipality in the data-contract format plus truth.csv into
 * `outDir`. Deterministic: one seed and options give byte-identical files.
 */
export async function generateMunicipality(options: GenerateOptions, onProgress?: ProgressListener): Promise<GenerateSummary> {
  const started = performance.now();
  const settings = optionsSchema.parse(options);
  const years: [number, number] = [settings.startYear, settings.endYear];
  await mkdir(settings.outDir, { recursive: true });
  const layoutRng = new Rng(settings.seed, LAYOUT_STREAM);
  const city = layoutCity(layoutRng, settings.municipalityCode, settings.addresses);
  const addresses = buildAddresses(layoutRng, city, settings);
  const sinks = openSinks(settings.outDir);
  await writeAll(sinks['addresses.csv'], addresses.map(addressLine));

  const simulation = new Simulation(new Rng(settings.seed, DYNAMICS_STREAM), addresses, city.neighbourhoods, new Calendar(...years), {
    energy: sinks['energy.csv'], reports: sinks['reports.csv'], inspections: sinks['inspections.csv'], companies: sinks['companies.csv'], truth: sinks['truth.csv'],
  });
  simulation.start();
  await runYears(simulation, addresses, years, sinks, onProgress);
  await writeAll(sinks['occupancy.csv'], simulation.occupancy.lines());
  for (const sink of Object.values(sinks)) await sink.close();
  return {
    addresses: addresses.length,
    years,
    rows: Object.fromEntries(OUTPUT_FILES.map((file) => [file, sinks[file].rows])),
    activeCultivationsPerYear: simulation.activePerYear,
    positivesPerYear: simulation.positivesPerYear,
    seconds: (performance.now() - started) / 1000,
  };
}
