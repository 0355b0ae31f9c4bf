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
