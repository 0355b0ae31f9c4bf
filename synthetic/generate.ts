import { z } from 'zod';
import { municipalityOptionsSchema, SyntheticMunicipality, type MunicipalityOptions } from './municipality.ts';

export interface GenerateOptions extends MunicipalityOptions {
  /** Directory for the CSV files; created when missing. */
  outDir: string;
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

type ProgressListener = (done: number, total: number) => void;

/**
 * Writes a synthetic municipality in the data-contract format plus truth.csv into
 * `outDir`: every year run without extra controls, into one delivery. Deterministic: one
 * seed and options give byte-identical files.
 */
export async function generateMunicipality(options: GenerateOptions, onProgress?: ProgressListener): Promise<GenerateSummary> {
  const started = performance.now();
  const { outDir } = z.object({ outDir: z.string().min(1) }).parse(options);
  const city = SyntheticMunicipality.create(municipalityOptionsSchema.parse(options));
  const [startYear, endYear] = city.years;
  const delivery = await city.openDelivery(outDir);
  const total = city.addresses.length * (endYear - startYear + 1);
  for (let year = startYear; year <= endYear; year++) {
    city.openYear();
    const before = city.addresses.length * (year - startYear);
    await city.runYear(delivery, [], onProgress && ((done) => onProgress(before + done, total)));
  }
  const rows = await city.closeDelivery(delivery);
  return {
    addresses: city.addresses.length,
    years: [startYear, endYear],
    rows,
    activeCultivationsPerYear: { ...city.activePerYear },
    positivesPerYear: { ...city.positivesPerYear },
    seconds: (performance.now() - started) / 1000,
  };
}
