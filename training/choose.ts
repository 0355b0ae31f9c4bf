/**
 * Fitting every family a run asks for and choosing one. Each is fitted on the training
 * years (early stopping and Platt calibration on the validation year) and evaluated on the
 * test year; the choice reads the validation year alone, so the test year stays unseen
 * until the chosen model is fixed.
 */
import { fitPlatt, scoreRows, type Family, type FitHistory, type LoadedBackend, type ModelArtefact } from '../models/index.ts';
import type { Dataset } from './dataset.ts';
import { evaluate, type Evaluation } from './evaluate.ts';
import { fitFamily, type RefitPlan } from './fit-family.ts';
import { averagePrecision, pairedBootstrapAp } from './metrics.ts';
import type { TrainSettings } from './settings.ts';

export interface Candidate {
  family: Family;
  validationAveragePrecision: number;
  epochs: number;
  seconds: number;
  test: Evaluation;
  history: FitHistory[];
}

export interface Fitted {
  artefact: ModelArtefact;
  candidate: Candidate;
  /** What a refit for serving repeats (fit-family.ts). */
  refit: RefitPlan;
  /** Logits and calibrated probabilities on the test year (for reports only: the choice never reads them). */
  testLogits: Float64Array;
  testProbabilities: Float64Array;
}

type Years = { train: Dataset; validation: Dataset; test: Dataset };

/** Fits every family the settings ask for, evaluates each on the test year, and chooses on the validation year alone (chooseFamily). */
export async function fitAndChoose(
  backend: LoadedBackend,
  data: Years,
  testYear: number,
  settings: Pick<TrainSettings, 'family' | 'seed' | 'additiveTolerance' | 'additiveBags' | 'onProgress'>,
): Promise<{ fitted: Fitted[]; chosen: Fitted; selection: string }> {
  const say = settings.onProgress ?? (() => undefined);
  const families: Family[] = settings.family === 'auto' ? ['logistic', 'additive', 'mlp'] : [settings.family];
  const fitted: Fitted[] = [];
  const validationLogits = new Map<Fitted, Float64Array>();
  for (const family of families) {
    say(`fitting ${family} on ${data.train.rows.toLocaleString('en')} rows (${data.train.positives} positives)`);
    const { fit, logits } = await fitOne(backend, family, data, { testYear, seed: settings.seed, bags: settings.additiveBags });
    fitted.push(fit);
    validationLogits.set(fit, logits);
  }
  const { chosen, selection } = chooseFamily(fitted, validationLogits, data.validation.y, settings.additiveTolerance);
  return { fitted, chosen, selection };
}

/** One family fitted, calibrated on the validation year and evaluated on the test year; with its validation logits for the choice. */
async function fitOne(
  backend: LoadedBackend,
  family: Family,
  data: Years,
  run: { testYear: number; seed: number; bags: number },
): Promise<{ fit: Fitted; logits: Float64Array }> {
  const t0 = performance.now();
  const { artefact: partial, history, refit } = await fitFamily(backend, family, data, run);
  const validation = scoreRows(
    { ...partial, calibration: { method: 'platt', a: 1, b: 0 } } as ModelArtefact,
    data.validation.x,
    data.validation.rows,
    backend.tf,
  );
  const artefact = { ...partial, calibration: fitPlatt(validation.logits, data.validation.y) } as ModelArtefact;
  const seconds = (performance.now() - t0) / 1000;
  const scoredTest = scoreRows(artefact, data.test.x, data.test.rows, backend.tf);
  const fit: Fitted = {
    artefact,
    refit,
    testLogits: scoredTest.logits,
    testProbabilities: scoredTest.probabilities,
    candidate: {
      family,
      validationAveragePrecision: averagePrecision(validation.logits, data.validation.y),
      epochs: history.length,
      seconds,
      test: evaluate({ year: run.testYear, logits: scoredTest.logits, probabilities: scoredTest.probabilities, labels: data.test.y }),
      history,
    },
  };
  return { fit, logits: validation.logits };
}

/**
 * The choice, on the validation year only. The additive model wins unless another family
 * beats it by more than the tolerance and by more than two bootstrap standard deviations:
 * a gap the noise of one year explains is no reason to give up exact explanations.
 */
function chooseFamily(
  fitted: readonly Fitted[],
  validationLogits: ReadonlyMap<Fitted, Float64Array>,
  validationLabels: ArrayLike<number>,
  tolerance: number,
): { chosen: Fitted; selection: string } {
  const best = fitted.reduce((a, b) => (b.candidate.validationAveragePrecision > a.candidate.validationAveragePrecision ? b : a));
  const bestAp = best.candidate.validationAveragePrecision;
  const additive = fitted.find((f) => f.artefact.family === 'additive');
  const selection =
    fitted.length === 1
      ? `only ${best.artefact.family} was trained`
      : `${best.artefact.family} had the best validation AP (${bestAp.toFixed(4)})`;
  if (!additive || additive === best) return { chosen: best, selection };
  const additiveAp = additive.candidate.validationAveragePrecision;
  const gap = bestAp - additiveAp;
  const { sd } = pairedBootstrapAp(validationLogits.get(best)!, validationLogits.get(additive)!, validationLabels);
  const margin = Math.max(tolerance * bestAp, 2 * sd);
  const larger = `the larger of ${tolerance * 100} % and two bootstrap standard deviations`;
  if (gap <= margin) {
    return {
      chosen: additive,
      selection:
        `additive, as its validation AP ${additiveAp.toFixed(4)} is ${gap.toFixed(4)} below ${best.artefact.family}'s ${bestAp.toFixed(4)}, ` +
        `within the margin ${margin.toFixed(4)} (${larger}, ${(2 * sd).toFixed(4)}); explainability comes first`,
    };
  }
  const below = `additive (${additiveAp.toFixed(4)}) is ${gap.toFixed(4)} below it, more than the margin ${margin.toFixed(4)} (${larger})`;
  return { chosen: best, selection: `${selection}; ${below}` };
}
