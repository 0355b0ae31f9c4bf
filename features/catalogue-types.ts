import type { Lang } from '../config/index.ts';
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
  description: Record<Lang, string>;
  unit: string;
  /** How a missing value is treated: an indicator, a documented imputation, or "never missing" with why. */
  missing: string;
  /** Why this feature is needed and proportionate for finding cultivations. */
  purpose: string;
  sentence: Record<Lang, string>;
  /** Decimals shown in a sentence. */
  decimals: number;
  /**
   * A yes/no feature (unit `flag`): the words for 0 and for 1, put where `{value}` stands,
   * so that a sentence names the state ("geen koopwoning") rather than a 0 or 1 that
   * reads as an amount.
   */
  states?: Record<Lang, readonly [no: string, yes: string]>;
  /** A recency capped at `value` months, which also stands for "never": the words shown instead of the cap. */
  never?: { value: number } & Record<Lang, string>;
  /** The indicator feature that is 1 when this value was imputed: then the value reads as unknown, not as measured. */
  imputedWhen?: string;
  /** Written without thousands separators (a year). */
  plain?: boolean;
  /**
   * The direction is known: more of this can only mean more risk (increasing) or only
   * less (decreasing). The additive model's shape is made monotone in it after fitting.
   * Declared only where no mechanism could turn it around (not for electricity: power
   * tapped around the meter makes a cultivation's metered use low as well as high).
   */
  monotone?: 'increasing' | 'decreasing';
}
