// @ts-check
/**
 * The API's answers about proposals and controls, as far as the page reads them
 * (GET /api/v1/signals, /controls, POST /signals). Statuses and outcomes are strings:
 * their values come from the service, their words from the page's texts.
 */

/** @import { Address, Reason } from './risk.js' */

/**
 * @typedef {object} Signal
 * @property {number} id
 * @property {Address} address
 * @property {string} status
 * @property {string} kind
 * @property {number | null} sampleId
 * @property {number} modelVersion
 * @property {number} rank
 * @property {{ referenceDate: string, probability: number, reasons: Reason[], basis: { raising: Reason[], lowering: Reason[], baseRate: number } | null }} explanation
 * @property {{ by: string, reason: string }} proposal
 * @property {{ by: string, legalBasis: string | null, reason: string, priority: number | null } | null} decision
 */

/** @typedef {{ items: Signal[] }} SignalList */

/** @typedef {{ id: number, at: string, by: string, from: string, to: string, reason: string }} Correction */

/**
 * @typedef {object} Control
 * @property {number} id
 * @property {Address} address
 * @property {string} status
 * @property {number} priority
 * @property {string | null} plannedFor
 * @property {string} approvedOn
 * @property {string[]} reasons
 * @property {string} legalBasis the legal basis of the RIEC's approval (not its reason: free text may say that a control was drawn by chance, which the team is not told)
 * @property {string | null} outcome
 * @property {string | null} inspectedOn
 * @property {string | null} outcomeAt
 * @property {Correction[]} corrections
 */

/**
 * The days a date picker may offer: today and the last day a control may be planned for.
 * @typedef {{ today: string, lastPlanDate: string }} ControlDates
 */

/** @typedef {{ items: Control[], dates: ControlDates }} ControlList */

export {};
