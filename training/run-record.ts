/** The registry row of a training run: what serves, how it was trained, every figure, the audit, the drift and the gate. */
import { packageVersion } from '../config/index.ts';
import { FEATURE_CATALOGUE } from '../features/index.ts';
import type { LoadedBackend } from '../models/index.ts';
import type { Fitted } from './choose.ts';
import { auditsForStorage } from './fairness.ts';
import type { GateDecision } from './gate.ts';
import type { NewModel } from './registry.ts';
import type { Assessed, Prepared, Serving } from './run-types.ts';
import type { TrainSettings } from './settings.ts';

/** The registry row of a run: the served artefact, how it was trained, every figure, the audit, the drift and the gate. */
export function newModel(run: {
  backend: LoadedBackend;
  prepared: Prepared;
  fitted: readonly Fitted[];
  chosen: Fitted;
  selection: string;
  assessed: Assessed;
  serving: Serving;
  gate: GateDecision;
  settings: TrainSettings;
  seconds: number;
}): NewModel {
  const { backend, prepared, chosen, assessed, serving, gate, settings } = run;
  const { plan, data } = prepared;
  return {
    family: chosen.artefact.family,
    backend: backend.name,
    artefact: serving.served,
    training: {
      plan,
      rows: { train: data.train.rows, validation: data.validation.rows, test: data.test.rows },
      positives: { train: data.train.positives, validation: data.validation.positives, test: data.test.positives },
      seed: settings.seed,
      labelWeighting: prepared.labelWeighting,
      negativeSampling: prepared.negativeSampling,
      refit: serving.refit,
      refitSkipped: serving.refitSkipped,
      fitSeconds: chosen.candidate.seconds,
      history: chosen.candidate.history,
      selection: run.selection,
      backendSkipped: backend.skipped,
      release: packageVersion(),
      features: chosen.artefact.names.map(catalogueRecord),
    },
    dataFingerprint: prepared.dataFingerprint,
    metrics: {
      chosen: chosen.candidate.test,
      selfSelection: assessed.self,
      randomSample: assessed.randomSample,
      liveCheck: gate.liveCheck,
      validationAveragePrecision: chosen.candidate.validationAveragePrecision,
      calibration: chosen.artefact.calibration,
      // The held-out fit the figures are of, kept for later gates when the served refit has seen their test year.
      heldOutArtefact: serving.refit ? chosen.artefact : null,
      explanation: { method: chosen.artefact.family === 'mlp' ? 'integrated gradients' : 'exact additive terms', ...assessed.explanation },
      candidates: run.fitted.map((f) => ({ ...f.candidate, history: undefined })),
      activeComparison: gate.activeComparison,
    },
    fairness: {
      listSize: settings.listSize,
      audits: auditsForStorage(assessed.fairness.audits),
      gate: assessed.fairness.gate,
      bounds: settings.fairnessBounds,
    },
    drift: serving.drift,
    gate: { passed: gate.passed, reasons: gate.reasons, promotionTolerance: settings.promotionTolerance },
    trainingSeconds: run.seconds,
  };
}

/** A feature as the catalogue describes it now, kept with the model so its card still reads after the catalogue changes. */
function catalogueRecord(name: string) {
  const entry = FEATURE_CATALOGUE.find((f) => f.name === name);
  return { name, description: entry?.description, sources: entry?.sources, missing: entry?.missing, purpose: entry?.purpose };
}
