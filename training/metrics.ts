/**
 * Ranking and probability metrics for a risk list. Pure functions over parallel arrays:
 * `scores[i]` (higher = riskier; a probability for Brier and calibration) and
 * `labels[i]` (1 positive, 0 negative). Ties in scores are treated as one threshold,
 * as scikit-learn does, so that results do not depend on the order of equal scores.
 */

function checkInput(scores: ArrayLike<number>, labels: ArrayLike<number>): void {
  if (scores.length !== labels.length) throw new Error(`scores (${scores.length}) and labels (${labels.length}) differ in length`);
  if (scores.length === 0) throw new Error('no scores to evaluate');
}

function descendingOrder(scores: ArrayLike<number>): number[] {
  return Array.from(scores, (_, i) => i).sort((a, b) => scores[b]! - scores[a]! || a - b);
}

function countPositives(labels: ArrayLike<number>): number {
  let n = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i] === 1) n++;
  return n;
}

/** Average precision (area under the precision–recall curve, step-wise); NaN without positives. */
export function averagePrecision(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  checkInput(scores, labels);
  return averagePrecisionInOrder(descendingOrder(scores), scores, labels);
}

/** AP with the scores' descending order already worked out; ties count as one step. */
function averagePrecisionInOrder(order: readonly number[], scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  const positives = countPositives(labels);
  if (positives === 0) return Number.NaN;
  let truePositives = 0;
  let seen = 0;
  let ap = 0;
  let lastRecall = 0;
  for (let i = 0; i < order.length; i++) {
    truePositives += labels[order[i]!] === 1 ? 1 : 0;
    seen += 1;
    const endOfTie = i === order.length - 1 || scores[order[i + 1]!] !== scores[order[i]!];
    if (!endOfTie) continue;
    const recall = truePositives / positives;
    ap += (recall - lastRecall) * (truePositives / seen);
    lastRecall = recall;
  }
  return ap;
}

/**
 * The precision-recall curve at every end of a tie where recall rises (the points AP
 * sums over), thinned to at most `maxPoints` evenly spread over recall, for pictures.
 */
export function precisionRecallCurve(
  scores: ArrayLike<number>,
  labels: ArrayLike<number>,
  maxPoints = 100,
): Array<{ recall: number; precision: number }> {
  checkInput(scores, labels);
  const positives = countPositives(labels);
  if (positives === 0) return [];
  const order = descendingOrder(scores);
  const points: Array<{ recall: number; precision: number }> = [];
  let truePositives = 0;
  let lastRecall = 0;
  for (let i = 0; i < order.length; i++) {
    truePositives += labels[order[i]!] === 1 ? 1 : 0;
    const endOfTie = i === order.length - 1 || scores[order[i + 1]!] !== scores[order[i]!];
    if (!endOfTie) continue;
    const recall = truePositives / positives;
    if (recall > lastRecall) points.push({ recall, precision: truePositives / (i + 1) });
    lastRecall = recall;
  }
  if (points.length <= maxPoints) return points;
  const step = points.length / maxPoints;
  const thinned = Array.from({ length: maxPoints }, (_, j) => points[Math.min(points.length - 1, Math.round((j + 1) * step) - 1)]!);
  return thinned;
}

/** Area under the ROC curve: the chance a random positive outranks a random negative (ties count half). */
export function rocAuc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  checkInput(scores, labels);
  const positives = countPositives(labels);
  const negatives = scores.length - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  const order = Array.from(scores, (_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  let rankSum = 0;
  for (let start = 0; start < order.length;) {
    let end = start;
    while (end + 1 < order.length && scores[order[end + 1]!] === scores[order[start]!]) end++;
    const averageRank = (start + end) / 2 + 1;
    for (let i = start; i <= end; i++) if (labels[order[i]!] === 1) rankSum += averageRank;
    start = end + 1;
  }
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** Share of positives among the k highest scores (ties at the cut broken by position). */
export function precisionAtK(scores: ArrayLike<number>, labels: ArrayLike<number>, k: number): number {
  checkInput(scores, labels);
  const top = descendingOrder(scores).slice(0, Math.min(k, scores.length));
  return top.reduce((n, i) => n + (labels[i] === 1 ? 1 : 0), 0) / top.length;
}

/** Precision@k divided by the base rate: how many times better than choosing at random. */
export function liftAtK(scores: ArrayLike<number>, labels: ArrayLike<number>, k: number): number {
  const baseRate = countPositives(labels) / labels.length;
  return baseRate === 0 ? Number.NaN : precisionAtK(scores, labels, k) / baseRate;
}

/** Mean squared error of probabilities against outcomes. */
export function brierScore(probabilities: ArrayLike<number>, labels: ArrayLike<number>): number {
  checkInput(probabilities, labels);
  let sum = 0;
  for (let i = 0; i < probabilities.length; i++) sum += (probabilities[i]! - labels[i]!) ** 2;
  return sum / probabilities.length;
}

export interface ReliabilityBin {
  /** Addresses in the bin. */
  count: number;
  meanPredicted: number;
  observedRate: number;
}

/**
 * Reliability curve with bins of equal size by predicted probability (risks are tiny
 * for almost everyone, so equal-width bins would put nearly all addresses in one),
 * and the expected calibration error: the count-weighted mean |predicted − observed|.
 */
export function calibration(
  probabilities: ArrayLike<number>,
  labels: ArrayLike<number>,
  bins = 10,
): { curve: ReliabilityBin[]; expectedCalibrationError: number } {
  checkInput(probabilities, labels);
  const order = Array.from(probabilities, (_, i) => i).sort((a, b) => probabilities[a]! - probabilities[b]! || a - b);
  const curve: ReliabilityBin[] = [];
  let ece = 0;
  for (let b = 0; b < bins; b++) {
    const members = order.slice(Math.floor((b * order.length) / bins), Math.floor(((b + 1) * order.length) / bins));
    if (members.length === 0) continue;
    const meanPredicted = members.reduce((s, i) => s + probabilities[i]!, 0) / members.length;
    const observedRate = members.reduce((s, i) => s + labels[i]!, 0) / members.length;
    curve.push({ count: members.length, meanPredicted, observedRate });
    ece += (members.length / order.length) * Math.abs(meanPredicted - observedRate);
  }
  return { curve, expectedCalibrationError: ece };
}

/** A seeded generator for the bootstrap (mulberry32): the same seed, the same resamples. */
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Average precision with a weight per row (a row drawn k times counts k times); ties as one threshold. */
function weightedAveragePrecision(
  order: readonly number[],
  scores: ArrayLike<number>,
  labels: ArrayLike<number>,
  weights: Float64Array,
): number {
  let positives = 0;
  for (let i = 0; i < labels.length; i++) positives += labels[i] === 1 ? weights[i]! : 0;
  if (positives === 0) return Number.NaN;
  let truePositives = 0;
  let seen = 0;
  let ap = 0;
  let lastRecall = 0;
  for (let i = 0; i < order.length; i++) {
    const row = order[i]!;
    truePositives += labels[row] === 1 ? weights[row]! : 0;
    seen += weights[row]!;
    const endOfTie = i === order.length - 1 || scores[order[i + 1]!] !== scores[row];
    if (!endOfTie || seen === 0) continue;
    const recall = truePositives / positives;
    ap += (recall - lastRecall) * (truePositives / seen);
    lastRecall = recall;
  }
  return ap;
}

/**
 * The difference AP(a) − AP(b) on the same rows and its standard deviation over paired
 * bootstrap resamples (Poisson(1) weights per row, as in the online bootstrap): with about
 * a hundred positives a year, differences of a few hundredths of AP are within the noise,
 * and this says how far.
 */
export function pairedBootstrapAp(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  labels: ArrayLike<number>,
  resamples = 200,
  seed = 1,
): { difference: number; sd: number } {
  checkInput(a, labels);
  checkInput(b, labels);
  const orderA = descendingOrder(a);
  const orderB = descendingOrder(b);
  const differences = bootstrap(labels.length, resamples, seed, (weights) => {
    return weightedAveragePrecision(orderA, a, labels, weights) - weightedAveragePrecision(orderB, b, labels, weights);
  });
  const mean = differences.reduce((s, d) => s + d, 0) / differences.length;
  const sd = Math.sqrt(differences.reduce((s, d) => s + (d - mean) ** 2, 0) / Math.max(1, differences.length - 1));
  return { difference: averagePrecision(a, labels) - averagePrecision(b, labels), sd };
}

/** `statistic` on `resamples` bootstrap resamples of `rows` rows (Poisson(1) weights), the NaN ones left out. */
function bootstrap(rows: number, resamples: number, seed: number, statistic: (weights: Float64Array) => number): number[] {
  const random = generator(seed);
  const weights = new Float64Array(rows);
  const values: number[] = [];
  for (let r = 0; r < resamples; r++) {
    poissonWeights(random, weights);
    const value = statistic(weights);
    if (!Number.isNaN(value)) values.push(value);
  }
  return values;
}

/** Fills `weights` with Poisson(1) draws: a bootstrap resample of the rows (each row's count in it), without copying them. */
function poissonWeights(random: () => number, weights: Float64Array): void {
  for (let i = 0; i < weights.length; i++) {
    // Poisson(1) by inversion: P(0) = P(1) = e⁻¹, P(2) = e⁻¹/2, …
    let k = 0;
    let p = Math.exp(-1);
    let cumulative = p;
    const u = random();
    while (u > cumulative && k < 12) {
      k++;
      p /= k;
      cumulative += p;
    }
    weights[i] = k;
  }
}

/**
 * A bootstrap percentile interval of the AP (addresses resampled, `level` 0.9 by default):
 * how far the AP of one year could lie from what the same model would show on another
 * draw of addresses and finds. With ~100 finds it is wide, and should be read so.
 */
export function averagePrecisionInterval(
  scores: ArrayLike<number>,
  labels: ArrayLike<number>,
  options: { level?: number; resamples?: number; seed?: number } = {},
): { low: number; high: number; level: number } {
  const { level = 0.9, resamples = 200, seed = 1 } = options;
  checkInput(scores, labels);
  const order = descendingOrder(scores);
  const values = bootstrap(labels.length, resamples, seed, (weights) => weightedAveragePrecision(order, scores, labels, weights));
  if (values.length === 0) return { low: Number.NaN, high: Number.NaN, level };
  values.sort((a, b) => a - b);
  const at = (q: number) => values[Math.min(values.length - 1, Math.max(0, Math.floor(q * values.length)))]!;
  return { low: at((1 - level) / 2), high: at(1 - (1 - level) / 2), level };
}

/**
 * The AP that `scores` reach on average when the labels are drawn again and again from
 * `probabilities` (each address independently): AP with the noise of one draw of labels
 * taken out. On the synthetic city, with `p_bayes` as the probabilities, this compares
 * models on what they can know, not on which ~100 addresses happened to be found.
 * The same draws serve every model passed in one call, so their differences are paired.
 */
export function expectedAveragePrecision(
  models: ReadonlyArray<ArrayLike<number>>,
  probabilities: ArrayLike<number>,
  draws = 200,
  seed = 1,
): Array<{ mean: number; sd: number }> {
  for (const scores of models) checkInput(scores, probabilities);
  const orders = models.map(descendingOrder);
  const random = generator(seed);
  const labels = new Uint8Array(probabilities.length);
  const values = models.map(() => [] as number[]);
  for (let d = 0; d < draws; d++) {
    for (let i = 0; i < labels.length; i++) labels[i] = random() < probabilities[i]! ? 1 : 0;
    if (countPositives(labels) === 0) continue;
    models.forEach((scores, m) => values[m]!.push(averagePrecisionInOrder(orders[m]!, scores, labels)));
  }
  return values.map((v) => {
    const mean = v.reduce((s, x) => s + x, 0) / v.length;
    return { mean, sd: Math.sqrt(v.reduce((s, x) => s + (x - mean) ** 2, 0) / Math.max(1, v.length - 1)) };
  });
}
