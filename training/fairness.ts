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
import type { GroupCalibration } from './group-calibration.ts';

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
export type StoredAudit = Omit<AttributeAudit, 'groups' | 'calibration'> & {
  groups: StoredGroupRates[];
  calibration?: StoredGroupCalibration[];
};

/** The audit as the registry and the model card keep it: small groups without their counts. */
export function auditsForStorage(audits: readonly AttributeAudit[], minimum = STORED_GROUP_MINIMUM): StoredAudit[] {
  const suppress = <G extends { group: string; addresses: number }>(g: G) =>
    g.addresses < minimum ? { group: g.group, suppressed: `fewer than ${minimum} addresses: counts not stored` } : g;
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
