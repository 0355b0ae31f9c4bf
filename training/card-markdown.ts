/** The model card as a Markdown document (`hennep models card`): the Algoritmeregister fields, then the technical facts. */
import type { ModelCard } from './card.ts';
import type { SampleEstimate } from './estimates.ts';
import { verdictWords } from './group-calibration.ts';
import { randomSampleSentence } from './sample-figures.ts';

type CardModel = ModelCard['model'];

export function modelCardMarkdown(card: ModelCard): string {
  const a = card.algoritmeregister;
  const m = card.model;
  return [
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
    ...testYear(m),
    ...fairness(m),
    ...promotionAndHistory(m),
  ].join('\n');
}

function testYear(m: CardModel): string[] {
  return [
    `## Test year ${m.test.year}`,
    '',
    `${m.test.positives} positives among ${m.test.rows.toLocaleString('en')} addresses.`,
    '',
    '| measure | value |',
    '|---|---|',
    `| average precision (PR-AUC) | ${fmt(m.test.averagePrecision)}${apRange(m.test.averagePrecisionInterval)} |`,
    `| ROC-AUC | ${fmt(m.test.rocAuc, 3)} |`,
    ...m.test.atK.map((k) => `| precision@${k.k} / lift@${k.k} | ${fmt(k.precision, 2)} / ${fmt(k.lift, 1)} |`),
    `| Brier score | ${fmt(m.test.brier, 5)} |`,
    `| expected calibration error | ${fmt(m.test.calibrationError, 5)} |`,
    '',
    'Reliability (equal-count bins): ' +
      m.test.reliability.map((b) => `${b.meanPredicted.toExponential(1)}→${b.observedRate.toExponential(1)}`).join(', '),
    '',
    ...threeWays(m),
    `Explanations: ${JSON.stringify(m.explanation)}`,
    '',
  ];
}

/** The test year over all labels, without the list-prompted controls, and on the random sample only. */
function threeWays(m: CardModel): string[] {
  const estimate = (e: SampleEstimate) =>
    e.estimate === null
      ? `no estimate (sample ${e.sampleSize})`
      : `${fmt(e.estimate, 5)} (90 % interval ${fmt(e.low, 5)}–${fmt(e.high, 5)}; sample ${e.sampleSize}, ${e.finds} finds)`;
  const lines = ['### The test year three ways', '', '| labels | size | figures |', '|---|---|---|'];
  const p = m.test.atK.find((a) => a.k === (m.randomSample?.k ?? 100));
  lines.push(
    `| all labels | ${m.test.rows} addresses, ${m.test.positives} finds | AP ${fmt(m.test.averagePrecision)}` +
      `${p ? `, precision@${p.k} ${fmt(p.precision, 3)}` : ''} |`,
  );
  if (m.selfSelection) {
    const s = m.selfSelection;
    lines.push(
      `| without the ${s.controlled} addresses a risk list sent controls to | ${m.test.rows - s.controlled} addresses | AP ${fmt(s.averagePrecisionWithout)} |`,
    );
  }
  if (m.randomSample) {
    const r = m.randomSample;
    lines.push(`| random controls only: find rate in the whole city | ${r.findRate.sampleSize} controls | ${estimate(r.findRate)} |`);
    lines.push(
      `| random controls only: precision@${r.k} | ${r.precisionAtK.sampleSize} controls in the top ${r.k} | ${estimate(r.precisionAtK)} |`,
    );
    lines.push(`| random controls only: recall@${r.k} | ${r.recallAtK.sampleSize} finds | ${estimate(r.recallAtK)} |`);
  }
  lines.push('');
  if (m.randomSample) lines.push(randomSampleSentence(m.randomSample), '');
  if (m.liveCheck) lines.push(`Live check: ${m.liveCheck.sentence}`, '');
  return lines;
}

/** Per audited attribute its groups' rates and, when stored, calibration within it; then the gate's findings. */
function fairness(m: CardModel): string[] {
  const lines = [`## Fairness (top ${m.fairness.listSize} of the test year)`, ''];
  for (const audit of m.fairness.audits) {
    const header = '| group | addresses | selected | selection rate | false-positive rate | FPR ratio |';
    lines.push(`**${audit.attribute}** (reference group ${audit.reference})`, '', header, '|---|---|---|---|---|---|');
    for (const g of audit.groups) {
      if ('suppressed' in g) lines.push(`| ${g.group} | ${g.suppressed} | | | | |`);
      else
        lines.push(
          `| ${g.group} | ${g.addresses} | ${g.selected} | ${fmt(g.selectionRate, 5)} | ${fmt(g.falsePositiveRate, 5)} | ${fmt(g.falsePositiveRateRatio, 2)} |`,
        );
    }
    lines.push('');
    if (audit.calibration) {
      const heading = `Calibration within ${audit.attribute} (mean predicted probability against the share found, exact 90 % interval):`;
      lines.push(heading, '', '| group | predicted | found | interval | verdict |', '|---|---|---|---|---|');
      for (const c of audit.calibration) {
        if ('suppressed' in c) lines.push(`| ${c.group} | ${c.suppressed} | | | |`);
        else {
          const interval = `${fmt(c.low, 5)}–${fmt(c.high, 5)}`;
          lines.push(
            `| ${c.group} | ${fmt(c.meanPredicted, 5)} | ${fmt(c.observedRate, 5)} (${c.positives}) | ${interval} | ${verdictWords(c.verdict)} |`,
          );
        }
      }
      lines.push('');
    }
  }
  const findings = m.fairness.gate.findings;
  lines.push(
    `Gate findings: ${findings.length ? findings.map((f) => f.reason).join('; ') : 'no bound applied (no audit-attributes file was given)'}`,
    '',
  );
  return lines;
}

function promotionAndHistory(m: CardModel): string[] {
  const drifted = m.drift.filter((d) => d.level !== 'stable');
  const drift = drifted.length
    ? drifted.map((d) => `- ${d.name}: PSI ${d.psi.toFixed(3)} (${d.level})`).join('\n')
    : 'Every feature stable (PSI < 0.1).';
  const lines = [`## Drift at ${m.driftAt}`, '', drift, ''];
  lines.push('## Promotion', '', `Gate ${m.gate.passed ? 'passed' : 'refused'}:`);
  for (const r of m.gate.reasons) lines.push(`- ${r}`);
  lines.push('', '## History', '');
  for (const e of m.events)
    lines.push(`- ${e.at} ${e.event} by ${e.actor}${e.justification ? ` — justification: ${e.justification}` : ''}`);
  lines.push('', `Training: ${m.trainingSeconds.toFixed(1)} s; data fingerprint ${m.dataFingerprint}.`, '');
  return lines;
}

function fmt(value: number | null, digits = 4): string {
  return value === null || Number.isNaN(value) ? 'n/a' : value.toFixed(digits);
}

/** " (90 % bootstrap interval a–b)" when the model stored one. */
function apRange(interval: { low: number; high: number; level: number } | undefined): string {
  return interval
    ? ` (${Math.round(interval.level * 100)} % bootstrap interval ${interval.low.toFixed(4)}–${interval.high.toFixed(4)})`
    : '';
}
