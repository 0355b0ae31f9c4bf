/**
 * Calibration within groups: per group, the model's mean predicted probability against the
 * share of its addresses that a control found one at, with an exact interval. A group
 * whose predicted rate lies above the interval is flagged more than its finds support —
 * its scores carry something other than cultivation (false tips, more controls). Unlike a
 * ratio of false-positive rates in the top k, this tells a higher base rate (predicted
 * and observed both high: consistent) from a biased signal (predicted high, observed not).
 */
import { clopperPearson } from './intervals.ts';

export interface GroupCalibration {
  group: string;
  addresses: number;
  positives: number;
  meanPredicted: number;
  observedRate: number;
  /** Exact interval of the observed rate at `level`. */
  low: number;
  high: number;
  level: number;
  /** over: predicted above the interval; under: below it. */
  verdict: 'over' | 'under' | 'consistent';
}

export interface CalibrationInput {
  /** Calibrated probabilities, one per address. */
  probabilities: ArrayLike<number>;
  /** 1 when a control in the year found a cultivation, else 0. */
  labels: ArrayLike<number>;
  /** The address's group; null: in none. */
  groupOf: ArrayLike<string | null>;
}

export function calibrateGroups({ probabilities, labels, groupOf }: CalibrationInput, level = 0.9): GroupCalibration[] {
  if (probabilities.length !== labels.length || labels.length !== groupOf.length) {
    throw new Error(`probabilities (${probabilities.length}), labels (${labels.length}) and groups (${groupOf.length}) differ in length`);
  }
  const tallies = new Map<string, { addresses: number; positives: number; predicted: number }>();
  for (let i = 0; i < labels.length; i++) {
    const group = groupOf[i];
    if (group === null || group === undefined) continue;
    const t = tallies.get(group) ?? { addresses: 0, positives: 0, predicted: 0 };
    t.addresses += 1;
    t.positives += labels[i] === 1 ? 1 : 0;
    t.predicted += probabilities[i]!;
    tallies.set(group, t);
  }
  return [...tallies.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([group, t]) => {
      const meanPredicted = t.predicted / t.addresses;
      const { low, high } = clopperPearson(t.positives, t.addresses, level);
      const verdict = meanPredicted > high ? 'over' : meanPredicted < low ? 'under' : 'consistent';
      return {
        group,
        addresses: t.addresses,
        positives: t.positives,
        meanPredicted,
        observedRate: t.positives / t.addresses,
        low,
        high,
        level,
        verdict,
      };
    });
}

/** A verdict in the words every table of calibration within groups uses. */
export function verdictWords(verdict: GroupCalibration['verdict']): string {
  return verdict === 'over'
    ? 'flagged more than its finds support'
    : verdict === 'under'
      ? 'flagged less than its finds support'
      : 'consistent';
}

/** One sentence per flagged group, in plain words. */
export function calibrationFindings(attribute: string, groups: readonly GroupCalibration[]): string[] {
  const pct = (x: number) => `${(100 * x).toPrecision(2)} %`;
  return groups
    .filter((g) => g.verdict !== 'consistent')
    .map((g) => {
      const figures = `predicted ${pct(g.meanPredicted)} a year, found ${pct(g.observedRate)} (${g.positives} of ${g.addresses}; ${g.level * 100} % interval ${pct(g.low)}–${pct(g.high)})`;
      return `${attribute} ${g.group}: ${figures}: ${g.verdict === 'over' ? 'flagged more than its finds support' : 'flagged less than its finds would support'}`;
    });
}
