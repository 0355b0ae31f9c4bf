import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import type pg from 'pg';
import { buildFeatures, FEATURE_CATALOGUE, type FeatureMatrix } from '../features/index.ts';
import { explainRows, scoreRows, type Family, type ModelArtefact } from '../models/index.ts';
import { loadTensorflow, type LoadedBackend } from '../models/index.ts';
import { fitPlatt } from '../models/index.ts';
import type { FitHistory } from '../models/index.ts';
import { bestEpoch, fitFamily } from './fit-family.ts';
import { comparableArtefact } from './comparable.ts';
import { refitForServing } from './refit.ts';
import { buildDatasets, DatasetError, listPromptedControls, planYears, type Dataset, type YearPlan } from './dataset.ts';
import { driftReference, populationStability } from './drift.ts';
import { evaluate, selfSelection, type Evaluation, type SelfSelection } from './evaluate.ts';
import { auditRiskList } from './audit.ts';
import { auditsForStorage, checkFairness, type AttributeAudit, type FairnessBounds, type FairnessGate } from './fairness.ts';
import { averagePrecision, pairedBootstrapAp } from './metrics.ts';
import { activateModel, activeModel, refuseModel, registerModel, RegistryError } from './registry.ts';
import { labelProvenance, labelWeightingSentence, weightLabels, type LabelWeighting, type LabelWeightingSummary } from './label-weighting.ts';
import { liveCheck, randomControls, randomSampleFigures, randomSampleSentence, type LiveCheck, type RandomSampleFigures } from './sample-figures.ts';

/**
 * One training run: plan the years, build their features, fit every requested family
 * (early stopping on the validation year), calibrate on the validation year, choose
 * (the additive model wins within a tolerance), test on the held-out year, audit,
 * register, and promote when the gate allows. Nothing of the test year is used before
 * the chosen model is fixed.
 */
export interface TrainSettings {
  family: Family | 'auto';
  testYear?: number;
  trainYears: number;
  seed: number;
  /** The additive model is chosen unless another family's validation AP is higher by more than this fraction and two bootstrap standard deviations. */
  additiveTolerance: number;
  /** A new model replaces the active one when its test AP ≥ (1 − this) × the active model's on the same year. */
  promotionTolerance: number;
  /** List size for the fairness audit (the controls a year). */
  listSize: number;
  /** Which labels training learns from, by the control that made them. */
  labelWeighting: LabelWeighting;
  /** Serve a refit on the newest years (test year included) instead of the held-out fit. */
  refit: boolean;
  fairnessBounds: readonly FairnessBounds[];
  /** address_id → group, for the audit only (never stored, never a feature). */
  auditAttributes?: ReadonlyMap<string, string>;
  actor: string;
  onProgress?: (message: string) => void;
  /** The features at the 1 January after the test year, when the caller has them already (drift). */
  upcoming?: FeatureMatrix;
  /** When the training data's fingerprint equals this (the active model's), stop before fitting: nothing new to learn. */
  unchangedFingerprint?: string;
}

export class UnchangedDataError extends Error {
  override name = 'UnchangedDataError';
}

export interface Candidate {
  family: Family;
  validationAveragePrecision: number;
  epochs: number;
  seconds: number;
  test: Evaluation;
  history: FitHistory[];
}

export interface TrainOutcome {
  version: number;
  family: Family;
  backend: string;
  plan: YearPlan;
  candidates: Candidate[];
  chosen: Evaluation;
  /** The test year's controls that the risk list prompted, and the chosen model's AP without them. */
  selfSelection: SelfSelection;
  /** How the training and validation labels were weighted by the control that made them. */
  labelWeighting: { train: LabelWeightingSummary; validation: LabelWeightingSummary };
  /** The test year on its random controls only: unbiased estimates with intervals. */
  randomSample: RandomSampleFigures;
  /** The active model's test precision at k against the random-sample estimate of it; null without an active model of the same features. */
  liveCheck: LiveCheck | null;
  selection: string;
  fairness: { audits: AttributeAudit[]; gate: FairnessGate };
  promoted: boolean;
  reasons: string[];
  seconds: number;
}


/** The release of this code, part of every fingerprint. */
const RELEASE = (createRequire(import.meta.url)('../package.json') as { version: string }).version;

export function fingerprint(datasets: readonly Dataset[], settings: Record<string, unknown> = {}): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify(settings));
  for (const d of datasets) {
    hash.update(JSON.stringify({ names: d.names, years: d.years, rows: d.rows }));
    hash.update(new Uint8Array(d.x.buffer, d.x.byteOffset, d.x.byteLength));
    hash.update(d.y);
    hash.update(d.addressIds.join('\n'));
  }
  return `sha256:${hash.digest('hex')}`;
}


export interface Fitted {
  artefact: ModelArtefact;
  candidate: Candidate;
  /** Logits and calibrated probabilities on the test year (for reports only: the choice never reads them). */
  testLogits: Float64Array;
  testProbabilities: Float64Array;
}

/**
 * Fits every family the settings ask for on the training years (early stopping and Platt
 * calibration on the validation year), evaluates each on the test year, and chooses on
 * the validation year alone (see the rule below).
 */
export async function fitAndChoose(
  backend: LoadedBackend,
  data: { train: Dataset; validation: Dataset; test: Dataset },
  testYear: number,
  settings: Pick<TrainSettings, 'family' | 'seed' | 'additiveTolerance' | 'onProgress'>,
): Promise<{ fitted: Fitted[]; chosen: Fitted; selection: string }> {
  const say = settings.onProgress ?? (() => undefined);
  const families: Family[] = settings.family === 'auto' ? ['logistic', 'additive', 'mlp'] : [settings.family];
  const fitted: Fitted[] = [];
  const validationLogits = new Map<Fitted, Float64Array>();
  for (const family of families) {
    say(`fitting ${family} on ${data.train.rows.toLocaleString('en')} rows (${data.train.positives} positives)`);
    const t0 = performance.now();
    const { artefact: partial, history } = await fitFamily(backend, family, data, settings.seed);
    const validation = scoreRows({ ...partial, calibration: { method: 'platt', a: 1, b: 0 } } as ModelArtefact, data.validation.x, data.validation.rows, backend.tf);
    const artefact = { ...partial, calibration: fitPlatt(validation.logits, data.validation.y) } as ModelArtefact;
    const seconds = (performance.now() - t0) / 1000;
    const scoredTest = scoreRows(artefact, data.test.x, data.test.rows, backend.tf);
    fitted.push({
      artefact,
      testLogits: scoredTest.logits,
      testProbabilities: scoredTest.probabilities,
      candidate: {
        family,
        validationAveragePrecision: averagePrecision(validation.logits, data.validation.y),
        epochs: history.length,
        seconds,
        test: evaluate(testYear, scoredTest.logits, scoredTest.probabilities, data.test.y),
        history,
      },
    });
    validationLogits.set(fitted.at(-1)!, validation.logits);
  }

  // Selection on the validation year only; the test year stays unseen until the choice is made.
  // The additive model wins unless another family beats it by more than the tolerance and
  // by more than two bootstrap standard deviations: a gap the noise of one year explains is
  // no reason to give up exact explanations.
  const best = fitted.reduce((a, b) => (b.candidate.validationAveragePrecision > a.candidate.validationAveragePrecision ? b : a));
  const additive = fitted.find((f) => f.artefact.family === 'additive');
  let chosen = best;
  let selection = fitted.length === 1 ? `only ${best.artefact.family} was trained` : `${best.artefact.family} had the best validation AP (${best.candidate.validationAveragePrecision.toFixed(4)})`;
  if (additive && additive !== best) {
    const bestAp = best.candidate.validationAveragePrecision;
    const gap = bestAp - additive.candidate.validationAveragePrecision;
    const { sd } = pairedBootstrapAp(validationLogits.get(best)!, validationLogits.get(additive)!, data.validation.y);
    const margin = Math.max(settings.additiveTolerance * bestAp, 2 * sd);
    if (gap <= margin) {
      chosen = additive;
      selection = `additive, as its validation AP ${additive.candidate.validationAveragePrecision.toFixed(4)} is ${gap.toFixed(4)} below ${best.artefact.family}'s ${bestAp.toFixed(4)}, within the margin ${margin.toFixed(4)} (the larger of ${settings.additiveTolerance * 100} % and two bootstrap standard deviations, ${(2 * sd).toFixed(4)}); explainability comes first`;
    } else {
      selection += `; additive (${additive.candidate.validationAveragePrecision.toFixed(4)}) is ${gap.toFixed(4)} below it, more than the margin ${margin.toFixed(4)} (the larger of ${settings.additiveTolerance * 100} % and two bootstrap standard deviations)`;
    }
  }
  return { fitted, chosen, selection };
}

export async function trainModel(pool: pg.Pool, settings: TrainSettings): Promise<TrainOutcome> {
  const started = performance.now();
  const say = settings.onProgress ?? (() => undefined);
  const backend = await loadTensorflow();
  say(`TensorFlow.js backend: ${backend.name}${backend.skipped.length ? ` (passed over: ${backend.skipped.join('; ')})` : ''}`);
  const plan = await planYears(pool, { testYear: settings.testYear, trainYears: settings.trainYears });
  say(`years: train ${plan.train.join(', ')}; validate ${plan.validation}; test ${plan.test}`);
  const built = await buildDatasets(pool, plan, (year) => say(`features as of ${year}-01-01`));
  const provenance = await labelProvenance(pool, [...plan.train, plan.validation, plan.test]);
  const weighted = { train: weightLabels(built.train, provenance, settings.labelWeighting), validation: weightLabels(built.validation, provenance, settings.labelWeighting) };
  const data = { train: weighted.train.dataset, validation: weighted.validation.dataset, test: built.test };
  const labelWeighting = { train: weighted.train.summary, validation: weighted.validation.summary };
  say(labelWeightingSentence(weighted.train.summary));
  // The fingerprint covers the matrices and every setting that changes the fit, so new
  // settings or a new release on unchanged data still give a new model.
  const dataFingerprint = fingerprint([data.train, data.validation, data.test], {
    family: settings.family, trainYears: settings.trainYears, seed: settings.seed, additiveTolerance: settings.additiveTolerance, labelWeighting: settings.labelWeighting, release: RELEASE,
  });
  if (settings.unchangedFingerprint === dataFingerprint) throw new UnchangedDataError(`the training data and settings are unchanged since the latest model (${dataFingerprint.slice(0, 19)}…): no new model trained`);
  if (data.validation.positives === 0) throw new DatasetError(`the validation year ${plan.validation} has no positive label: early stopping and calibration need some; choose another --test-year`);
  if (data.test.positives === 0) throw new DatasetError(`the test year ${plan.test} has no positive label: AP is undefined; choose another --test-year`);

  const { fitted, chosen, selection } = await fitAndChoose(backend, data, plan.test, settings);
  say(`chosen: ${selection}`);

  // Explanations' completeness on a sample of the test year (exact for logistic and additive, integrated gradients for mlp).
  const sampleRows = Math.min(data.test.rows, 2000);
  const explained = explainRows(chosen.artefact, data.test.x.subarray(0, sampleRows * data.test.names.length), sampleRows, backend.tf);
  const prompted = await listPromptedControls(pool, plan.test);
  const promptedRows = data.test.addressIds.map((id) => prompted.get(id) ?? null);
  const self = selfSelection(chosen.testLogits, data.test.y, promptedRows);
  const sample = await randomControls(pool, plan.test);
  const testYearScores = { year: plan.test, addressIds: data.test.addressIds, labels: data.test.y, k: settings.listSize };
  const randomSample = randomSampleFigures(sample, { ...testYearScores, logits: chosen.testLogits });
  say(randomSampleSentence(randomSample));
  const audits = await auditRiskList(pool, { addressIds: data.test.addressIds, logits: chosen.testLogits, probabilities: chosen.testProbabilities, labels: data.test.y, k: settings.listSize, attributes: settings.auditAttributes });
  const fairness = { audits, gate: checkFairness(audits, settings.fairnessBounds) };

  // The served model: refitted on the newest years with what the held-out fit chose.
  const attempt = settings.refit
    ? await refitForServing(backend, { family: chosen.artefact.family, epochs: bestEpoch(chosen.candidate.history) }, built.byYear, provenance, { test: plan.test, trainYears: settings.trainYears, seed: settings.seed, labelWeighting: settings.labelWeighting })
    : { skipped: 'HENNEP_REFIT=off: the held-out fit serves' };
  const refit = 'skipped' in attempt ? null : attempt;
  say(refit ? `refitted for serving on ${refit.record.years.join(', ')} (${refit.record.rows.toLocaleString('en')} rows, ${refit.record.epochs} sweeps, calibration cross-fitted) in ${refit.record.seconds.toFixed(1)} s` : `no refit: ${(attempt as { skipped: string }).skipped}`);
  const served = refit?.artefact ?? chosen.artefact;

  // Drift: the next reference date against the served model's training rows.
  const next = `${plan.test + 1}-01-01`;
  const trainedOn = refit?.data ?? data.train;
  const reference = driftReference(trainedOn.x, trainedOn.rows, trainedOn.names);
  let upcoming = settings.upcoming;
  if (upcoming?.referenceDate !== next) {
    say(`features as of ${next} (drift)`);
    upcoming = await buildFeatures(pool, next);
  }
  const drift = { reference, at: next, features: populationStability(reference, upcoming.values, upcoming.addressIds.length, upcoming.names) };

  // The gate: fairness bounds, then no worse than the active model on this very test year —
  // without the addresses a risk list sent controls to, when the rest still holds a find:
  // their labels follow where that list (most likely the active model's) pointed.
  const reasons: string[] = [];
  let passed = fairness.gate.passed;
  for (const f of fairness.gate.findings) if (!f.passed) reasons.push(f.reason);
  const active = await activeModel(pool);
  const withoutPrompted = self.controlled > 0 && self.averagePrecisionWithout !== null;
  const chosenAp = withoutPrompted ? self.averagePrecisionWithout! : chosen.candidate.test.averagePrecision;
  const onWhat = withoutPrompted ? `on ${plan.test} without the ${self.controlled} addresses a risk list sent controls to` : `on ${plan.test}`;
  let activeComparison: { version: number; averagePrecision: number; withoutListPrompted: boolean } | null = null;
  let live: LiveCheck | null = null;
  if (!active) reasons.push('no model was active');
  else if (active.artefact.names.join() !== chosen.artefact.names.join()) {
    reasons.push(`the active model ${active.version} uses another feature list; it cannot be scored on this test year, so only the fairness bounds apply`);
  } else {
    // A served refit that saw this test year is judged by its held-out fit, which did not.
    const activeScores = scoreRows(comparableArtefact(active, plan.test), data.test.x, data.test.rows, backend.tf);
    live = liveCheck(active.version, sample, { ...testYearScores, logits: activeScores.logits });
    say(live.sentence);
    const activeAp = withoutPrompted ? selfSelection(activeScores.logits, data.test.y, promptedRows).averagePrecisionWithout! : averagePrecision(activeScores.logits, data.test.y);
    activeComparison = { version: active.version, averagePrecision: activeAp, withoutListPrompted: withoutPrompted };
    const needed = (1 - settings.promotionTolerance) * activeAp;
    if (chosenAp >= needed) reasons.push(`test AP ${chosenAp.toFixed(4)} ≥ ${needed.toFixed(4)} ${onWhat} (active model ${active.version}: ${activeAp.toFixed(4)}, tolerance ${settings.promotionTolerance * 100} %)`);
    else {
      passed = false;
      reasons.push(`test AP ${chosenAp.toFixed(4)} is below ${needed.toFixed(4)}: more than ${settings.promotionTolerance * 100} % under the active model ${active.version} (${activeAp.toFixed(4)}) ${onWhat}`);
    }
  }

  const seconds = (performance.now() - started) / 1000;
  const version = await registerModel(
    pool,
    {
      family: chosen.artefact.family,
      backend: backend.name,
      artefact: served,
      training: {
        plan,
        rows: { train: data.train.rows, validation: data.validation.rows, test: data.test.rows },
        positives: { train: data.train.positives, validation: data.validation.positives, test: data.test.positives },
        seed: settings.seed,
        labelWeighting,
        refit: refit?.record ?? null,
        refitSkipped: refit ? null : (attempt as { skipped: string }).skipped,
        fitSeconds: chosen.candidate.seconds,
        history: chosen.candidate.history,
        selection,
        backendSkipped: backend.skipped,
        release: RELEASE,
        features: chosen.artefact.names.map((n) => {
          const entry = FEATURE_CATALOGUE.find((f) => f.name === n);
          return { name: n, description: entry?.description, sources: entry?.sources, missing: entry?.missing, purpose: entry?.purpose };
        }),
      },
      dataFingerprint,
      metrics: {
        chosen: chosen.candidate.test,
        selfSelection: self,
        randomSample,
        liveCheck: live,
        validationAveragePrecision: chosen.candidate.validationAveragePrecision,
        calibration: chosen.artefact.calibration,
        // The held-out fit the figures are of, kept for later gates when the served refit has seen their test year.
        heldOutArtefact: refit ? chosen.artefact : null,
        explanation: { method: chosen.artefact.family === 'mlp' ? 'integrated gradients' : 'exact additive terms', completenessError: explained.completenessError, sampleRows },
        candidates: fitted.map((f) => ({ ...f.candidate, history: undefined })),
        activeComparison,
      },
      fairness: { listSize: settings.listSize, audits: auditsForStorage(fairness.audits), gate: fairness.gate, bounds: settings.fairnessBounds },
      drift,
      gate: { passed, reasons, promotionTolerance: settings.promotionTolerance },
      trainingSeconds: seconds,
    },
    settings.actor,
  );
  say(`registered model ${version}`);
  if (passed) {
    try {
      await activateModel(pool, version, settings.actor, { event: 'promoted', comparedWith: active?.version ?? null });
    } catch (error) {
      if (!(error instanceof RegistryError)) throw error;
      passed = false;
      reasons.push(error.message);
    }
  }
  if (!passed) await refuseModel(pool, version, settings.actor, reasons.join('; '));
  return { version, family: chosen.artefact.family, backend: backend.name, plan, candidates: fitted.map((f) => f.candidate), chosen: chosen.candidate.test, selfSelection: self, labelWeighting, randomSample, liveCheck: live, selection, fairness, promoted: passed, reasons, seconds };
}
