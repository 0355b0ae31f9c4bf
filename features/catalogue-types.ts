import type { SourceFile } from '../ingest/index.ts';

/**
 * One feature: what it measures, where it comes from, how missing data is treated,
 * why using it is proportionate, and the sentence an explanation shows.
 *
 * Sentence templates take `{value}` (this address), `{reference}` (the median of all
 * addresses at the same reference date), `{year}` (the year before the reference date,
 * the last complete year of data) and `{date}` (the reference date).
 */
export interface FeatureEntry {
  name: string;
  group: 'energy' | 'occupancy' | 'reports' | 'history' | 'dwelling' | 'companies';
  sources: readonly SourceFile[];
  description: { nl: string; en: string };
  unit: string;
  /** How a missing value is treated: an indicator, a documented imputation, or "never missing" with why. */
  missing: string;
  /** Why this feature is needed and proportionate for finding cultivations. */
  purpose: string;
  sentence: { nl: string; en: string };
  /** Decimals shown in a sentence. */
  decimals: number;
}
