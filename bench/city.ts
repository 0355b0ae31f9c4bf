import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { generateMunicipality } from '../synthetic/index.ts';

export const BENCH_DIR = join(process.cwd(), '.hennep', 'bench');

/** The benchmark city, generated once per size and seed and reused by later runs. */
export async function benchCity(addresses: number, seed = 1): Promise<{ dir: string; generatedSeconds: number | null }> {
  const dir = join(BENCH_DIR, `city-${addresses}-seed${seed}`);
  if (existsSync(join(dir, 'truth.csv'))) return { dir, generatedSeconds: null };
  const summary = await generateMunicipality({ addresses, seed, startYear: 2016, endYear: 2024, outDir: dir });
  return { dir, generatedSeconds: summary.seconds };
}
