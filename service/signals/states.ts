/**
 * The human decision around a score, as states: an analist proposes an address with a
 * reason (or a beheerder's random sample proposes it, as the system: samples/), the RIEC
 * approves (legal basis, reason, priority) or rejects (reason), the interventieteam plans
 * the control and records its outcome, which becomes an inspection — a label for the next
 * training. The interventieteam is not told which of the two kinds a control is.
 *
 *   proposed → approved | rejected;  approved → control_planned → outcome_recorded
 */
import type { Action } from '../permissions.ts';

export const SIGNAL_STATUSES = ['proposed', 'approved', 'rejected', 'control_planned', 'outcome_recorded'] as const;
export type SignalStatus = (typeof SIGNAL_STATUSES)[number];

export const SIGNAL_KINDS = ['risk_model', 'sample'] as const;
export type SignalKind = (typeof SIGNAL_KINDS)[number];

/** What the interventieteam may know of: approved signals and what followed. */
export const CONTROL_STATUSES = ['approved', 'control_planned', 'outcome_recorded'] as const;

/** Each status a transition leads to: the statuses it follows from, and the action its audit entry records. */
export const TRANSITIONS = {
  approved: { from: ['proposed'], action: 'signals:decide' },
  rejected: { from: ['proposed'], action: 'signals:decide' },
  control_planned: { from: ['approved'], action: 'controls:plan' },
  outcome_recorded: { from: ['control_planned'], action: 'controls:outcome' },
} as const satisfies Record<Exclude<SignalStatus, 'proposed'>, { from: readonly SignalStatus[]; action: Action }>;

/** A status some transition leads to. */
export type Target = keyof typeof TRANSITIONS;
