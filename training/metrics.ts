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
  const positives = countPositives(labels);
  if (positives === 0) return Number.NaN;
  const order = descendingOrder(scores);
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

/** Area under the ROC curve: the chance a random positive outranks a random negative (ties count half). */
export function rocAuc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  checkInput(scores, labels);
  const positives = countPositives(labels);
  const negatives = scores.length - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  const order = Array.from(scores, (_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  let rankSum = 0;
  for (let start = 0; start < order.length; ) {
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
export function calibration(probabilities: ArrayLike<number>, labels: ArrayLike<number>, bins = 10): { curve: ReliabilityBin[]; expectedCalibrationError: number } {
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
