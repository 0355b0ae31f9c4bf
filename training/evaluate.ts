import { averagePrecision, brierScore, precisionRecallCurve, calibration, liftAtK, precisionAtK, rocAuc, type ReliabilityBin } from './metrics.ts';

/** The interventieteam controls about 100 homes a year: the list sizes every report shows. */
export const LIST_SIZES = [50, 100, 250] as const;

export interface Evaluation {
  year: number;
  rows: number;
  positives: number;
  averagePrecision: number;
  rocAuc: number;
  atK: Array<{ k: number; precision: number; lift: number }>;
  brier: number;
  calibrationError: number;
  reliability: ReliabilityBin[];
  /** Precision against recall on this year (at most 100 points); absent in models registered before it was stored. */
  prCurve?: Array<{ recall: number; precision: number }>;
}

/** Every figure of a model on one labelled year: ranking by logit, probability metrics on the calibrated values. */
export function evaluate(year: number, logits: ArrayLike<number>, probabilities: ArrayLike<number>, labels: ArrayLike<number>): Evaluation {
  let positives = 0;
  for (let i = 0; i < labels.length; i++) positives += labels[i] === 1 ? 1 : 0;
  const reliability = calibration(probabilities, labels, 10);
  return {
    year,
    rows: labels.length,
    positives,
    averagePrecision: averagePrecision(logits, labels),
    rocAuc: rocAuc(logits, labels),
    atK: LIST_SIZES.map((k) => ({ k, precision: precisionAtK(logits, labels, k), lift: liftAtK(logits, labels, k) })),
    brier: brierScore(probabilities, labels),
    calibrationError: reliability.expectedCalibrationError,
    reliability: reliability.curve,
    prCurve: precisionRecallCurve(logits, labels),
  };
}

export function formatEvaluation(rows: Array<{ name: string; evaluation: Evaluation; note?: string }>): string {
  const header = ['model', 'AP', 'ROC-AUC', ...LIST_SIZES.flatMap((k) => [`P@${k}`, `lift@${k}`]), 'Brier', 'ECE', ''];
  const lines = rows.map(({ name, evaluation: e, note }) => [
    name,
    e.averagePrecision.toFixed(4),
    e.rocAuc.toFixed(3),
    ...e.atK.flatMap((a) => [a.precision.toFixed(2), a.lift.toFixed(1)]),
    e.brier.toFixed(5),
    e.calibrationError.toFixed(5),
    note ?? '',
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...lines.map((l) => l[c]!.length)));
  return [header, ...lines].map((l) => l.map((cell, c) => cell.padEnd(widths[c]!)).join('  ').trimEnd()).join('\n');
}

/**
 * How much of a test year the model's own use shaped. Controls prompted by the risk list
 * (inspections with reason `risk_model`) find cultivations where the model pointed, so a
 * year holding such finds flatters the model that pointed there; the controls of the
 * others (tips, police, random) do not depend on it. The year's AP is therefore also
 * given without the addresses such a control went to.
 */
export interface SelfSelection {
  /** Addresses of the year controlled because of the risk list. */
  controlled: number;
  /** Of them, with a find: positives of the year that the list itself led to. */
  finds: number;
  /** AP over the year's other addresses; null when none of their labels is positive. */
  averagePrecisionWithout: number | null;
}

export function selfSelection(logits: ArrayLike<number>, labels: ArrayLike<number>, prompted: ArrayLike<boolean>): SelfSelection {
  let controlled = 0;
  let finds = 0;
  const keptLogits: number[] = [];
  const keptLabels: number[] = [];
  let keptPositives = 0;
  for (let i = 0; i < labels.length; i++) {
    if (prompted[i]) {
      controlled++;
      finds += labels[i] === 1 ? 1 : 0;
      continue;
    }
    keptLogits.push(logits[i]!);
    keptLabels.push(labels[i]!);
    keptPositives += labels[i] === 1 ? 1 : 0;
  }
  return { controlled, finds, averagePrecisionWithout: keptPositives > 0 ? averagePrecision(keptLogits, keptLabels) : null };
}

/** The self-selection of a test year in one sentence (training output and model card). */
export function selfSelectionSentence(year: number, s: SelfSelection): string {
  if (s.controlled === 0) return `No control in ${year} was prompted by the risk list (reason risk_model): the test figures hold none of the model's own selection.`;
  const without = s.averagePrecisionWithout === null ? 'undefined (no other find is left)' : s.averagePrecisionWithout.toFixed(4);
  return `${s.controlled} addresses were controlled in ${year} because of the risk list (reason risk_model), ${s.finds} with a find: those labels follow where a model pointed, so they flatter the test figures; the test AP without those addresses is ${without}.`;
}
