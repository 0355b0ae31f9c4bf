/**
 * The model that serves is refitted on the newest years. The family and its number of
 * sweeps are chosen, and the figures reported, on held-out years; the two newest complete
 * years — the most telling in a city that changes — would otherwise never enter the model
 * in use. The refit runs exactly the sweeps early stopping kept, on the newest
 * `trainYears` years up to and including the test year; its calibration (Platt) is fitted
 * on logits of models that never saw those rows: two fits, each on the addresses of one
 * half, scoring the other half.
 */
import type { FeatureMatrix } from '../features/index.ts';
import { scoreRows, type Family, type ModelArtefact } from '../models/index.ts';
import type { LoadedBackend } from '../models/index.ts';
import { fitPlatt } from '../models/index.ts';
import { stack, type Dataset } from './dataset.ts';
import { fitFamily, type RefitPlan, type Uncalibrated } from './fit-family.ts';
import {
  sampleNegatives,
  thinYear,
  withoutExcluded,
  type Excluded,
  type NegativeSampling,
  type PlannedSampling,
} from './negative-sampling.ts';
import { selectRows, weightLabels, type LabelProvenance, type LabelWeighting } from './label-weighting.ts';

export interface RefitRecord {
  years: number[];
  rows: number;
  positives: number;
  /** Sweeps or epochs: those early stopping kept in the held-out fit (for bags, their mean). */
  epochs: number;
  /** Sweeps over the pairs of the additive model that the held-out fit kept (0: it kept no pairs). */
  pairSweeps?: number;
  calibration: { method: 'platt'; crossFitted: { folds: 2; by: 'address' } };
  /** The refit's negatives sampled to fit the memory budget; null when they fitted. */
  negativeSampling?: NegativeSampling | null;
  seconds: number;
}

/** Finds each half of the addresses needs for its fold model and the calibration on the other. */
export const MIN_FOLD_POSITIVES = 5;

/** The newest `trainYears` years up to the test year that the plan can build. */
export function refitYears(available: readonly number[], test: number, trainYears: number): number[] {
  return available.filter((y) => y <= test && y > test - trainYears).sort((a, b) => a - b);
}

/** An address's fold, 0 or 1: a hash of its id, so a fold is the same address in every year. */
export function foldOf(addressId: string): 0 | 1 {
  let h = 2166136261;
  for (let i = 0; i < addressId.length; i++) h = Math.imul(h ^ addressId.charCodeAt(i), 16777619);
  return ((h >>> 0) % 2) as 0 | 1;
}

/**
 * Out-of-fold logits: each row scored by a model fitted on the other fold's rows only. The
 * fit is passed in, so a test can check which rows each model saw.
 */
export async function crossFittedLogits(
  data: Dataset,
  fitAndScore: (train: Dataset, score: Dataset) => Promise<Float64Array>,
): Promise<Float64Array> {
  const logits = new Float64Array(data.rows);
  for (const fold of [0, 1] as const) {
    const inFold = (row: number) => foldOf(data.addressIds[row]!) === fold;
    const held = selectRows(data, inFold);
    const trained = selectRows(data, (row) => !inFold(row));
    if (held.rows === 0 || trained.positives === 0)
      throw new Error(`cross-fitting: fold ${fold} has ${held.rows} rows to score and ${trained.positives} positives to learn from`);
    const scored = await fitAndScore(trained, held);
    let k = 0;
    for (let row = 0; row < data.rows; row++) if (inFold(row)) logits[row] = scored[k++]!;
  }
  return logits;
}

export async function refitForServing(
  backend: LoadedBackend,
  chosen: { family: Family; plan: RefitPlan },
  matrices: ReadonlyMap<number, FeatureMatrix>,
  provenance: ReadonlyMap<number, ReadonlyMap<string, LabelProvenance>>,
  settings: {
    test: number;
    trainYears: number;
    seed: number;
    bags: number;
    labelWeighting: LabelWeighting;
    memoryMb: number;
    /** Planned before the years were built: the training years among `matrices` may be thinned at this rate already. */
    sampling?: { planned: PlannedSampling; population: number; excluded?: Excluded } | null;
  },
): Promise<{ artefact: ModelArtefact; data: Dataset; record: RefitRecord } | { skipped: string }> {
  const started = performance.now();
  const years = refitYears([...matrices.keys()], settings.test, settings.trainYears);
  const planned = settings.sampling?.planned;
  // Each year thinned before stacking, so the whole years (validation, test) are not copied first.
  const thinned = years.map((y) => (planned ? thinYear(matrices.get(y)!, planned.rate, settings.seed) : matrices.get(y)!));
  const population = planned ? settings.sampling!.population : undefined;
  const weighted = weightLabels(stack(thinned), provenance, settings.labelWeighting, population).dataset;
  // The counts without what exclude-model drops (counted on the whole years while they were built).
  const counted = planned && withoutExcluded(planned, years, settings.sampling?.excluded ?? new Map());
  const { dataset: data, sampling } = sampleNegatives(weighted, settings.memoryMb, settings.seed, counted);
  // Each half must hold finds to learn from, or the cross-fitted calibration means nothing.
  const positives = [0, 0];
  for (let row = 0; row < data.rows; row++) positives[foldOf(data.addressIds[row]!)]! += data.y[row]!;
  if (Math.min(positives[0]!, positives[1]!) < MIN_FOLD_POSITIVES) {
    const counts = `${positives.join(' and ')} in the two halves of ${years.join(', ')}; at least ${MIN_FOLD_POSITIVES} each`;
    return { skipped: `too few finds to refit with a cross-fitted calibration (${counts}): the held-out fit serves` };
  }
  const fit = (train: Dataset) =>
    fitFamily(backend, chosen.family, { train, validation: train }, { seed: settings.seed, bags: settings.bags }, chosen.plan);
  const outOfFold = await crossFittedLogits(data, async (train, score) => {
    const { artefact } = await fit(train);
    return scoreRows(uncalibrated(artefact), score.x, score.rows, backend.tf).logits;
  });
  const { artefact: final } = await fit(data);
  // Calibrated on the sampled rows, each kept negative counting for 1/rate: unweighted, the
  // kept finds would weigh as if the city had 1/rate times as many.
  const calibrationWeights = sampling ? Float64Array.from(data.y, (y) => (y === 1 ? 1 : 1 / sampling.rate)) : undefined;
  const artefact = { ...final, calibration: fitPlatt(outOfFold, data.y, 50, calibrationWeights) } as ModelArtefact;
  const record: RefitRecord = {
    years,
    rows: data.rows,
    positives: data.positives,
    epochs: chosen.plan.epochs,
    ...(chosen.plan.pairSweeps === undefined ? {} : { pairSweeps: chosen.plan.pairSweeps }),
    calibration: { method: 'platt', crossFitted: { folds: 2, by: 'address' } },
    negativeSampling: sampling,
    seconds: (performance.now() - started) / 1000,
  };
  return { artefact, data, record };
}

/** An artefact scored as it is: the identity calibration leaves the logit untouched. */
function uncalibrated(partial: Uncalibrated): ModelArtefact {
  return { ...partial, calibration: { method: 'platt', a: 1, b: 0 } } as ModelArtefact;
}
