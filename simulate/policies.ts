/**
 * Which addresses get the year's extra controls. Every policy decides on 1 January from
 * what is known then — the risk list of that date, p_bayes, the building years — and from
 * random numbers of its own; an address gets at most one extra control a year. That is
 * what keeps p_bayes exact under intervention (synthetic/intervention.ts), and "not
 * already controlled that year" therefore means not already chosen by another part of
 * the same policy: the city's own controls of the year are not known on 1 January.
 */
import { daysInYear, type ExtraControl, type Rng } from '../synthetic/index.ts';
import type { Policy } from './options.ts';

export interface PolicyContext {
  year: number;
  capacity: number;
  /** Share of the capacity that `model+sample` draws at random. */
  sampleShare: number;
  /** Indices of the dwellings that exist in the year (building year ≤ year: observable). */
  existing: readonly number[];
  /** Existing addresses in the order of the risk list in use, best first; null without a list. */
  listOrder: readonly number[] | null;
  /** p_bayes before any extra control, by address index. */
  pBayes: Float64Array;
  rng: Rng;
}

interface Choice {
  addressIndex: number;
  reason: ExtraControl['reason'];
  selectionProbability: number | null;
}

/** `n` distinct items drawn uniformly (a partial Fisher–Yates shuffle of a copy). */
function sample(rng: Rng, items: readonly number[], n: number): number[] {
  const pool = [...items];
  const count = Math.min(n, pool.length);
  for (let i = 0; i < count; i++) {
    const j = rng.int(i, pool.length - 1);
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  return pool.slice(0, count);
}

function randomChoices(rng: Rng, frame: readonly number[], n: number): Choice[] {
  const probability = frame.length > 0 ? Math.min(n, frame.length) / frame.length : 1;
  return sample(rng, frame, n).map((addressIndex) => ({ addressIndex, reason: 'random', selectionProbability: probability }));
}

function listChoices(order: readonly number[], n: number, skip: ReadonlySet<number> = new Set()): Choice[] {
  const chosen: Choice[] = [];
  for (const addressIndex of order) {
    if (chosen.length >= n) break;
    if (!skip.has(addressIndex)) chosen.push({ addressIndex, reason: 'risk_model', selectionProbability: null });
  }
  return chosen;
}

/**
 * The list with a random sample. The sample is stratified so that it can say how
 * precise the list is where it points: half of it (rounded up) is drawn uniformly from
 * the list's top `capacity` addresses, the rest uniformly from every other existing
 * address. Each control carries the chance its address was drawn with, and every address
 * has a chance, so the product's estimates (Horvitz–Thompson) hold for the list's top and
 * for the whole city. The list then takes the rest of the capacity from its top, passing
 * over the sampled addresses. Without a list the whole sample is drawn uniformly.
 */
function listWithSample(context: PolicyContext): Choice[] {
  const { capacity, rng, listOrder } = context;
  const n = Math.round(context.sampleShare * capacity);
  if (!listOrder) return randomChoices(rng, context.existing, n);
  const top = listOrder.slice(0, capacity);
  const inTop = new Set(top);
  const nTop = Math.ceil(n / 2);
  const sampled = [
    ...randomChoices(rng, top, nTop),
    ...randomChoices(
      rng,
      context.existing.filter((i) => !inTop.has(i)),
      n - nTop,
    ),
  ];
  return [...sampled, ...listChoices(listOrder, capacity - sampled.length, new Set(sampled.map((c) => c.addressIndex)))];
}

function choices(policy: Policy, context: PolicyContext): Choice[] {
  switch (policy) {
    case 'status-quo':
      return [];
    case 'random':
      return randomChoices(context.rng, context.existing, context.capacity);
    case 'model':
      return context.listOrder ? listChoices(context.listOrder, context.capacity) : [];
    case 'model+sample':
      return listWithSample(context);
    case 'limit': {
      const { pBayes } = context;
      return listChoices(
        [...context.existing].sort((a, b) => pBayes[b]! - pBayes[a]! || a - b),
        context.capacity,
      );
    }
  }
}

/** The year's extra controls of a policy, each on a day of the year drawn uniformly (never 1 January). */
export function chooseExtraControls(policy: Policy, context: PolicyContext): ExtraControl[] {
  const lastDay = daysInYear(context.year);
  return choices(policy, context).map((choice) => ({ ...choice, day: context.rng.int(2, lastDay) }));
}
