import { DEFAULT_ADDITIVE, fitAdditive } from '../models/index.ts';
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

/**
 * Fits one family with its default settings. With `epochs`, exactly that many sweeps or
 * epochs and the last one kept (a refit repeats what early stopping found); without, it
 * stops early on the validation rows and keeps the best.
 */
export async function fitFamily(
  backend: LoadedBackend,
  family: Family,
  data: { train: Dataset; validation: Dataset },
  seed: number,
  epochs?: number,
): Promise<{ artefact: Uncalibrated; history: FitHistory[] }> {
  const { tf } = backend;
  const { train, validation } = data;
  const names = [...train.names];
  const fixed = epochs === undefined ? {} : { maxEpochs: epochs, keepLast: true };
  if (family === 'additive') {
    const raw = (d: Dataset) => ({ x: d.x, y: d.y, rows: d.rows, features: names.length, ...(d.weights ? { weights: d.weights } : {}) });
    const { model, history } = await fitAdditive(tf, names, raw(train), raw(validation), metric, { ...DEFAULT_ADDITIVE, ...fixed });
    return { artefact: { family, names, model }, history };
  }
  const scaling = fitScaling(train.x, train.rows, names);
  if (family === 'logistic') {
    const { model, history } = await fitLogistic(tf, labelled(train, scaling), labelled(validation, scaling), metric, {
      ...DEFAULT_FIT,
      seed,
      ...fixed,
    });
    return { artefact: { family, names, scaling, model }, history };
  }
  const { model, history } = await fitMlp(tf, labelled(train, scaling), labelled(validation, scaling), metric, {
    ...DEFAULT_MLP,
    seed,
    ...fixed,
  });
  return { artefact: { family, names, scaling, model }, history };
}

/** The sweep or epoch early stopping kept: the best validation score of the history. */
export function bestEpoch(history: readonly FitHistory[]): number {
  return history.reduce((best, h) => (h.validationScore > best.validationScore ? h : best)).epoch;
}
