/** The shapes the card is built from and built into (card.ts), shared with the texts that word it (card-texts.ts, card-texts-nl.ts). */
import type { Lang } from '../config/index.ts';
import type { Evaluation, SelfSelection } from './evaluate.ts';
import type { StoredAudit } from './fairness.ts';
import type { FairnessGate } from './fairness-gate.ts';
import type { LabelWeightingSummary } from './label-weighting.ts';
import type { NegativeSampling } from './negative-sampling.ts';
import type { RefitRecord } from './refit.ts';
import type { ModelRecord } from './registry.ts';
import type { LiveCheck, RandomSampleFigures } from './sample-figures.ts';

/** The card's fixed words in one language. */
export interface CardTexts {
  shortDescription: string;
  goalAndImpact: string;
  humanIntervention: string;
  legalBasis: string;
  learnsOverTime: string;
  notInCatalogue: string;
  family: Record<string, string>;
}

export interface ModelCard {
  algoritmeregister: {
    name: string;
    shortDescription: string;
    goalAndImpact: string;
    humanIntervention: string;
    riskManagement: string;
    legalBasis: string;
    dataSources: string[];
    technicalWorking: string;
    learnsOverTime: string;
  };
  model: {
    version: number;
    family: string;
    status: string;
    backend: string;
    createdAt: string;
    features: Array<{ name: string; description: string }>;
    training: unknown;
    dataFingerprint: string;
    test: Evaluation;
    /** The test year's controls prompted by the risk list, and the AP without them; null for models registered before it was measured. */
    selfSelection: SelfSelection | null;
    /** The test year on its random controls only; null for models registered before it was measured. */
    randomSample: RandomSampleFigures | null;
    /** The active model's test precision at k against its random-sample estimate; null without one to check. */
    liveCheck: LiveCheck | null;
    explanation: unknown;
    fairness: { listSize: number; audits: StoredAudit[]; gate: FairnessGate };
    drift: Array<{ name: string; psi: number; level: string }>;
    driftAt: string;
    gate: { passed: boolean; reasons: string[] };
    events: ModelRecord['events'];
    trainingSeconds: number;
  };
}

export interface StoredMetrics {
  chosen: Evaluation;
  /** Absent in models registered before it was measured. */
  selfSelection?: SelfSelection;
  randomSample?: RandomSampleFigures;
  liveCheck?: LiveCheck | null;
  explanation: unknown;
}

/** What a registry row's training record holds that the card reads. */
export interface StoredTraining {
  plan: { train: number[]; validation: number; test: number };
  /** The catalogue entries of the features as they were when the model was trained. */
  features?: Array<{ name: string; description: Partial<Record<Lang, string>>; sources: string[] }>;
  labelWeighting?: { train: LabelWeightingSummary };
  /** Absent in models registered before it was stored; null when every row fitted the budget. */
  negativeSampling?: NegativeSampling | null;
  refit?: RefitRecord | null;
}
