import { FEATURE_CATALOGUE } from '../features/index.ts';
import { DEFAULT_BAGGING, fitBaggedAdditive } from '../models/index.ts';
import type { Family, ModelArtefact } from '../models/index.ts';
import type { LoadedBackend } from '../models/index.ts';
import { DEFAULT_FIT, fitLogistic, type FitHistory, type LabelledMatrix } from '../models/index.ts';
import { DEFAULT_MLP, fitMlp } from '../models/index.ts';
import { applyScaling, fitScaling } from '../models/index.ts';
import type { Dataset } from './dataset.ts';
import { averagePrecision } from './metrics.ts';

/** An artefact before calibration (distributes over the families). */
export type Uncalibrated = ModelArtefact extends infer A ? (A extends unknown ? Omit<A, 'calibration'> : never) : never;

const metric = (logits: Float64Array, labels: Float32Array): number => averagePrecision(logits, labels);

function labelled(d: Dataset, scaling: ReturnType<typeof fitScaling>): LabelledMatrix {
  return {
    x: applyScaling(d.x, d.rows, scaling),
    y: Float32Array.from(d.y),
    rows: d.rows,
    features: d.names.length,
    ...(d.weights ? { weights: d.weights } : {}),
  };
}

/** What a refit repeats of a held-out fit: its sweeps or epochs, and for the additive model its pair sweeps (0: no pairs). */
export interface RefitPlan {
  epochs: number;
  pairSweeps?: number;
}

/** The catalogue's declared directions of the given features. */
export function monotoneDirections(names: readonly string[]): Record<string, 'increasing' | 'decreasing'> {
  return Object.fromEntries(FEATURE_CATALOGUE.filter((f) => f.monotone && names.includes(f.name)).map((f) => [f.name, f.monotone!]));
}

/**
 * Fits one family with its default settings. With a plan, exactly its sweeps or epochs
 * and the last one kept (a refit repeats what early stopping found); without, it stops
 * early on the validation rows and keeps the best. The additive family is the bagged
 * model with pairs and the catalogue's monotone shapes (models/bagging.ts).
 */
export async function fitFamily(
  backend: LoadedBackend,
  family: Family,
  data: { train: Dataset; validation: Dataset },
  run: { seed: number; bags: number },
  plan?: RefitPlan,
): Promise<{ artefact: Uncalibrated; history: FitHistory[]; refit: RefitPlan }> {
  const { tf } = backend;
  const { seed } = run;
  const { train, validation } = data;
  const names = [...train.names];
  const fixed = plan === undefined ? {} : { maxEpochs: plan.epochs, keepLast: true };
  if (family === 'additive') {
    const raw = (d: Dataset) => ({ x: d.x, y: d.y, rows: d.rows, features: names.length, ...(d.weights ? { weights: d.weights } : {}) });
    const monotone = monotoneDirections(names);
    const bagged = await fitBaggedAdditive(tf, names, raw(train), raw(validation), {
      ...DEFAULT_BAGGING,
      seed: run.seed,
      bags: run.bags,
      monotone,
      additive: { ...DEFAULT_BAGGING.additive, ...fixed },
      ...(plan ? { pairSweeps: plan.pairSweeps ?? 0 } : {}),
    });
    const { model, spread, history, pairHistory, refit } = bagged;
    return {
      artefact: { family, names, model, spread, monotone, bags: run.bags },
      history: [...history, ...pairHistory],
      refit,
    };
  }
  const scaling = fitScaling(train.x, train.rows, names);
  if (family === 'logistic') {
    const { model, history } = await fitLogistic(tf, labelled(train, scaling), labelled(validation, scaling), metric, {
      ...DEFAULT_FIT,
      seed,
      ...fixed,
    });
    return { artefact: { family, names, scaling, model }, history, refit: { epochs: bestEpoch(history) } };
  }
  const { model, history } = await fitMlp(tf, labelled(train, scaling), labelled(validation, scaling), metric, {
    ...DEFAULT_MLP,
    seed,
    ...fixed,
  });
  return { artefact: { family, names, scaling, model }, history, refit: { epochs: bestEpoch(history) } };
}

/** The sweep or epoch early stopping kept: the best validation score of the history. */
export function bestEpoch(history: readonly FitHistory[]): number {
  return history.reduce((best, h) => (h.validationScore > best.validationScore ? h : best)).epoch;
}
