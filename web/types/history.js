// @ts-check
/**
 * An address's dossier as the API answers it (GET /api/v1/addresses/{id}/history). Types
 * only: the browser never loads this file.
 */

/** @import { Address, Reason } from './risk.js' */

/**
 * A signal of the address with what became of it.
 * @typedef {object} HistorySignal
 * @property {number} id
 * @property {string} status
 * @property {string} kind
 * @property {number} rank
 * @property {{ referenceDate: string, probability: number, reasons: Reason[] }} explanation
 * @property {{ by: string, at: string, reason: string }} proposal
 * @property {{ by: string, at: string, legalBasis: string | null, reason: string, priority: number | null } | null} decision
 * @property {{ plannedFor: string | null, outcome: string | null, outcomeAt: string | null } | null} control
 * @property {Array<{ from: string, to: string, reason: string, by: string, at: string }>} corrections
 */

/**
 * @typedef {object} AddressHistory
 * @property {string} addressId
 * @property {Address} address
 * @property {Array<{ inspectedOn: string, reason: string, outcome: string }>} inspections
 * @property {HistorySignal[]} signals
 */

export {};
