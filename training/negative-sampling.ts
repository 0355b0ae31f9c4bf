/**
 * Negative sampling under a memory budget (HENNEP_TRAIN_MEMORY_MB). A city of a million
 * addresses trained on four years holds four million rows; fitting needs several copies of
 * each (raw values, bin indices, the tensors, a bag's sample), which would not fit in a few
 * gigabytes. When the training rows would take more than the budget, every positive is kept
 * and a seeded share of the negatives, each kept negative weighted by 1/rate, so that the
 * loss — and with it the fitted log-odds — is the same in expectation. Calibration is on the
 * validation year, which is never sampled, so the probabilities stay those of the city.
 */
import { Shuffler } from '../models/index.ts';
import type { Lang } from '../config/index.ts';
import type { Dataset } from './dataset.ts';
import { selectRows } from './label-weighting.ts';
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
 * `data` itself when its rows fit the budget; else every positive, a seeded sample of the
 * negatives at the rate that fits, and weights 1/rate on the kept negatives (times any
 * weight they had). Refuses when the positives alone would not fit.
 */
export function sampleNegatives(data: Dataset, budgetMb: number, seed: number): { dataset: Dataset; sampling: NegativeSampling | null } {
  const limit = rowsWithin(budgetMb, data.names.length);
  if (data.rows <= limit) return { dataset: data, sampling: null };
  const negatives = data.rows - data.positives;
  if (limit <= data.positives)
    throw new MemoryBudgetError(
      `HENNEP_TRAIN_MEMORY_MB=${budgetMb} holds about ${limit.toLocaleString('en')} training rows of ${data.names.length} features, ` +
        `fewer than the ${data.positives.toLocaleString('en')} positives, which are always kept: raise it`,
    );
  const rate = (limit - data.positives) / negatives;
  const random = new Shuffler(seed);
  const kept = new Uint8Array(data.rows);
  for (let i = 0; i < data.rows; i++) kept[i] = data.y[i] === 1 || random.next() < rate ? 1 : 0;
  const sampled = selectRows(data, (row) => kept[row] === 1);
  const weights = new Float32Array(sampled.rows);
  for (let i = 0; i < sampled.rows; i++) weights[i] = (sampled.weights?.[i] ?? 1) / (sampled.y[i] === 1 ? 1 : rate);
  const keptNegatives = sampled.rows - sampled.positives;
  return { dataset: { ...sampled, weights }, sampling: { budgetMb, rows: data.rows, negatives, keptNegatives, rate } };
}

/** What the card and `hennep train` say about it. */
export function negativeSamplingSentence(s: NegativeSampling | null | undefined, lang: Lang = 'en', refit = false): string {
  if (!s) return '';
  const percent = s.rate * 100;
  const lead = lang === 'nl' ? (refit ? 'Voor de nieuwe fit: steekproef' : 'Steekproef') : refit ? 'For the refit, negatives' : 'Negatives';
  return lang === 'nl'
    ? `${lead} van de negatieven: ${wholeNl(s.rows)} trainingsrijen passen niet in HENNEP_TRAIN_MEMORY_MB=${s.budgetMb}, dus bleven alle vondsten en ` +
        `${wholeNl(s.keptNegatives)} van de ${wholeNl(s.negatives)} adressen zonder vondst (${decimalNl(percent, 1)} %), elk met gewicht ${decimalNl(1 / s.rate, 2)}.`
    : `${lead} sampled: ${s.rows.toLocaleString('en')} training rows do not fit HENNEP_TRAIN_MEMORY_MB=${s.budgetMb}, so every find was kept and ` +
        `${s.keptNegatives.toLocaleString('en')} of the ${s.negatives.toLocaleString('en')} addresses without one (${percent.toFixed(1)} %), each weighing ${(1 / s.rate).toFixed(2)}.`;
}
