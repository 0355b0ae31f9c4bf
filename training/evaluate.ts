import type { Lang } from '../config/index.ts';
import { decimalNl } from './words-nl.ts';
import {
  averagePrecision,
  averagePrecisionInterval,
  brierScore,
  precisionRecallCurve,
  calibration,
  liftAtK,
  precisionAtK,
  rocAuc,
  type ReliabilityBin,
} from './metrics.ts';

/** The interventieteam controls about 100 homes a year: the list sizes every report shows. */
export const LIST_SIZES = [50, 100, 250] as const;

export interface Evaluation {
  year: number;
  rows: number;
  positives: number;
  averagePrecision: number;
  /** Bootstrap 90 % interval of the AP over resampled addresses; absent in models registered before it was stored. */
  averagePrecisionInterval?: { low: number; high: number; level: number };
  rocAuc: number;
  atK: Array<{ k: number; precision: number; lift: number }>;
  brier: number;
  calibrationError: number;
  reliability: ReliabilityBin[];
  /** Precision against recall on this year (at most 100 points); absent in models registered before it was stored. */
  prCurve?: Array<{ recall: number; precision: number }>;
}

/** One labelled year scored by a model: three parallel arrays, one entry per address. */
export interface ScoredLabels {
  year: number;
  /** The ranking. */
  logits: ArrayLike<number>;
  /** The calibrated probabilities. */
  probabilities: ArrayLike<number>;
  /** 1 when a control in the year found a cultivation, else 0. */
  labels: ArrayLike<number>;
}

/** Every figure of a model on one labelled year: ranking by logit, probability metrics on the calibrated values. */
export function evaluate({ year, logits, probabilities, labels }: ScoredLabels): Evaluation {
  let positives = 0;
  for (let i = 0; i < labels.length; i++) positives += labels[i] === 1 ? 1 : 0;
  const reliability = calibration(probabilities, labels, 10);
  return {
    year,
    rows: labels.length,
    positives,
    averagePrecision: averagePrecision(logits, labels),
    ...(positives > 0 ? { averagePrecisionInterval: averagePrecisionInterval(logits, labels) } : {}),
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
  const widths = header.map((h, c) => lines.reduce((w, l) => Math.max(w, l[c]!.length), h.length));
  return [header, ...lines]
    .map((l) =>
      l
        .map((cell, c) => cell.padEnd(widths[c]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/**
 * How much of a test year a risk list shaped. Controls that a list prompted (inspections
 * with reason `risk_model`) have labels that follow where that list pointed, not the tips,
 * police work and random checks behind the year's other controls; a model ranking like
 * the list is favoured by them. The year's AP is therefore also given without every
 * address such a control went to (with its find or without: dropping only the finds would
 * penalise the model instead).
 */
export interface SelfSelection {
  /** Addresses of the year controlled because of a risk list. */
  controlled: number;
  /** Of them, those where such a control found a cultivation or preparation. */
  finds: number;
  /** AP over the year's other addresses; null when none of their labels is positive. */
  averagePrecisionWithout: number | null;
}

/** `prompted[i]`: row i's address had a control prompted by a risk list that year, and whether one found something; null otherwise. */
export function selfSelection(
  logits: ArrayLike<number>,
  labels: ArrayLike<number>,
  prompted: ReadonlyArray<{ found: boolean } | null>,
): SelfSelection {
  let controlled = 0;
  let finds = 0;
  const keptLogits: number[] = [];
  const keptLabels: number[] = [];
  let keptPositives = 0;
  for (let i = 0; i < labels.length; i++) {
    const control = prompted[i];
    if (control) {
      controlled++;
      finds += control.found ? 1 : 0;
      continue;
    }
    keptLogits.push(logits[i]!);
    keptLabels.push(labels[i]!);
    keptPositives += labels[i] === 1 ? 1 : 0;
  }
  return { controlled, finds, averagePrecisionWithout: keptPositives > 0 ? averagePrecision(keptLogits, keptLabels) : null };
}

/** The self-selection of a test year in one sentence (training output and model card); `averagePrecision` is the whole year's. */
export function selfSelectionSentence(year: number, averagePrecision: number, s: SelfSelection, lang: Lang = 'en'): string {
  if (lang === 'nl') return selfSelectionSentenceNl(year, averagePrecision, s);
  if (s.controlled === 0)
    return `No control of ${year} is recorded with reason risk_model: no test label comes from a control that a risk list prompted.`;
  const without = s.averagePrecisionWithout === null ? 'undefined (no other find is left)' : s.averagePrecisionWithout.toFixed(4);
  return (
    `${s.controlled} addresses were controlled in ${year} because of a risk list (reason risk_model), ${s.finds} of them with a find; ` +
    `their labels follow where that list pointed, not the year's other controls. Test AP with them ${averagePrecision.toFixed(4)}, without them ${without}.`
  );
}

function selfSelectionSentenceNl(year: number, averagePrecision: number, s: SelfSelection): string {
  if (s.controlled === 0)
    return `Geen controle van ${year} is vastgelegd met reden risk_model: geen testlabel komt van een controle waartoe een risicolijst aanleiding gaf.`;
  const without =
    s.averagePrecisionWithout === null ? 'niet bepaald (er blijft geen andere vondst over)' : decimalNl(s.averagePrecisionWithout, 4);
  return (
    `${s.controlled} adressen zijn in ${year} gecontroleerd vanwege een risicolijst (reden risk_model), ${s.finds} daarvan met een vondst; ` +
    `hun labels volgen waar die lijst naar wees, niet de andere controles van het jaar. Test-AP met hen ` +
    `${decimalNl(averagePrecision, 4)}, zonder hen ${without}.`
  );
}
