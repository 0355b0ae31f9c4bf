// @ts-check
/**
 * The API's answers about addresses and their risk, as far as the page reads them
 * (GET /api/v1/areas, /features, /risk-list, /addresses/{id}/risk). Types only: the
 * browser never loads this file.
 */

/**
 * @typedef {object} Address
 * @property {string} street
 * @property {number} houseNumber
 * @property {string | null} houseSuffix
 * @property {string} postcode
 * @property {string} district
 * @property {string} neighbourhood
 */

/** @typedef {{ feature: string, contribution: number, sentence: string }} Reason */
/** @typedef {{ version: number, family: string }} ModelRef */
/** @typedef {{ id: number, referenceDate: string, addresses: number }} RiskListRef */

/** @typedef {{ districts: Array<{ code: string, neighbourhoods: string[] }> }} Areas */

/** @typedef {{ name: string, unit: string, description: string }} Feature */
/** @typedef {{ items: Feature[] }} FeatureList */

/**
 * @typedef {object} RiskListItem
 * @property {string} addressId
 * @property {Address} address
 * @property {number} rank
 * @property {number} probability
 * @property {Reason[]} reasons
 * @property {{ id: number, status: string } | null} signal the address's newest signal
 */

/** @typedef {{ model: ModelRef, riskList: RiskListRef, items: RiskListItem[], nextCursor: string | null, matching: number | null }} RiskListPage */

/**
 * One feature's part of an address's score, with its value and the median as the service
 * words them.
 * @typedef {object} Contribution
 * @property {string} feature  the feature, or for a pair term "a × b"
 * @property {[string, string]} [pair]  a pair term's two features
 * @property {number} contribution
 * @property {number | null} value
 * @property {number | null} reference
 * @property {string} valueText
 * @property {string} referenceText
 * @property {string} sentence
 */

/**
 * @typedef {object} AddressRisk
 * @property {Address} address
 * @property {ModelRef} model
 * @property {RiskListRef} riskList
 * @property {number} score
 * @property {number} probability
 * @property {number} baseRate the mean probability over the list's addresses
 * @property {number} rank
 * @property {number} percentile
 * @property {{ intercept: number, contributions: Contribution[] }} explanation
 * @property {string} notice
 */

export {};
