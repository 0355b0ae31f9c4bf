/**
 * The model card of one registered version, built from its registry row only (so it can
 * never disagree with the model that runs). `algoritmeregister` fills the fields of the
 * Dutch Algoritmeregister publication standard; `model` holds the technical facts.
 * card-markdown.ts writes it as a document.
 */
import { FEATURE_CATALOGUE, type FeatureEntry } from '../features/index.ts';
import { selfSelectionSentence, type Evaluation, type SelfSelection } from './evaluate.ts';
import type { StoredAudit } from './fairness.ts';
import type { FairnessGate } from './fairness-gate.ts';
import { labelWeightingSentence, type LabelWeightingSummary } from './label-weighting.ts';
import type { RefitRecord } from './refit.ts';
import type { ModelRecord } from './registry.ts';
import { randomSampleSentence, type LiveCheck, type RandomSampleFigures } from './sample-figures.ts';

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

const FAMILY_TEXT: Record<string, string> = {
  additive:
    'a generalised additive model: per feature a learned step function of the feature value; the score (log-odds) is the sum of those terms plus an intercept, so every contribution is exact',
  logistic:
    'logistic regression on standardised features: the score (log-odds) is the sum of weight × value plus an intercept, so every contribution is exact',
  mlp: 'a small neural network (multilayer perceptron); contributions are integrated gradients from the average training address, whose completeness error is measured and stated',
};

interface StoredMetrics {
  chosen: Evaluation;
  /** Absent in models registered before it was measured. */
  selfSelection?: SelfSelection;
  randomSample?: RandomSampleFigures;
  liveCheck?: LiveCheck | null;
  explanation: unknown;
}

/** The catalogue entry of a model's feature, or undefined when the catalogue has changed since. */
function entryOf(name: string): FeatureEntry | undefined {
  return FEATURE_CATALOGUE.find((f) => f.name === name);
}

/** What a registry row's training record holds that the card reads. */
interface StoredTraining {
  plan: { train: number[]; validation: number; test: number };
  /** The catalogue entries of the features as they were when the model was trained. */
  features?: Array<{ name: string; description: { en: string }; sources: string[] }>;
  labelWeighting?: { train: LabelWeightingSummary };
  refit?: RefitRecord | null;
}

export function modelCard(record: ModelRecord): ModelCard {
  const metrics = record.metrics as StoredMetrics;
  const fairness = record.fairness as ModelCard['model']['fairness'];
  const drift = record.drift as { at: string; features: ModelCard['model']['drift'] };
  const training = record.training as StoredTraining;
  // The catalogue as it was when the model was trained, kept in its training record.
  const stored = new Map((training.features ?? []).map((f) => [f.name, f]));
  const sources = new Set<string>(
    record.featureNames.flatMap((n): readonly string[] => stored.get(n)?.sources ?? entryOf(n)?.sources ?? []),
  );
  return {
    algoritmeregister: {
      name: `hennep-risk model ${record.version}`,
      shortDescription: SHORT_DESCRIPTION,
      goalAndImpact: GOAL_AND_IMPACT,
      humanIntervention: HUMAN_INTERVENTION,
      riskManagement: riskManagement(metrics, fairness),
      legalBasis: LEGAL_BASIS,
      dataSources: [...sources].sort(),
      technicalWorking: technicalWorking(record, training),
      learnsOverTime: LEARNS_OVER_TIME,
    },
    model: {
      version: record.version,
      family: record.family,
      status: record.status,
      backend: record.backend,
      createdAt: record.createdAt,
      features: record.featureNames.map((n) => ({
        name: n,
        description: stored.get(n)?.description.en ?? entryOf(n)?.description.en ?? '(not in the current catalogue)',
      })),
      training: record.training,
      dataFingerprint: record.dataFingerprint,
      test: metrics.chosen,
      selfSelection: metrics.selfSelection ?? null,
      randomSample: metrics.randomSample ?? null,
      liveCheck: metrics.liveCheck ?? null,
      explanation: metrics.explanation,
      fairness,
      drift: drift.features,
      driftAt: drift.at,
      gate: record.gate as ModelCard['model']['gate'],
      events: record.events,
      trainingSeconds: record.trainingSeconds,
    },
  };
}

const SHORT_DESCRIPTION =
  'Ranks the dwellings of the municipality by the chance that a control finds an illegal cannabis cultivation this year, ' +
  'with for each address the facts that raise or lower that chance.';

const GOAL_AND_IMPACT =
  'Goal: find cultivations before they cause fire, explosion or damage to neighbours, and spend the few controls a year where they are most likely to find one. ' +
  'Impact: an address high on the list is looked at by an analyst, which is itself an intrusion that its purpose must justify; no action follows from the score alone.';

const HUMAN_INTERVENTION =
  'The score is a signal, never a decision: the system takes no action on an address. People review the address and its explanation and decide on a control; ' +
  'the outcome of every control comes back as an inspection and becomes a label for evaluation.';

const LEGAL_BASIS =
  'To be filled in by the municipality: the task (e.g. Opiumwet art. 13b, Gemeentewet art. 174a, Woningwet) and the data-processing basis under the AVG, ' +
  'with the DPIA reference. The system refuses special categories of personal data at ingestion.';

const LEARNS_OVER_TIME =
  'Yes, in steps: a registered model is fixed, but the service retrains on a schedule (HENNEP_RETRAIN_CRON) and a new model replaces the active one ' +
  'without a person when it passes the promotion gate. Every version and decision stays in the registry; a beheerder can activate a refused model only ' +
  'with a written justification.';

/** How the model was tested and is watched: the test year's figures, then the audit, the drift and the gate. */
function riskManagement(metrics: StoredMetrics, fairness: ModelCard['model']['fairness']): string {
  const test = metrics.chosen;
  const p100 = test.atK.find((a) => a.k === 100);
  return [
    `Tested on a year not used for fitting, tuning or calibration (${test.year}: AP ${test.averagePrecision.toFixed(4)}, ` +
      `precision in the top 100 ${p100 ? p100.precision.toFixed(2) : 'n/a'} against a base rate of ${(test.positives / test.rows).toFixed(4)}; ` +
      'with about a hundred positives a year, AP varies by about ±0.015 from year to year).',
    metrics.selfSelection ? selfSelectionSentence(test.year, test.averagePrecision, metrics.selfSelection) : null,
    metrics.randomSample ? randomSampleSentence(metrics.randomSample) : null,
    metrics.liveCheck ? metrics.liveCheck.sentence : null,
    `Selection and false-positive rates of the top ${fairness.listSize} are reported per district, ownership and dwelling type; ` +
      'the promotion gate bounds the false-positive-rate ratio between audit groups only when an audit-attributes file was given ' +
      `(${fairness.gate.findings.length ? 'it was' : 'not for this model'}).`,
    'The false-positive rate is the share of addresses without a recorded find that the list selects; addresses never controlled count as without a find.',
    'Drift of every feature is measured at each run.',
    "A model replaces the active one only when its test AP is no worse than the active model's beyond the tolerance on the same year " +
      '(when both use the same features; without the addresses a risk list sent controls to, when there are any).',
    'Access logging and roles come with the service.',
  ]
    .filter((sentence) => sentence !== null)
    .join(' ');
}

/** How the model works: its family, features, years, label, label weighting and what serves. */
function technicalWorking(record: ModelRecord, training: StoredTraining): string {
  const { plan, refit } = training;
  return [
    `${FAMILY_TEXT[record.family] ?? record.family}.`,
    `${record.featureNames.length} point-in-time features as of 1 January; trained on reference years ${plan.train.join(', ')}, ` +
      `early stopping and probability calibration (Platt) on ${plan.validation}, tested on ${plan.test}.`,
    'Label: a control in the year found a cultivation or preparation; addresses never controlled count as without a find, ' +
      'so the model learns where controls found cultivations, including where earlier controls were sent.',
    training.labelWeighting
      ? labelWeightingSentence(training.labelWeighting.train)
      : 'Label weighting: none (every label counts as it is).',
    refit
      ? `The model that scores addresses is this fit refitted on ${refit.years.join(', ')} (${refit.rows.toLocaleString('en')} rows, the test year included) ` +
        `with the ${refit.epochs} sweeps early stopping kept, its Platt calibration fitted on out-of-fold scores over two halves of the addresses; ` +
        'every figure on this card is of the held-out fit, which never saw the test year.'
      : 'The model that scores addresses is the held-out fit these figures are of.',
  ].join(' ');
}
