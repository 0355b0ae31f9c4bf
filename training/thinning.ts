/**
 * The negative sampling of a training run, decided before any year is built. Training
 * years are then thinned as each is built, so a million-address city never holds its
 * training years whole: only the validation and test years (which every address must
 * see) are held in full. The refit reuses the thinned years at a rate never above the
 * held-out one: the rows kept at a lower rate are among those kept at a higher one.
 */
import type { Queryable } from '../db/index.ts';
import type { YearPlan } from './dataset.ts';
import { samplingRate, type PlannedSampling } from './negative-sampling.ts';
import { refitYears } from './refit.ts';

export interface SamplingPlan {
  /** Addresses, the rows of every reference year. */
  population: number;
  /** Null: the held-out fit's rows fit the budget, and its years are built whole. */
  heldOut: PlannedSampling | null;
  /** The refit's: never above the held-out rate, whose thinned years it reuses; null when the refit is off. */
  refit: PlannedSampling | null;
}

/** Finds per year (the label: a cultivation or preparation found at an address in that year). */
async function positivesByYear(db: Queryable, first: number, last: number): Promise<Map<number, number>> {
  const { rows } = await db.query<{ year: number; n: number }>(
    `SELECT extract(year FROM inspected_on)::int AS year, count(DISTINCT address_id)::int AS n FROM inspections
     WHERE outcome IN ('cultivation', 'preparation') AND inspected_on >= make_date($1::int, 1, 1) AND inspected_on < make_date($2::int + 1, 1, 1)
       AND address_id IN (SELECT address_id FROM addresses)
     GROUP BY 1`,
    [first, last],
  );
  return new Map(rows.map((r) => [r.year, r.n]));
}

export async function planSampling(
  db: Queryable,
  plan: YearPlan,
  settings: { width: number; budgetMb: number; trainYears: number; refit: boolean },
): Promise<SamplingPlan | null> {
  const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM addresses');
  const population = rows[0]?.n ?? 0;
  const refit = settings.refit ? refitYears([...plan.train, plan.validation, plan.test], plan.test, settings.trainYears) : [];
  const positives = await positivesByYear(db, Math.min(plan.train[0]!, refit[0] ?? plan.test), plan.test);
  const planned = (years: readonly number[]) => {
    const total = population * years.length;
    const found = years.reduce((sum, y) => sum + (positives.get(y) ?? 0), 0);
    return { rate: samplingRate(total, found, settings.width, settings.budgetMb), rows: total, negatives: total - found };
  };
  const held = planned(plan.train);
  const again = refit.length > 0 ? planned(refit) : null;
  if (held.rate === null && (again?.rate ?? null) === null) return null;
  const refitRate = again && (held.rate === null ? again.rate : Math.min(held.rate, again.rate ?? 1));
  return {
    population,
    heldOut: held.rate === null ? null : { ...held, rate: held.rate },
    refit: again && refitRate !== null ? { ...again, rate: refitRate } : null,
  };
}
