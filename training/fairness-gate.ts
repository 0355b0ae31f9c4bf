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
  /** The same reason in Dutch, for the page (findings stored before it was kept have none). */
  reasonNl?: string;
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
  const said = (passed: boolean, words: { en: string; nl: string }): GateFinding => ({
    ...finding,
    passed,
    reason: words.en,
    reasonNl: words.nl,
  });
  const subject = `group ${group.group}: ${fpr ? 'false-positive rate' : 'selection rate'}`;
  const subjectNl = `groep ${group.group}: ${fpr ? 'aandeel fout-positieven (FPR)' : 'selectiegraad'}`;
  const ref = reference.group;
  if (group.addresses < bound.minimumGroupSize) {
    const [n, m] = [group.addresses, bound.minimumGroupSize];
    return said(true, {
      en: `group ${group.group}: not assessed, its ${n} addresses are fewer than the minimum group size of ${m}`,
      nl: `groep ${group.group}: niet beoordeeld, de ${n} adressen zijn minder dan de minimale groepsgrootte van ${m}`,
    });
  }
  const rate = fpr ? group.falsePositiveRate : group.selectionRate;
  const referenceRate = fpr ? reference.falsePositiveRate : reference.selectionRate;
  if (rate === null)
    return said(false, {
      en: `${subject} cannot be computed: all its ${group.addresses} addresses are labelled positive`,
      nl: `${subjectNl} is niet te berekenen: alle ${group.addresses} adressen zijn als vondst gelabeld`,
    });
  if (referenceRate === null)
    return said(false, {
      en: `${subject} cannot be compared: the reference group ${ref} has no negatives`,
      nl: `${subjectNl} is niet te vergelijken: de referentiegroep ${ref} heeft geen adressen zonder vondst`,
    });
  if (ratio === null) {
    const negatives = reference.addresses - reference.positives;
    return said(false, {
      en:
        `${subject} ${digits(rate)} cannot be compared: that of the reference group ${ref} is 0 ` +
        `(${fpr ? `none of its ${negatives} negatives is selected` : `none of its ${reference.addresses} addresses is selected`})`,
      nl:
        `${subjectNl} ${digitsNl(rate)} is niet te vergelijken: die van de referentiegroep ${ref} is 0 ` +
        `(${fpr ? `geen van de ${negatives} adressen zonder vondst is geselecteerd` : `geen van de ${reference.addresses} adressen is geselecteerd`})`,
    });
  }
  const passed = ratio >= bound.low * (1 - ROUNDING) && ratio <= bound.high * (1 + ROUNDING);
  const zero = rate === 0 && referenceRate === 0;
  const [low, high] = [bound.low, bound.high];
  return said(passed, {
    en:
      (zero
        ? `${subject} is 0, as is that of group ${ref}, so the ratio is 1`
        : `${subject} ${digits(rate)} is ${digits(ratio)} × that of group ${ref} (${digits(referenceRate)})`) +
      `; ${passed ? 'within' : 'outside'} the bound ${low}–${high}`,
    nl:
      (zero
        ? `${subjectNl} is 0, net als die van groep ${ref}, dus de verhouding is 1`
        : `${subjectNl} ${digitsNl(rate)} is ${digitsNl(ratio)} × die van groep ${ref} (${digitsNl(referenceRate)})`) +
      `; ${passed ? 'binnen' : 'buiten'} de grens ${digitsNl(low)}–${digitsNl(high)}`,
  });
}

/** digits() with a decimal comma. */
const digitsNl = (x: number): string => digits(x).replace('.', ',');

/** Three significant digits, without trailing zeros. */
export function digits(x: number): string {
  return String(Number(x.toPrecision(3)));
}
