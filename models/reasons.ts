/**
 * The reasons of one score: the terms (features, then pair terms) that raise it most, or
 * with `sign` -1 lower it most, each with its contribution, the feature's value and whether
 * that value was imputed. Scoring stores the raising ones with every address, so that a
 * page of the risk list reads a few numbers per address instead of every contribution.
 */
import { isImputed } from '../features/index.ts';

/** How many reasons scoring stores per address: the risk list shows this many. */
export const STORED_REASONS = 3;

export interface ReasonTerm {
  /** The term's position: a feature's index, or the feature count plus a pair term's index. */
  term: number;
  contribution: number;
  /** The feature's value (null for a pair term, or when no values were stored). */
  value: number | null;
  imputed: boolean;
}

/** One score's terms and the values they came from, with the features' imputation indicators (features' imputationIndicators). */
export interface ScoreTerms {
  /** Features then pair terms; anything past them is not a term of the model and is never a reason. */
  contributions: ArrayLike<number>;
  /** The feature values, in the model's feature order. */
  values: ArrayLike<number> | null;
  /** The number of features: terms from here on are pairs. */
  features: number;
  /** The number of pair terms. */
  pairs: number;
  indicators: Int32Array;
}

/**
 * The `count` terms with the largest contributions of `sign`, largest first; equal
 * contributions in term order. A term of contribution 0 is no reason either way.
 */
export function reasonTerms(score: ScoreTerms, count: number, sign: 1 | -1 = 1): ReasonTerm[] {
  const { contributions, values, features, indicators } = score;
  const terms = Math.min(contributions.length, features + score.pairs);
  const chosen: number[] = [];
  for (let j = 0; j < terms; j++) {
    const c = contributions[j]! * sign;
    if (!(c > 0)) continue;
    // Insertion into a list of at most `count`: a term goes after every larger-or-equal one.
    let at = chosen.length;
    while (at > 0 && contributions[chosen[at - 1]!]! * sign < c) at--;
    if (at < count) {
      chosen.splice(at, 0, j);
      if (chosen.length > count) chosen.pop();
    }
  }
  return chosen.map((term) => {
    const feature = term < features;
    return {
      term,
      contribution: contributions[term]!,
      value: feature && values ? (values[term] ?? null) : null,
      imputed: feature && isImputed(indicators, values, term),
    };
  });
}

/**
 * Reasons as stored in risk_scores.reasons: a two-dimensional double precision array, one
 * row [term, contribution, value, imputed 0/1] per reason (value NULL where there is none);
 * '{}' when nothing raises the score.
 */
export function storedReasonsText(reasons: readonly ReasonTerm[]): string {
  return `{${reasons.map((r) => `{${r.term},${r.contribution},${r.value ?? 'NULL'},${r.imputed ? 1 : 0}}`).join(',')}}`;
}

/** One row of the stored array as read back (as JSON): term, contribution, value, imputed 0/1. */
export type StoredReasonRow = readonly [term: number, contribution: number, value: number | null, imputed: number];

/** The stored array read back. */
export function reasonsOfStored(rows: readonly StoredReasonRow[]): ReasonTerm[] {
  return rows.map(([term, contribution, value, imputed]) => ({ term, contribution, value, imputed: imputed === 1 }));
}
