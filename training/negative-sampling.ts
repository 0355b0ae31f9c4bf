/**
 * Negative sampling under a memory budget (HENNEP_TRAIN_MEMORY_MB). A city of a million
 * addresses trained on four years holds four million rows; fitting needs several copies of
 * each (raw values, bin indices, the tensors, a bag's sample), which would not fit in a few
 * gigabytes. When the training rows would take more than the budget, every positive is kept
 * and a seeded share of the negatives, each kept negative weighted by 1/rate, so that the
 * loss — and with it the fitted log-odds — is the same in expectation. Calibration is on the
 * validation year, which is never sampled, so the probabilities stay those of the city.
 */
import type { Lang } from '../config/index.ts';
import type { FeatureMatrix } from '../features/index.ts';
import type { Dataset } from './dataset.ts';
import { selectRows, type LabelProvenance, type LabelWeighting } from './label-weighting.ts';
import { decimalNl, wholeNl } from './words-nl.ts';

/**
 * Bytes a training row takes while a model is fitted, per feature: the raw value (8), its
 * bin index three times over (the index, the per-feature columns, the tensors: 12) and a
 * bag's copy of the raw value (7), rounded up. An estimate to size the budget by; the scale
 * bench measures the resident memory itself.
 */
export const BYTES_PER_VALUE = 32;

export interface NegativeSampling {
  budgetMb: number;
  /** Rows and negatives before sampling, and the negatives kept. */
  rows: number;
  negatives: number;
  keptNegatives: number;
  /** The share of negatives kept; each kept negative weighs 1/rate. */
  rate: number;
}

export class MemoryBudgetError extends Error {}

/** The rows of `data` that fit `budgetMb` at BYTES_PER_VALUE per value. */
export function rowsWithin(budgetMb: number, width: number): number {
  return Math.floor((budgetMb * 1024 * 1024) / (BYTES_PER_VALUE * Math.max(1, width)));
}

/**
 * The seeded draw in [0, 1) that decides whether a negative row is kept: a hash of the seed,
 * the reference year and the address, so that a row's fate depends on nothing else. A year
 * can then be thinned while it is built, and rows kept at one rate are kept at any higher
 * rate too: the refit can reuse the years the held-out fit thinned.
 */
export function negativeDraw(seed: number, year: number, addressId: string): number {
  let h = Math.imul(2166136261 ^ seed, 16777619);
  h = Math.imul(h ^ year, 16777619);
  for (let i = 0; i < addressId.length; i++) h = Math.imul(h ^ addressId.charCodeAt(i), 16777619);
  // A final avalanche (murmur3's fmix32), so that neighbouring ids draw unrelated numbers.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 4294967296;
}

/**
 * The share of negatives to keep so that `rows` rows of `width` features fit `budgetMb`,
 * every positive kept; null when they fit as they are. Refuses when the positives alone
 * would not fit.
 */
export function samplingRate(rows: number, positives: number, width: number, budgetMb: number): number | null {
  const limit = rowsWithin(budgetMb, width);
  if (rows <= limit) return null;
  if (limit <= positives)
    throw new MemoryBudgetError(
      `HENNEP_TRAIN_MEMORY_MB=${budgetMb} holds about ${limit.toLocaleString('en')} training rows of ${width} features, ` +
        `fewer than the ${positives.toLocaleString('en')} positives, which are always kept: raise it`,
    );
  return (limit - positives) / (rows - positives);
}

/**
 * A year's matrix with every positive and the negatives whose draw falls below `rate` (`m`
 * itself when that is all of it); no weights (they come with sampleNegatives).
 */
export function thinYear(m: FeatureMatrix, rate: number, seed: number): FeatureMatrix {
  const year = Number(m.referenceDate.slice(0, 4));
  const width = m.names.length;
  const kept: number[] = [];
  for (let i = 0; i < m.addressIds.length; i++) if (m.labels[i] === 1 || negativeDraw(seed, year, m.addressIds[i]!) < rate) kept.push(i);
  // A year thinned at this rate (or a lower one) already: nothing to drop, nothing to copy.
  if (kept.length === m.addressIds.length) return m;
  const values = new Float64Array(kept.length * width);
  kept.forEach((row, k) => values.set(m.values.subarray(row * width, (row + 1) * width), k * width));
  return { ...m, addressIds: kept.map((row) => m.addressIds[row]!), labels: kept.map((row) => m.labels[row]!), values };
}

/** Rows before sampling, when `data` holds fewer (its years were thinned while built); the rate was chosen on them. */
export interface PlannedSampling {
  rate: number;
  rows: number;
  negatives: number;
}

/**
 * `data` itself when its rows fit the budget; else every positive, the negatives whose
 * seeded draw falls below the rate that fits, and weights 1/rate on the kept negatives
 * (times any weight they had). Refuses when the positives alone would not fit. With
 * `planned`, the rate was chosen before the rows were built, and `data` may already be
 * thinned at it (keeping them again is a no-op: the draws are the same).
 */
export function sampleNegatives(
  data: Dataset,
  budgetMb: number,
  seed: number,
  planned?: PlannedSampling | null,
): { dataset: Dataset; sampling: NegativeSampling | null } {
  const rate = planned ? planned.rate : samplingRate(data.rows, data.positives, data.names.length, budgetMb);
  if (rate === null) return { dataset: data, sampling: null };
  const sampled = selectRows(data, (row) => data.y[row] === 1 || negativeDraw(seed, data.rowYears[row]!, data.addressIds[row]!) < rate);
  const weights = new Float32Array(sampled.rows);
  for (let i = 0; i < sampled.rows; i++) weights[i] = (sampled.weights?.[i] ?? 1) / (sampled.y[i] === 1 ? 1 : rate);
  const keptNegatives = sampled.rows - sampled.positives;
  const rows = planned?.rows ?? data.rows;
  const negatives = planned?.negatives ?? data.rows - data.positives;
  return { dataset: { ...sampled, weights }, sampling: { budgetMb, rows, negatives, keptNegatives, rate } };
}

/** What the card and `hennep train` say about it. */
export function negativeSamplingSentence(s: NegativeSampling | null | undefined, lang: Lang = 'en', refit = false): string {
  if (!s) return '';
  const percent = s.rate * 100;
  const lead = lang === 'nl' ? (refit ? 'Voor de nieuwe fit: steekproef' : 'Steekproef') : refit ? 'For the refit, negatives' : 'Negatives';
  return lang === 'nl'
    ? `${lead} van de negatieven: ${wholeNl(s.rows)} trainingsrijen passen niet in HENNEP_TRAIN_MEMORY_MB=${s.budgetMb}, dus bleven alle vondsten en ` +
        `${wholeNl(s.keptNegatives)} van de ${wholeNl(s.negatives)} adressen zonder vondst ` +
        `(${decimalNl(percent, 1)} %), elk met gewicht ${decimalNl(1 / s.rate, 2)}.`
    : `${lead} sampled: ${s.rows.toLocaleString('en')} training rows do not fit HENNEP_TRAIN_MEMORY_MB=${s.budgetMb}, so every find was kept and ` +
        `${s.keptNegatives.toLocaleString('en')} of the ${s.negatives.toLocaleString('en')} addresses ` +
        `without one (${percent.toFixed(1)} %), each weighing ${(1 / s.rate).toFixed(2)}.`;
}

/** Rows and negatives of whole years that a label weighting drops (exclude-model), by year. */
export type Excluded = ReadonlyMap<number, { rows: number; negatives: number }>;

/**
 * The address-years of a whole year that `exclude-model` leaves out, counted before the year
 * is thinned, so that the sampling record counts the rows training could have used.
 */
export function excludedOf(
  m: FeatureMatrix,
  provenance: ReadonlyMap<number, ReadonlyMap<string, LabelProvenance>>,
  method: LabelWeighting,
): { rows: number; negatives: number } {
  if (method !== 'exclude-model') return { rows: 0, negatives: 0 };
  const of = provenance.get(Number(m.referenceDate.slice(0, 4)));
  let rows = 0;
  let negatives = 0;
  m.addressIds.forEach((id, i) => {
    if (!of?.get(id)?.listDriven) return;
    rows++;
    if (m.labels[i] !== 1) negatives++;
  });
  return { rows, negatives };
}

/** The plan's counts without the rows a label weighting drops from `years`. */
export function withoutExcluded(planned: PlannedSampling, years: readonly number[], excluded: Excluded): PlannedSampling {
  let rows = planned.rows;
  let negatives = planned.negatives;
  for (const y of years) {
    rows -= excluded.get(y)?.rows ?? 0;
    negatives -= excluded.get(y)?.negatives ?? 0;
  }
  return { ...planned, rows, negatives };
}
