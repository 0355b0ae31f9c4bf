/** The fairness audit and gate as plain text, for the command line. */
import type { AttributeAudit } from './fairness.ts';
import { digits, type FairnessGate } from './fairness-gate.ts';
import { verdictWords, type GroupCalibration } from './group-calibration.ts';

/** One plain-text table per attribute (the reference marked `*`), then the gate's findings. */
export function formatFairness(audits: readonly AttributeAudit[], gate?: FairnessGate): string {
  const show = (x: number | null) => (x === null ? '–' : digits(x));
  const tables = audits.map((audit) => {
    const header = ['group', 'addresses', 'selected', 'selection rate', 'FPR', 'FPR ratio'];
    const rows = audit.groups.map((g) => [
      g.group === audit.reference ? `${g.group} *` : g.group,
      String(g.addresses),
      String(g.selected),
      show(g.selectionRate),
      show(g.falsePositiveRate),
      show(g.falsePositiveRateRatio),
    ]);
    const widths = header.map((h, i) => rows.reduce((w, r) => Math.max(w, r[i]!.length), h.length));
    const line = (cells: string[]) =>
      cells
        .map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
        .join('  ')
        .trimEnd();
    const calibration = audit.calibration ? ['', ...formatCalibration(audit.attribute, audit.calibration)] : [];
    return [`Attribute ${audit.attribute} (reference * = ${audit.reference})`, line(header), ...rows.map(line), ...calibration].join('\n');
  });
  if (gate !== undefined) tables.push(formatGate(gate));
  return `${tables.join('\n\n')}\n`;
}

/** Predicted against observed rate per group, with the interval and the verdict. */
function formatCalibration(attribute: string, groups: readonly GroupCalibration[]): string[] {
  const pct = (x: number) => `${(100 * x).toFixed(3)} %`;
  const header = ['group', 'predicted', 'observed', `${groups[0] ? groups[0].level * 100 : 90} % interval`, 'verdict'];
  const rows = groups.map((g) => [
    g.group,
    pct(g.meanPredicted),
    `${pct(g.observedRate)} (${g.positives})`,
    `${pct(g.low)}–${pct(g.high)}`,
    verdictWords(g.verdict),
  ]);
  const widths = header.map((h, i) => rows.reduce((w, r) => Math.max(w, r[i]!.length), h.length));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === 0 || i === 4 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [`Calibration within ${attribute}: mean predicted probability against the share found`, line(header), ...rows.map(line)];
}

function formatGate(gate: FairnessGate): string {
  if (gate.findings.length === 0) return 'Fairness gate: passed (no bound applies to the audited attributes)';
  const failed = gate.findings.filter((f) => !f.passed).length;
  const head = gate.passed ? 'Fairness gate: passed' : `Fairness gate: FAILED (${failed} of ${gate.findings.length} findings)`;
  return [head, ...gate.findings.map((f) => `  ${f.passed ? 'pass' : 'FAIL'}  ${f.attribute} ${f.metric}: ${f.reason}`)].join('\n');
}
