/**
 * The fairness gate: bounds on the ratio of a group's rate to the reference group's, the
 * defaults (the four-fifths rule and its inverse), and the finding per group that says why
 * it passed or failed.
 */
import type { AttributeAudit, GroupRates } from './fairness.ts';

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
    if (!(bound.low > 0 && bound.low <= bound.high))
      throw new Error(`bound on ${bound.attribute}: low ${bound.low} and high ${bound.high} must satisfy 0 < low ≤ high`);
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
    return {
      ...finding,
      passed: true,
      reason: `group ${group.group}: not assessed, its ${group.addresses} addresses are fewer than the minimum group size of ${bound.minimumGroupSize}`,
    };
  }
  const rate = fpr ? group.falsePositiveRate : group.selectionRate;
  const referenceRate = fpr ? reference.falsePositiveRate : reference.selectionRate;
  if (rate === null)
    return {
      ...finding,
      passed: false,
      reason: `${subject} cannot be computed: all its ${group.addresses} addresses are labelled positive`,
    };
  if (referenceRate === null)
    return { ...finding, passed: false, reason: `${subject} cannot be compared: the reference group ${reference.group} has no negatives` };
  if (ratio === null) {
    const none = fpr
      ? `none of its ${reference.addresses - reference.positives} negatives is selected`
      : `none of its ${reference.addresses} addresses is selected`;
    return {
      ...finding,
      passed: false,
      reason: `${subject} ${digits(rate)} cannot be compared: that of the reference group ${reference.group} is 0 (${none})`,
    };
  }
  const passed = ratio >= bound.low * (1 - ROUNDING) && ratio <= bound.high * (1 + ROUNDING);
  const comparison =
    rate === 0 && referenceRate === 0
      ? `${subject} is 0, as is that of group ${reference.group}, so the ratio is 1`
      : `${subject} ${digits(rate)} is ${digits(ratio)} × that of group ${reference.group} (${digits(referenceRate)})`;
  return { ...finding, passed, reason: `${comparison}; ${passed ? 'within' : 'outside'} the bound ${bound.low}–${bound.high}` };
}

/** Three significant digits, without trailing zeros. */
export function digits(x: number): string {
  return String(Number(x.toPrecision(3)));
}
