import { existsSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { generateMunicipality } from '../synthetic/index.ts';

export const BENCH_DIR = join(process.cwd(), '.hennep', 'bench');

/** Where the benchmark city of this size and seed lives (shared by every bench section). */
export function cityDirOf(addresses: number, seed = 1): string {
  return join(BENCH_DIR, `city-${addresses}-seed${seed}`);
}

/**
 * The benchmark city, generated once per size and seed and reused by later runs. It is
 * written beside its place and moved there when complete, so that an interrupted
 * generation is not taken for a city.
 */
export async function benchCity(addresses: number, seed = 1): Promise<{ dir: string; generatedSeconds: number | null }> {
  const dir = cityDirOf(addresses, seed);
  if (existsSync(join(dir, 'truth.csv'))) return { dir, generatedSeconds: null };
  const partial = `${dir}.partial`;
  rmSync(partial, { recursive: true, force: true });
  const summary = await generateMunicipality({ addresses, seed, startYear: 2016, endYear: 2024, outDir: partial });
  renameSync(partial, dir);
  return { dir, generatedSeconds: summary.seconds };
}
