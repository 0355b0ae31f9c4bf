// @ts-check
/**
 * The API's answers the beheerder and the auditor read, as far as the page reads them:
 * samples, job runs, the audit log and its verification.
 */

/** @import { LiveCheck } from './models.js' */

/** @typedef {{ district: string, frameSize: number, n: number, probability: number }} Stratum */

/**
 * What became of a sample's members, by count.
 * @typedef {object} SampleCounts
 * @property {number} approved
 * @property {number} rejected
 * @property {number} pending
 * @property {number} unanswered
 * @property {number} controlled
 * @property {number} found
 * @property {number} noAccess
 */

/**
 * @typedef {object} Sample
 * @property {number} id
 * @property {string} drawnBy
 * @property {string} drawnAt
 * @property {number} seed
 * @property {string} reason
 * @property {number} frameSize
 * @property {number} n
 * @property {string} design
 * @property {number | null} probability
 * @property {Stratum[]} strata
 * @property {SampleCounts} counts
 */

/** @typedef {{ share: number, approvedControls: number, n: number }} SampleDefaults */
/** @typedef {{ defaults: SampleDefaults, items: Sample[] }} SampleOverview */

/**
 * A job run; a retrain's detail may hold its live check.
 * @typedef {object} Job
 * @property {string} job
 * @property {string} startedAt
 * @property {string | null} finishedAt
 * @property {string} outcome
 * @property {string} runner
 * @property {{ model?: { liveCheck?: LiveCheck | null } }} detail
 */
/** @typedef {{ items: Job[] }} JobList */

/**
 * @typedef {object} AuditEntry
 * @property {number} seq
 * @property {string} at
 * @property {string} actor
 * @property {string | null} role
 * @property {string} action
 * @property {string | null} path
 * @property {string | null} addressId
 * @property {string | null} purpose
 * @property {number} status
 * @property {{ shown?: unknown }} detail
 */

/** @typedef {{ addressId: string, postcode: string, houseNumber: number, houseSuffix: string | null }} MatchedAddress */
/** @typedef {{ items: AuditEntry[], addresses: MatchedAddress[] | null, older: number | null, newer: number | null }} AuditLog */

/**
 * @typedef {object} Checkpoints
 * @property {{ seq: number, hash: string, time: string, signatureValid: boolean, matchesChain: boolean } | null} newest
 * @property {number} problemCount
 * @property {Array<{ file: string, line: number, problem: string }>} problems
 */

/**
 * @typedef {object} Verification
 * @property {number} entries
 * @property {number} problemCount
 * @property {{ seq: number, hash: string } | null} head
 * @property {Array<{ seq: number, problem: string }>} problems
 * @property {Checkpoints} checkpoints
 */

export {};
