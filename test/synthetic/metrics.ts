/** Small statistics for the model tests. */

export interface Scored {
  score: number;
  positive: boolean;
}

/** Average precision: mean of precision at the rank of each positive, best score first. */
export function averagePrecision(items: readonly Scored[]): number {
  const sorted = [...items].sort((a, b) => b.score - a.score);
  let truePositives = 0;
  let sum = 0;
  sorted.forEach((item, rank) => {
    if (!item.positive) return;
    truePositives += 1;
    sum += truePositives / (rank + 1);
  });
  return truePositives === 0 ? 0 : sum / truePositives;
}

export interface CalibrationBin {
  count: number;
  observed: number;
  expected: number;
  /** Σ p(1 − p): the variance of `observed` when the probabilities are right. */
  variance: number;
}

/** Bins of (about) equal expected mass, in order of increasing probability. */
export function massBins(items: readonly { probability: number; positive: boolean }[], count: number): CalibrationBin[] {
  const sorted = [...items].sort((a, b) => a.probability - b.probability);
  const total = sorted.reduce((s, i) => s + i.probability, 0);
  const bins: CalibrationBin[] = Array.from({ length: count }, () => ({ count: 0, observed: 0, expected: 0, variance: 0 }));
  let cumulative = 0;
  for (const item of sorted) {
    const bin = bins[Math.min(count - 1, Math.floor((cumulative / total) * count))];
    cumulative += item.probability;
    if (!bin) continue;
    bin.count += 1;
    bin.observed += item.positive ? 1 : 0;
    bin.expected += item.probability;
    bin.variance += item.probability * (1 - item.probability);
  }
  return bins;
}

export function chiSquare(bins: readonly CalibrationBin[]): number {
  return bins.reduce((s, b) => s + (b.variance > 0 ? (b.observed - b.expected) ** 2 / b.variance : 0), 0);
}

/** (observed − expected) / √Σp(1 − p) for independent Bernoulli events. */
export function zScore(items: readonly { probability: number; positive: boolean }[]): number {
  let observed = 0;
  let expected = 0;
  let variance = 0;
  for (const item of items) {
    observed += item.positive ? 1 : 0;
    expected += item.probability;
    variance += item.probability * (1 - item.probability);
  }
  return (observed - expected) / Math.sqrt(variance);
}

/** 99.9 % quantile of the chi-square distribution with 10 degrees of freedom. */
export const CHI_SQUARE_10_999 = 29.59;

/**
 * Observed against expected positives in ten bins of equal expected mass (chi-square, 10
 * df), and how far apart the outer bins' mean probabilities lie: the decile check of
 * p_bayes, shared by the plain and the intervened city.
 */
export function binCalibration(items: readonly { probability: number; positive: boolean }[]): { chiSquare: number; spread: number } {
  const bins = massBins(items, 10);
  const mean = (i: number) => (bins[i]?.expected ?? 0) / (bins[i]?.count ?? 1);
  return { chiSquare: chiSquare(bins), spread: mean(9) / mean(0) };
}
