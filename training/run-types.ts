/** What one training run carries from step to step, and what it answers. */
import type { Excluded, NegativeSampling, PlannedSampling } from './negative-sampling.ts';
import type { Family, ModelArtefact } from '../models/index.ts';
import type { Candidate } from './choose.ts';
import type { buildDatasets, Dataset, YearPlan } from './dataset.ts';
import type { driftReference, populationStability } from './drift.ts';
import type { SampledAddress } from './estimates.ts';
import type { Evaluation, SelfSelection } from './evaluate.ts';
import type { AttributeAudit } from './fairness.ts';
import type { FairnessGate } from './fairness-gate.ts';
import type { labelProvenance, LabelWeightingSummary } from './label-weighting.ts';
import type { RefitRecord } from './refit.ts';

import type { LiveCheck, RandomSampleFigures } from './sample-figures.ts';

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

export type Say = (message: string) => void;

/** The years, their weighted datasets, and the fingerprint of what a fit would learn from. */
export interface Prepared {
  plan: YearPlan;
  built: Awaited<ReturnType<typeof buildDatasets>>;
  provenance: Awaited<ReturnType<typeof labelProvenance>>;
  data: { train: Dataset; validation: Dataset; test: Dataset };
  labelWeighting: TrainOutcome['labelWeighting'];
  /** The training rows' negatives sampled to fit HENNEP_TRAIN_MEMORY_MB; null when they fitted. */
  negativeSampling: NegativeSampling | null;
  /** The refit's sampling as planned before the years were built (thinning.ts); null when its rows fit. */
  refitSampling: { planned: PlannedSampling; population: number; excluded: Excluded } | null;
  dataFingerprint: string;
}

/** What the chosen fit shows on the test year, before any gate. */
export interface Assessed {
  explanation: { completenessError: { max: number; mean: number }; sampleRows: number };
  promptedRows: Array<{ found: boolean } | null>;
  self: SelfSelection;
  sample: SampledAddress[];
  randomSample: RandomSampleFigures;
  fairness: TrainOutcome['fairness'];
}

/** The model that will serve, and the drift of the next reference date against the rows it trained on. */
export interface Serving {
  refit: RefitRecord | null;
  refitSkipped: string | null;
  served: ModelArtefact;
  drift: { reference: ReturnType<typeof driftReference>; at: string; features: ReturnType<typeof populationStability> };
}
