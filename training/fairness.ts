import { FileRejected, readCsvText } from '../ingest/index.ts';
import type { GroupCalibration } from './group-calibration.ts';

/**
 * Fairness audit of a risk list. The interventieteam controls the k addresses with the
 * highest scores; per group of a protected attribute the audit counts how many of them
 * are selected and how many selected addresses turn out negative, and compares both
 * rates with those of the reference group (the group with most addresses; equal sizes
 * go to the name that sorts first by code unit). Inputs are parallel arrays as in
 * `metrics.ts`: `scores[i]`, `labels[i]` (0/1) and `groupOf[i]`.
 *
 * Selection is exactly min(k, rows) rows: equal scores at the cut are broken by row
 * index, the earlier row winning (as in `precisionAtK`), so the audit is deterministic
 * for a given row order; pass rows in a stable order such as by address id. Rows with a
 * null group belong to no group but still compete for the top k.
 *
 * A rate or ratio that cannot be computed is `null`, never NaN, so an audit written as
 * JSON reads back unchanged: a group without negatives has no false-positive rate, and a
 * ratio to a reference rate of 0 is null unless the group's rate is 0 as well (then 1).
 */
export interface FairnessInput {
  scores: ArrayLike<number>;
  /** 1 when a control found a cultivation, else 0. */
  labels: ArrayLike<number>;
  /** Addresses the interventieteam can control (about 100 a year). */
  k: number;
}

export interface GroupRates {
  group: string;
  addresses: number;
  positives: number;
  selected: number;
  /** selected / addresses. */
  selectionRate: number;
  /** Selected addresses labelled 0. */
  falsePositives: number;
  /** falsePositives / negatives; null without negatives. */
  falsePositiveRate: number | null;
  /** selectionRate / that of the reference group. */
  selectionRatio: number | null;
  /** falsePositiveRate / that of the reference group. */
  falsePositiveRateRatio: number | null;
}

export interface AttributeAudit {
  attribute: string;
  /** The group with most addresses. */
  reference: string;
  /** Sorted by group name. */
  groups: GroupRates[];
  /** Predicted against observed rate per group (absent in audits stored before it was computed). */
  calibration?: GroupCalibration[];
}

/** Groups smaller than this keep no counts in anything stored: a count of 1 in 5 can point at a household. */
export const STORED_GROUP_MINIMUM = 10;

export type StoredGroupRates = GroupRates | { group: string; suppressed: string };
export type StoredGroupCalibration = GroupCalibration | { group: string; suppressed: string };
export type StoredAudit = Omit<AttributeAudit, 'groups' | 'calibration'> & { groups: StoredGroupRates[]; calibration?: StoredGroupCalibration[] };

/** The audit as the registry and the model card keep it: small groups without their counts. */
export function auditsForStorage(audits: readonly AttributeAudit[], minimum = STORED_GROUP_MINIMUM): StoredAudit[] {
  const suppress = <G extends { group: string; addresses: number }>(g: G) => (g.addresses < minimum ? { group: g.group, suppressed: `fewer than ${minimum} addresses: counts not stored` } : g);
  return audits.map((audit) => ({
    ...audit,
    groups: audit.groups.map(suppress),
    ...(audit.calibration ? { calibration: audit.calibration.map(suppress) } : {}),
  }));
}

interface Tally {
  addresses: number;
  positives: number;
  selected: number;
  falsePositives: number;
}

export function auditAttribute(input: FairnessInput, attribute: string, groupOf: ArrayLike<string | null>): AttributeAudit {
  checkInput(input, groupOf.length);
  const selected = selectTopK(input.scores, input.k);
  const tallies = new Map<string, Tally>();
  for (let i = 0; i < groupOf.length; i++) {
    const group = groupOf[i];
    if (group === null || group === undefined) continue;
    const tally = tallies.get(group) ?? { addresses: 0, positives: 0, selected: 0, falsePositives: 0 };
    tally.addresses += 1;
    tally.positives += input.labels[i]!;
    tally.selected += selected[i]!;
    tally.falsePositives += selected[i]! === 1 && input.labels[i] === 0 ? 1 : 0;
    tallies.set(group, tally);
  }
  if (tallies.size === 0) throw new Error(`attribute ${attribute}: no row has a group, so there is nothing to audit`);
  const names = [...tallies.keys()].sort(byCodeUnit);
  const reference = names.reduce((best, name) => (tallies.get(name)!.addresses > tallies.get(best)!.addresses ? name : best));
  const referenceRates = ratesOf(tallies.get(reference)!);
  const groups = names.map((group) => {
    const rates = ratesOf(tallies.get(group)!);
    return {
      group,
      ...tallies.get(group)!,
      ...rates,
      selectionRatio: ratio(rates.selectionRate, referenceRates.selectionRate),
      falsePositiveRateRatio: ratio(rates.falsePositiveRate, referenceRates.falsePositiveRate),
    };
  });
  return { attribute, reference, groups };
}

function checkInput({ scores, labels, k }: FairnessInput, groups: number): void {
  if (scores.length !== labels.length || scores.length !== groups) {
    throw new Error(`scores (${scores.length}), labels (${labels.length}) and groups (${groups}) differ in length`);
  }
  if (scores.length === 0) throw new Error('no scores to audit');
  if (!Number.isInteger(k) || k < 1) throw new Error(`k must be a whole number of at least 1, not ${k}`);
  for (let i = 0; i < scores.length; i++) {
    if (labels[i] !== 0 && labels[i] !== 1) throw new Error(`row ${i}: label is ${labels[i]}, expected 0 or 1`);
    if (!Number.isFinite(scores[i])) throw new Error(`row ${i}: score is ${scores[i]}, expected a finite number`);
  }
}

/** 1 for the k highest scores; equal scores keep row order, so the earlier row is taken. */
function selectTopK(scores: ArrayLike<number>, k: number): Uint8Array {
  const order = Array.from(scores, (_, i) => i).sort((a, b) => scores[b]! - scores[a]! || a - b);
  const selected = new Uint8Array(scores.length);
  for (const i of order.slice(0, k)) selected[i] = 1;
  return selected;
}

function ratesOf(t: Tally): { selectionRate: number; falsePositiveRate: number | null } {
  const negatives = t.addresses - t.positives;
  return { selectionRate: t.selected / t.addresses, falsePositiveRate: negatives === 0 ? null : t.falsePositives / negatives };
}

function ratio(rate: number | null, referenceRate: number | null): number | null {
  if (rate === null || referenceRate === null) return null;
  if (referenceRate === 0) return rate === 0 ? 1 : null;
  return rate / referenceRate;
}

function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export type FairnessMetric = 'falsePositiveRate' | 'selectionRate';

/** Accepted range of a group's rate divided by the reference group's rate. */
export interface FairnessBounds {
  attribute: string;
  metric: FairnessMetric;
  low: number;
  high: number;
  /** Groups with fewer addresses are reported but not assessed: their rates are noise. */
  minimumGroupSize: number;
}

/** The four-fifths rule and its inverse on the false-positive rate of the audit-attributes file's `group`. */
export const DEFAULT_BOUNDS: readonly FairnessBounds[] = Object.freeze([
  Object.freeze({ attribute: 'group', metric: 'falsePositiveRate', low: 0.8, high: 1.25, minimumGroupSize: 100 } as const),
]);

export interface GateFinding {
  attribute: string;
  group: string;
  metric: FairnessMetric;
  ratio: number | null;
  low: number;
  high: number;
  /** True when within the bound, and for groups that are not assessed. */
  passed: boolean;
  reason: string;
}

export interface FairnessGate {
  passed: boolean;
  findings: GateFinding[];
}

/**
 * Applies each bound to every group but the reference of the audit of its attribute;
 * a bound whose attribute was not audited is not applied. A ratio that cannot be
 * computed fails the gate: an unmeasurable disparity is not evidence of none.
 */
export function checkFairness(audits: readonly AttributeAudit[], bounds: readonly FairnessBounds[]): FairnessGate {
  const findings = bounds.flatMap((bound) => {
    if (!(bound.low > 0 && bound.low <= bound.high)) throw new Error(`bound on ${bound.attribute}: low ${bound.low} and high ${bound.high} must satisfy 0 < low ≤ high`);
    const audit = audits.find((a) => a.attribute === bound.attribute);
    if (audit === undefined) return [];
    const reference = audit.groups.find((g) => g.group === audit.reference);
    if (reference === undefined) throw new Error(`audit of ${audit.attribute}: reference group ${audit.reference} is not among its groups`);
    return audit.groups.filter((g) => g !== reference).map((g) => judge(g, reference, bound));
  });
  return { passed: findings.every((f) => f.passed), findings };
}

/** Relative slack so that a ratio exactly on a bound, computed as 1.2500000000000002, passes. */
const ROUNDING = 1e-9;

function judge(group: GroupRates, reference: GroupRates, bound: FairnessBounds): GateFinding {
  const fpr = bound.metric === 'falsePositiveRate';
  const ratio = fpr ? group.falsePositiveRateRatio : group.selectionRatio;
  const finding = { attribute: bound.attribute, group: group.group, metric: bound.metric, ratio, low: bound.low, high: bound.high };
  const subject = `group ${group.group}: ${fpr ? 'false-positive rate' : 'selection rate'}`;
  if (group.addresses < bound.minimumGroupSize) {
    return { ...finding, passed: true, reason: `group ${group.group}: not assessed, its ${group.addresses} addresses are fewer than the minimum group size of ${bound.minimumGroupSize}` };
  }
  const rate = fpr ? group.falsePositiveRate : group.selectionRate;
  const referenceRate = fpr ? reference.falsePositiveRate : reference.selectionRate;
  if (rate === null) return { ...finding, passed: false, reason: `${subject} cannot be computed: all its ${group.addresses} addresses are labelled positive` };
  if (referenceRate === null) return { ...finding, passed: false, reason: `${subject} cannot be compared: the reference group ${reference.group} has no negatives` };
  if (ratio === null) {
    const none = fpr ? `none of its ${reference.addresses - reference.positives} negatives is selected` : `none of its ${reference.addresses} addresses is selected`;
    return { ...finding, passed: false, reason: `${subject} ${digits(rate)} cannot be compared: that of the reference group ${reference.group} is 0 (${none})` };
  }
  const passed = ratio >= bound.low * (1 - ROUNDING) && ratio <= bound.high * (1 + ROUNDING);
  const comparison = rate === 0 && referenceRate === 0
    ? `${subject} is 0, as is that of group ${reference.group}, so the ratio is 1`
    : `${subject} ${digits(rate)} is ${digits(ratio)} × that of group ${reference.group} (${digits(referenceRate)})`;
  return { ...finding, passed, reason: `${comparison}; ${passed ? 'within' : 'outside'} the bound ${bound.low}–${bound.high}` };
}

/** Three significant digits, without trailing zeros. */
function digits(x: number): string {
  return String(Number(x.toPrecision(3)));
}

const ATTRIBUTES_HEADER = 'address_id,group';

/**
 * Reads the audit-attributes file (`address_id,group`) into address id → group. It
 * holds a protected attribute, so it is used only for a fairness audit: it is never
 * stored with the source data and never used as a feature. Blank lines are skipped and
 * values are trimmed; errors name the file, the line and what is wrong.
 */
export function parseAttributesCsv(text: string, file: string): Map<string, string> {
  const { header, separator, records } = readCsvText(text, file);
  const blank = (fields: readonly string[]) => fields.length === 1 && fields[0]!.trim() === '';
  if (header?.join(separator) !== ATTRIBUTES_HEADER) {
    const empty = header === null || (blank(header) && records.every((r) => blank(r.fields)));
    const problem = empty ? 'the file is empty' : `the first line is "${header.join(separator)}"`;
    throw new FileRejected(file, 1, null, `missing header: expected exactly "${ATTRIBUTES_HEADER}", but ${problem}`);
  }
  const groups = new Map<string, string>();
  const firstLine = new Map<string, number>();
  for (const { line, fields } of records) {
    if (blank(fields)) continue;
    if (fields.length !== 2) throw new FileRejected(file, line, null, `expected 2 columns (${ATTRIBUTES_HEADER}), found ${fields.length}`);
    const [addressId, group] = fields.map((f) => f.trim()) as [string, string];
    if (addressId === '') throw new FileRejected(file, line, 'address_id', 'the value is empty');
    if (group === '') throw new FileRejected(file, line, 'group', 'the value is empty');
    const earlier = firstLine.get(addressId);
    if (earlier !== undefined) throw new FileRejected(file, line, 'address_id', `address_id ${addressId} appears on line ${earlier} and again on line ${line}`);
    firstLine.set(addressId, line);
    groups.set(addressId, group);
  }
  return groups;
}

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
    const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd();
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
  const rows = groups.map((g) => [g.group, pct(g.meanPredicted), `${pct(g.observedRate)} (${g.positives})`, `${pct(g.low)}–${pct(g.high)}`, g.verdict === 'over' ? 'flagged more than its finds support' : g.verdict === 'under' ? 'flagged less than its finds support' : 'consistent']);
  const widths = header.map((h, i) => rows.reduce((w, r) => Math.max(w, r[i]!.length), h.length));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 || i === 4 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd();
  return [`Calibration within ${attribute}: mean predicted probability against the share found`, line(header), ...rows.map(line)];
}

function formatGate(gate: FairnessGate): string {
  if (gate.findings.length === 0) return 'Fairness gate: passed (no bound applies to the audited attributes)';
  const failed = gate.findings.filter((f) => !f.passed).length;
  const head = gate.passed ? 'Fairness gate: passed' : `Fairness gate: FAILED (${failed} of ${gate.findings.length} findings)`;
  return [head, ...gate.findings.map((f) => `  ${f.passed ? 'pass' : 'FAIL'}  ${f.attribute} ${f.metric}: ${f.reason}`)].join('\n');
}
