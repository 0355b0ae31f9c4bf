import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { daysInYear, Rng, SyntheticMunicipality, type ExtraControl, type YearTruth } from '../../synthetic/index.ts';

export interface YearByYearRun {
  dir: string;
  city: SyntheticMunicipality;
  /** Delivery directories in order: the history up to `historyThrough`, then one per year. */
  deliveries: string[];
  truths: YearTruth[];
  remove(): void;
}

export type ChooseExtra = (year: number, pBayes: Float64Array, city: SyntheticMunicipality) => ExtraControl[];

/** Runs a city one year at a time: one delivery up to `historyThrough`, then one per year, each year with the controls `choose` sends. */
export async function runYearByYear(
  options: { addresses: number; seed: number; startYear: number; endYear: number; historyThrough: number },
  choose: ChooseExtra = () => [],
): Promise<YearByYearRun> {
  const dir = mkdtempSync(join(tmpdir(), 'hennep-year-by-year-'));
  const city = SyntheticMunicipality.create(options);
  const deliveries: string[] = [];
  const truths: YearTruth[] = [];
  let delivery = await city.openDelivery(join(dir, 'history'));
  deliveries.push(delivery.dir);
  for (let year = options.startYear; year <= options.endYear; year++) {
    if (year > options.historyThrough) {
      await city.closeDelivery(delivery);
      delivery = await city.openDelivery(join(dir, String(year)), { withAddresses: false });
      deliveries.push(delivery.dir);
    }
    const { pBayes } = city.openYear();
    truths.push(await city.runYear(delivery, choose(year, pBayes, city)));
  }
  await city.closeDelivery(delivery);
  return { dir, city, deliveries, truths, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Each year the `k` addresses with the highest p_bayes (reason risk_model) and `k` drawn
 * uniformly from the existing ones (reason random), independently, so an address may get
 * both: a choice that depends on nothing but what was observable and a stream of its own.
 */
export function topAndRandom(k: number, seed: number, fromYear: number): ChooseExtra {
  return (year, pBayes, city) => {
    if (year < fromYear) return [];
    const rng = new Rng(seed, year);
    const existing = city.addresses.filter((a) => city.exists(a.index, year)).map((a) => a.index);
    const top = [...existing].sort((a, b) => pBayes[b]! - pBayes[a]! || a - b).slice(0, k);
    const drawn = new Set<number>();
    while (drawn.size < k) drawn.add(rng.pick(existing));
    const day = () => rng.int(2, daysInYear(year));
    return [
      ...top.map((addressIndex) => ({ addressIndex, day: day(), reason: 'risk_model' as const, selectionProbability: null })),
      ...[...drawn].map((addressIndex) => ({
        addressIndex,
        day: day(),
        reason: 'random' as const,
        selectionProbability: k / existing.length,
      })),
    ];
  };
}
