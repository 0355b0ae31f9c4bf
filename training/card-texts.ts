/**
 * The card's words: the Algoritmeregister texts and the sentences built from a model's
 * stored figures, in English (the document `hennep models card` writes) and in Dutch
 * (card-texts-nl.ts), for the page in the reader's language.
 */
import type { Lang } from '../config/index.ts';
import type { CardTexts, ModelCard, StoredMetrics, StoredTraining } from './card-types.ts';
import { additiveSentence, pairSweepWords } from './card-additive.ts';
import { CARD_TEXTS_NL, riskManagementNl, technicalWorkingNl } from './card-texts-nl.ts';
import { selfSelectionSentence } from './evaluate.ts';
import { negativeSamplingSentence } from './negative-sampling.ts';
import { labelWeightingSentence } from './label-weighting.ts';
import type { ModelRecord } from './registry.ts';
import { randomSampleSentence } from './sample-figures.ts';

const FAMILY_TEXT: Record<string, string> = {
  additive:
    'a generalised additive model: per feature a learned step function of the feature value; the score ' +
    '(log-odds) is the sum of those terms plus an intercept, so every contribution is exact',
  logistic:
    'logistic regression on standardised features: the score (log-odds) is the sum of weight × value plus an intercept, so every contribution is exact',
  mlp:
    'a small neural network (multilayer perceptron); contributions are integrated gradients from the ' +
    'average training address, whose completeness error is measured and stated',
};

const CARD_TEXTS_EN: CardTexts = {
  shortDescription:
    'Ranks the dwellings of the municipality by the chance that a control finds an illegal cannabis cultivation this year, ' +
    'with for each address the facts that raise or lower that chance.',
  goalAndImpact:
    'Goal: find cultivations before they cause fire, explosion or damage to neighbours, and spend the ' +
    'few controls a year where they are most likely to find one. ' +
    'Impact: an address high on the list is looked at by an analyst, which is itself an intrusion that ' +
    'its purpose must justify; no action follows from the score alone.',
  humanIntervention:
    'The score is a signal, never a decision: the system takes no action on an address. People review ' +
    'the address and its explanation and decide on a control; ' +
    'the outcome of every control comes back as an inspection and becomes a label for evaluation.',
  legalBasis:
    'To be filled in by the municipality: the task (e.g. Opiumwet art. 13b, Gemeentewet art. 174a, Woningwet) and the data-processing basis under the AVG, ' +
    'with the DPIA reference. The system refuses special categories of personal data at ingestion.',
  learnsOverTime:
    'Yes, in steps: a registered model is fixed, but the service retrains on a schedule (HENNEP_RETRAIN_CRON) and a new model replaces the active one ' +
    'without a person when it passes the promotion gate. Every version and decision stays in the registry; a beheerder can activate a refused model only ' +
    'with a written justification.',
  notInCatalogue: '(not in the current catalogue)',
  family: FAMILY_TEXT,
};

export const CARD_TEXTS: Record<Lang, CardTexts> = { en: CARD_TEXTS_EN, nl: CARD_TEXTS_NL };

/** How the model was tested and is watched: the test year's figures, then the audit, the drift and the gate. */
export function riskManagement(metrics: StoredMetrics, fairness: ModelCard['model']['fairness'], lang: Lang): string {
  if (lang === 'nl') return riskManagementNl(metrics, fairness);
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
export function technicalWorking(record: ModelRecord, training: StoredTraining, lang: Lang): string {
  if (lang === 'nl') return technicalWorkingNl(record, training);
  const { plan, refit } = training;
  return [
    `${FAMILY_TEXT[record.family] ?? record.family}.`,
    additiveSentence(record.artefact, 'en'),
    `${record.featureNames.length} point-in-time features as of 1 January; trained on reference years ${plan.train.join(', ')}, ` +
      `early stopping and probability calibration (Platt) on ${plan.validation}, tested on ${plan.test}.`,
    'Label: a control in the year found a cultivation or preparation; addresses never controlled count as without a find, ' +
      'so the model learns where controls found cultivations, including where earlier controls were sent.',
    training.labelWeighting
      ? labelWeightingSentence(training.labelWeighting.train)
      : 'Label weighting: none (every label counts as it is).',
    negativeSamplingSentence(training.negativeSampling, 'en'),
    negativeSamplingSentence(refit?.negativeSampling, 'en', true),
    refit
      ? `The model that scores addresses is this fit refitted on ${refit.years.join(', ')} (${refit.rows.toLocaleString('en')} rows, the test year included) ` +
        `with the ${refit.epochs} sweeps early stopping kept${pairSweepWords(refit.pairSweeps, 'en')}, its ` +
        `Platt calibration fitted on out-of-fold scores over two halves of the addresses; ` +
        'every figure on this card is of the held-out fit, which never saw the test year.'
      : 'The model that scores addresses is the held-out fit these figures are of.',
  ]
    .filter(Boolean)
    .join(' ');
}
