/**
 * One training run: plan the years, build their features, fit every requested family
 * (early stopping on the validation year), calibrate on the validation year, choose
 * (the additive model wins within a tolerance), test on the held-out year, audit,
 * register, and promote when the gate allows. Nothing of the test year is used before
 * the chosen model is fixed.
 */
import type pg from 'pg';
import { packageVersion } from '../config/index.ts';
import { FEATURE_NAMES, forEachFeatureBatch, type FeatureMatrix } from '../features/index.ts';
import { explainRows, loadTensorflow, type LoadedBackend } from '../models/index.ts';
import { auditRiskList } from './audit.ts';
import { fitAndChoose, type Fitted } from './choose.ts';
import { buildDatasets, DatasetError, listPromptedControls, planYears, type YearPlan } from './dataset.ts';
import { driftReference, StabilityTally } from './drift.ts';
import { selfSelection } from './evaluate.ts';
import { checkFairness } from './fairness-gate.ts';
import { fingerprint } from './fingerprint.ts';
import { promoteOrRefuse, promotionGate } from './gate.ts';
import { labelProvenance, labelWeightingSentence, weightLabels } from './label-weighting.ts';
import { excludedOf, negativeSamplingSentence, sampleNegatives, thinYear, withoutExcluded } from './negative-sampling.ts';
import { refitForServing } from './refit.ts';
import { registerModel } from './registry.ts';
import { assertTrainable } from './size-limit.ts';
import { randomControls, randomSampleFigures, randomSampleSentence } from './sample-figures.ts';
import { newModel } from './run-record.ts';
import { planSampling } from './thinning.ts';
import type { Assessed, Prepared, Say, Serving, TrainOutcome } from './run-types.ts';
import type { TrainSettings } from './settings.ts';

export { fitAndChoose, type Fitted } from './choose.ts';
export type { TrainOutcome } from './run-types.ts';

export class UnchangedDataError extends Error {
  override name = 'UnchangedDataError';
}

export async function trainModel(pool: pg.Pool, settings: TrainSettings): Promise<TrainOutcome> {
  const started = performance.now();
  const say: Say = settings.onProgress ?? (() => undefined);
  await assertTrainable(pool, settings.trainMaxAddresses);
  const backend = await loadTensorflow();
  say(`TensorFlow.js backend: ${backend.name}${backend.skipped.length ? ` (passed over: ${backend.skipped.join('; ')})` : ''}`);
  const prepared = await prepare(pool, settings, say);
  const { plan, data } = prepared;
  const { fitted, chosen, selection } = await fitAndChoose(backend, data, plan.test, settings);
  say(`chosen: ${selection}`);
  const assessed = await assess(pool, backend, prepared, chosen, settings, say);
  const serving = await servedModel(pool, backend, prepared, chosen, settings, say);
  const gate = await promotionGate(pool, {
    backend,
    chosen,
    test: { year: plan.test, data: data.test },
    prompted: { rows: assessed.promptedRows, self: assessed.self },
    sample: assessed.sample,
    fairness: assessed.fairness.gate,
    listSize: settings.listSize,
    promotionTolerance: settings.promotionTolerance,
    say,
  });
  const seconds = (performance.now() - started) / 1000;
  const record = newModel({ backend, prepared, fitted, chosen, selection, assessed, serving, gate, settings, seconds });
  const version = await registerModel(pool, record, settings.actor);
  say(`registered model ${version}`);
  const promoted = await promoteOrRefuse(pool, version, gate, settings.actor);
  return {
    version,
    family: chosen.artefact.family,
    backend: backend.name,
    plan,
    candidates: fitted.map((f) => f.candidate),
    chosen: chosen.candidate.test,
    selfSelection: assessed.self,
    labelWeighting: prepared.labelWeighting,
    randomSample: assessed.randomSample,
    liveCheck: gate.liveCheck,
    selection,
    fairness: assessed.fairness,
    promoted,
    reasons: gate.reasons,
    seconds,
  };
}

/** Plans the years and builds their datasets; refuses to go on when nothing changed or a year cannot be judged. */
async function prepare(pool: pg.Pool, settings: TrainSettings, say: Say): Promise<Prepared> {
  const plan = await planYears(pool, { testYear: settings.testYear, trainYears: settings.trainYears });
  say(`years: train ${plan.train.join(', ')}; validate ${plan.validation}; test ${plan.test}`);
  const { sampling, provenance, excluded, built } = await buildYears(pool, plan, settings, say);
  const heldOut = sampling?.heldOut;
  const train = weightLabels(built.train, provenance, settings.labelWeighting, heldOut ? sampling.population : undefined);
  const validation = weightLabels(built.validation, provenance, settings.labelWeighting);
  const data = { train: train.dataset, validation: validation.dataset, test: built.test };
  say(labelWeightingSentence(train.summary));
  // The fingerprint covers the matrices and every setting that changes the fit, so new
  // settings or a new release on unchanged data still give a new model.
  const { family, trainYears, seed, additiveTolerance, additiveBags, labelWeighting, trainMemoryMb } = settings;
  const fitSettings = {
    family,
    trainYears,
    seed,
    additiveTolerance,
    additiveBags,
    labelWeighting,
    trainMemoryMb,
    release: packageVersion(),
  };
  const dataFingerprint = fingerprint([data.train, data.validation, data.test], fitSettings);
  if (settings.unchangedFingerprint === dataFingerprint) {
    throw new UnchangedDataError(
      `the training data and settings are unchanged since the latest model (${dataFingerprint.slice(0, 19)}…): no new model trained`,
    );
  }
  if (data.validation.positives === 0) {
    throw new DatasetError(
      `the validation year ${plan.validation} has no positive label: early stopping and calibration need some; choose another --test-year`,
    );
  }
  if (data.test.positives === 0)
    throw new DatasetError(`the test year ${plan.test} has no positive label: AP is undefined; choose another --test-year`);
  // After the fingerprint: the same data and budget sample the same rows.
  const sampled = sampleNegatives(data.train, trainMemoryMb, seed, heldOut && withoutExcluded(heldOut, plan.train, excluded));
  if (sampled.sampling) say(negativeSamplingSentence(sampled.sampling));
  return {
    plan,
    built,
    provenance,
    data: { ...data, train: sampled.dataset },
    labelWeighting: { train: train.summary, validation: validation.summary },
    negativeSampling: sampled.sampling,
    refitSampling: sampling?.refit ? { planned: sampling.refit, population: sampling.population, excluded } : null,
    dataFingerprint,
  };
}

/**
 * The years' features, the labels' provenance and the negative sampling, decided before any
 * year is built so that a large city's training years are thinned as they come.
 */
async function buildYears(pool: pg.Pool, plan: YearPlan, settings: TrainSettings, say: Say) {
  const width = FEATURE_NAMES.length;
  const { trainMemoryMb: budgetMb, trainYears, refit, labelWeighting: method } = settings;
  const sampling = await planSampling(pool, plan, { width, budgetMb, trainYears, refit });
  const provenance = await labelProvenance(pool, [...plan.train, plan.validation, plan.test]);
  // What exclude-model drops, counted on each whole year before it is thinned.
  const excluded = new Map<number, { rows: number; negatives: number }>();
  const heldOut = sampling?.heldOut;
  const thin = heldOut
    ? (m: FeatureMatrix) => {
        excluded.set(Number(m.referenceDate.slice(0, 4)), excludedOf(m, provenance, method));
        return thinYear(m, heldOut.rate, settings.seed);
      }
    : undefined;
  const built = await buildDatasets(pool, plan, (year) => say(`features as of ${year}-01-01`), thin);
  // The years not thinned (validation, test; every year when the held-out rows fit) are whole here.
  for (const [year, m] of built.byYear) if (!excluded.has(year)) excluded.set(year, excludedOf(m, provenance, method));
  return { sampling, provenance, excluded, built };
}

/** The chosen fit on the test year: its explanations' completeness, the list-prompted controls, the random sample and the fairness audit. */
async function assess(
  pool: pg.Pool,
  backend: LoadedBackend,
  prepared: Prepared,
  chosen: Fitted,
  settings: TrainSettings,
  say: Say,
): Promise<Assessed> {
  const { plan, data } = prepared;
  // Completeness on a sample of the test year (exact for logistic and additive, integrated gradients for mlp).
  const sampleRows = Math.min(data.test.rows, 2000);
  const explained = explainRows(chosen.artefact, data.test.x.subarray(0, sampleRows * data.test.names.length), sampleRows, backend.tf);
  const prompted = await listPromptedControls(pool, plan.test);
  const promptedRows = data.test.addressIds.map((id) => prompted.get(id) ?? null);
  const self = selfSelection(chosen.testLogits, data.test.y, promptedRows);
  const sample = await randomControls(pool, plan.test);
  const randomSample = randomSampleFigures(sample, {
    year: plan.test,
    addressIds: data.test.addressIds,
    k: settings.listSize,
    logits: chosen.testLogits,
  });
  say(randomSampleSentence(randomSample));
  const { addressIds, y: labels } = data.test;
  const scored = { addressIds, logits: chosen.testLogits, probabilities: chosen.testProbabilities, labels };
  const audits = await auditRiskList(pool, { ...scored, k: settings.listSize, attributes: settings.auditAttributes });
  const fairness = { audits, gate: checkFairness(audits, settings.fairnessBounds) };
  return {
    explanation: { completenessError: explained.completenessError, sampleRows },
    promptedRows,
    self,
    sample,
    randomSample,
    fairness,
  };
}

/** The served model: refitted on the newest years with what the held-out fit chose, unless the settings say otherwise; and its drift. */
async function servedModel(
  pool: pg.Pool,
  backend: LoadedBackend,
  prepared: Prepared,
  chosen: Fitted,
  settings: TrainSettings,
  say: Say,
): Promise<Serving> {
  const { plan, built, provenance } = prepared;
  const attempt = settings.refit
    ? await refitForServing(backend, { family: chosen.artefact.family, plan: chosen.refit }, built.byYear, provenance, {
        test: plan.test,
        trainYears: settings.trainYears,
        seed: settings.seed,
        bags: settings.additiveBags,
        labelWeighting: settings.labelWeighting,
        memoryMb: settings.trainMemoryMb,
        sampling: prepared.refitSampling,
      })
    : { skipped: 'HENNEP_REFIT=off: the held-out fit serves' };
  const refit = 'skipped' in attempt ? null : attempt;
  const record = refit?.record;
  const refitted = record && `${record.rows.toLocaleString('en')} rows, ${record.epochs} sweeps, calibration cross-fitted`;
  say(
    record
      ? `refitted for serving on ${record.years.join(', ')} (${refitted}) in ${record.seconds.toFixed(1)} s`
      : `no refit: ${(attempt as { skipped: string }).skipped}`,
  );
  // Drift: the next reference date against the served model's training rows.
  const next = `${plan.test + 1}-01-01`;
  const trainedOn = refit?.data ?? prepared.data.train;
  const reference = driftReference(trainedOn.x, trainedOn.rows, trainedOn.names);
  // Counted batch by batch: the year's matrix is not held beside the training years.
  say(`features as of ${next} (drift)`);
  const tally = new StabilityTally(reference, FEATURE_NAMES);
  await forEachFeatureBatch(pool, next, (batch) => tally.add(batch.values, batch.addressIds.length));
  const features = tally.result();
  const drift = { reference, at: next, features };
  return {
    refit: record ?? null,
    refitSkipped: refit ? null : (attempt as { skipped: string }).skipped,
    served: refit?.artefact ?? chosen.artefact,
    drift,
  };
}
