import { FEATURE_CATALOGUE, type FeatureEntry } from '../features/index.ts';
import { selfSelectionSentence, type Evaluation, type SelfSelection } from './evaluate.ts';
import type { FairnessGate, StoredAudit } from './fairness.ts';
import type { SampleEstimate } from './estimates.ts';
import { labelWeightingSentence, type LabelWeightingSummary } from './label-weighting.ts';
import type { RefitRecord } from './refit.ts';
import type { ModelRecord } from './registry.ts';
import { randomSampleSentence, type LiveCheck, type RandomSampleFigures } from './sample-figures.ts';

/**
 * The model card of one registered version, built from its registry row only (so it can
 * never disagree with the model that runs). `algoritmeregister` fills the fields of the
 * Dutch Algoritmeregister publication standard; `model` holds the technical facts.
 */
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
  additive: 'a generalised additive model: per feature a learned step function of the feature value; the score (log-odds) is the sum of those terms plus an intercept, so every contribution is exact',
  logistic: 'logistic regression on standardised features: the score (log-odds) is the sum of weight × value plus an intercept, so every contribution is exact',
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

export function modelCard(record: ModelRecord): ModelCard {
  const metrics = record.metrics as StoredMetrics;
  const fairness = record.fairness as ModelCard['model']['fairness'];
  const drift = record.drift as { at: string; features: ModelCard['model']['drift'] };
  const gate = record.gate as ModelCard['model']['gate'];
  const training = record.training as { plan: { train: number[]; validation: number; test: number }; features?: Array<{ name: string; description: { en: string }; sources: string[] }>; labelWeighting?: { train: LabelWeightingSummary }; refit?: RefitRecord | null };
  // The catalogue as it was when the model was trained, kept in its training record.
  const stored = new Map((training.features ?? []).map((f) => [f.name, f]));
  const sources = new Set<string>(record.featureNames.flatMap((n): readonly string[] => stored.get(n)?.sources ?? entryOf(n)?.sources ?? []));
  const p100 = metrics.chosen.atK.find((a) => a.k === 100);
  return {
    algoritmeregister: {
      name: `hennep-risk model ${record.version}`,
      shortDescription:
        'Ranks the dwellings of the municipality by the chance that a control finds an illegal cannabis cultivation this year, with for each address the facts that raise or lower that chance.',
      goalAndImpact:
        'Goal: find cultivations before they cause fire, explosion or damage to neighbours, and spend the few controls a year where they are most likely to find one. Impact: an address high on the list is looked at by an analyst, which is itself an intrusion that its purpose must justify; no action follows from the score alone.',
      humanIntervention:
        'The score is a signal, never a decision: the system takes no action on an address. People review the address and its explanation and decide on a control; the outcome of every control comes back as an inspection and becomes a label for evaluation.',
      riskManagement: `Tested on a year not used for fitting, tuning or calibration (${metrics.chosen.year}: AP ${metrics.chosen.averagePrecision.toFixed(4)}, precision in the top 100 ${p100 ? p100.precision.toFixed(2) : 'n/a'} against a base rate of ${(metrics.chosen.positives / metrics.chosen.rows).toFixed(4)}; with about a hundred positives a year, AP varies by about ±0.015 from year to year).${metrics.selfSelection ? ` ${selfSelectionSentence(metrics.chosen.year, metrics.chosen.averagePrecision, metrics.selfSelection)}` : ''}${metrics.randomSample ? ` ${randomSampleSentence(metrics.randomSample)}` : ''}${metrics.liveCheck ? ` ${metrics.liveCheck.sentence}` : ''} Selection and false-positive rates of the top ${fairness.listSize} are reported per district, ownership and dwelling type; the promotion gate bounds the false-positive-rate ratio between audit groups only when an audit-attributes file was given (${fairness.gate.findings.length ? 'it was' : 'not for this model'}). The false-positive rate is the share of addresses without a recorded find that the list selects; addresses never controlled count as without a find. Drift of every feature is measured at each run. A model replaces the active one only when its test AP is no worse than the active model's beyond the tolerance on the same year (when both use the same features; without the addresses a risk list sent controls to, when there are any). Access logging and roles come with the service.`,
      legalBasis:
        'To be filled in by the municipality: the task (e.g. Opiumwet art. 13b, Gemeentewet art. 174a, Woningwet) and the data-processing basis under the AVG, with the DPIA reference. The system refuses special categories of personal data at ingestion.',
      dataSources: [...sources].sort(),
      technicalWorking: `${FAMILY_TEXT[record.family] ?? record.family}. ${record.featureNames.length} point-in-time features as of 1 January; trained on reference years ${training.plan.train.join(', ')}, early stopping and probability calibration (Platt) on ${training.plan.validation}, tested on ${training.plan.test}. Label: a control in the year found a cultivation or preparation; addresses never controlled count as without a find, so the model learns where controls found cultivations, including where earlier controls were sent. ${training.labelWeighting ? labelWeightingSentence(training.labelWeighting.train) : 'Label weighting: none (every label counts as it is).'} ${training.refit ? `The model that scores addresses is this fit refitted on ${training.refit.years.join(', ')} (${training.refit.rows.toLocaleString('en')} rows, the test year included) with the ${training.refit.epochs} sweeps early stopping kept, its Platt calibration fitted on out-of-fold scores over two halves of the addresses; every figure on this card is of the held-out fit, which never saw the test year.` : 'The model that scores addresses is the held-out fit these figures are of.'}`,
      learnsOverTime:
        'Yes, in steps: a registered model is fixed, but the service retrains on a schedule (HENNEP_RETRAIN_CRON) and a new model replaces the active one without a person when it passes the promotion gate. Every version and decision stays in the registry; a beheerder can activate a refused model only with a written justification.',
    },
    model: {
      version: record.version,
      family: record.family,
      status: record.status,
      backend: record.backend,
      createdAt: record.createdAt,
      features: record.featureNames.map((n) => ({ name: n, description: stored.get(n)?.description.en ?? entryOf(n)?.description.en ?? '(not in the current catalogue)' })),
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
      gate,
      events: record.events,
      trainingSeconds: record.trainingSeconds,
    },
  };
}

/** The test year over all labels, without the list-prompted controls, and on the random sample only. */
function threeWays(m: ModelCard['model']): string[] {
  const estimate = (e: SampleEstimate) => (e.estimate === null ? `no estimate (sample ${e.sampleSize})` : `${fmt(e.estimate, 5)} (90 % interval ${fmt(e.low, 5)}–${fmt(e.high, 5)}; sample ${e.sampleSize}, ${e.finds} finds)`);
  const lines = ['### The test year three ways', '', '| labels | size | figures |', '|---|---|---|'];
  const p = m.test.atK.find((a) => a.k === (m.randomSample?.k ?? 100));
  lines.push(`| all labels | ${m.test.rows} addresses, ${m.test.positives} finds | AP ${fmt(m.test.averagePrecision)}${p ? `, precision@${p.k} ${fmt(p.precision, 3)}` : ''} |`);
  if (m.selfSelection) lines.push(`| without the ${m.selfSelection.controlled} addresses a risk list sent controls to | ${m.test.rows - m.selfSelection.controlled} addresses | AP ${fmt(m.selfSelection.averagePrecisionWithout)} |`);
  if (m.randomSample) {
    const r = m.randomSample;
    lines.push(`| random controls only: find rate in the whole city | ${r.findRate.sampleSize} controls | ${estimate(r.findRate)} |`);
    lines.push(`| random controls only: precision@${r.k} | ${r.precisionAtK.sampleSize} controls in the top ${r.k} | ${estimate(r.precisionAtK)} |`);
    lines.push(`| random controls only: recall@${r.k} | ${r.recallAtK.sampleSize} finds | ${estimate(r.recallAtK)} |`);
  }
  lines.push('');
  if (m.randomSample) lines.push(randomSampleSentence(m.randomSample), '');
  if (m.liveCheck) lines.push(`Live check: ${m.liveCheck.sentence}`, '');
  return lines;
}

function fmt(value: number | null, digits = 4): string {
  return value === null || Number.isNaN(value) ? 'n/a' : value.toFixed(digits);
}

export function modelCardMarkdown(card: ModelCard): string {
  const a = card.algoritmeregister;
  const m = card.model;
  const lines: string[] = [
    `# Model card — ${a.name}`,
    '',
    `Status: **${m.status}** · family ${m.family} · backend ${m.backend} · registered ${m.createdAt}`,
    '',
    '## Algoritmeregister',
    '',
    `- **Naam / name**: ${a.name}`,
    `- **Korte omschrijving / short description**: ${a.shortDescription}`,
    `- **Doel en impact / goal and impact**: ${a.goalAndImpact}`,
    `- **Menselijke tussenkomst / human intervention**: ${a.humanIntervention}`,
    `- **Risicobeheer / risk management**: ${a.riskManagement}`,
    `- **Wettelijke grondslag / legal basis**: ${a.legalBasis}`,
    `- **Databronnen / data sources**: ${a.dataSources.join(', ')}`,
    `- **Technische werking / technical working**: ${a.technicalWorking}`,
    `- **Lerend algoritme / learns over time**: ${a.learnsOverTime}`,
    '',
    `## Test year ${m.test.year}`,
    '',
    `${m.test.positives} positives among ${m.test.rows.toLocaleString('en')} addresses.`,
    '',
    '| measure | value |',
    '|---|---|',
    `| average precision (PR-AUC) | ${fmt(m.test.averagePrecision)} |`,
    `| ROC-AUC | ${fmt(m.test.rocAuc, 3)} |`,
    ...m.test.atK.map((k) => `| precision@${k.k} / lift@${k.k} | ${fmt(k.precision, 2)} / ${fmt(k.lift, 1)} |`),
    `| Brier score | ${fmt(m.test.brier, 5)} |`,
    `| expected calibration error | ${fmt(m.test.calibrationError, 5)} |`,
    '',
    'Reliability (equal-count bins): ' + m.test.reliability.map((b) => `${b.meanPredicted.toExponential(1)}→${b.observedRate.toExponential(1)}`).join(', '),
    '',
    ...threeWays(m),
    `Explanations: ${JSON.stringify(m.explanation)}`,
    '',
    `## Fairness (top ${m.fairness.listSize} of the test year)`,
    '',
  ];
  for (const audit of m.fairness.audits) {
    lines.push(`**${audit.attribute}** (reference group ${audit.reference})`, '', '| group | addresses | selected | selection rate | false-positive rate | FPR ratio |', '|---|---|---|---|---|---|');
    for (const g of audit.groups) {
      if ('suppressed' in g) lines.push(`| ${g.group} | ${g.suppressed} | | | | |`);
      else lines.push(`| ${g.group} | ${g.addresses} | ${g.selected} | ${fmt(g.selectionRate, 5)} | ${fmt(g.falsePositiveRate, 5)} | ${fmt(g.falsePositiveRateRatio, 2)} |`);
    }
    lines.push('');
    if (audit.calibration) {
      lines.push(`Calibration within ${audit.attribute} (mean predicted probability against the share found, exact 90 % interval):`, '', '| group | predicted | found | interval | verdict |', '|---|---|---|---|---|');
      for (const c of audit.calibration) {
        if ('suppressed' in c) lines.push(`| ${c.group} | ${c.suppressed} | | | |`);
        else lines.push(`| ${c.group} | ${fmt(c.meanPredicted, 5)} | ${fmt(c.observedRate, 5)} (${c.positives}) | ${fmt(c.low, 5)}–${fmt(c.high, 5)} | ${c.verdict === 'over' ? 'flagged more than its finds support' : c.verdict === 'under' ? 'flagged less than its finds support' : 'consistent'} |`);
      }
      lines.push('');
    }
  }
  lines.push(`Gate findings: ${m.fairness.gate.findings.length ? m.fairness.gate.findings.map((f) => f.reason).join('; ') : 'no bound applied (no audit-attributes file was given)'}`, '');
  const drifted = m.drift.filter((d) => d.level !== 'stable');
  lines.push(`## Drift at ${m.driftAt}`, '', drifted.length ? drifted.map((d) => `- ${d.name}: PSI ${d.psi.toFixed(3)} (${d.level})`).join('\n') : 'Every feature stable (PSI < 0.1).', '');
  lines.push('## Promotion', '', `Gate ${m.gate.passed ? 'passed' : 'refused'}:`);
  for (const r of m.gate.reasons) lines.push(`- ${r}`);
  lines.push('', '## History', '');
  for (const e of m.events) lines.push(`- ${e.at} ${e.event} by ${e.actor}${e.justification ? ` — justification: ${e.justification}` : ''}`);
  lines.push('', `Training: ${m.trainingSeconds.toFixed(1)} s; data fingerprint ${m.dataFingerprint}.`, '');
  return lines.join('\n');
}
