// @ts-check
/**
 * The API's answers about models, as far as the page reads them (GET /api/v1/models,
 * /models/{version}). A card keeps what was measured when the model was registered, so
 * figures added later are absent or null on older models.
 */

/**
 * @typedef {object} ModelSummary
 * @property {number} version
 * @property {string} family
 * @property {string} status
 * @property {string} createdAt
 * @property {number | null} testYear
 * @property {number | null} averagePrecision
 * @property {number | null} precisionAt100
 * @property {string} backend
 */
/** @typedef {{ items: ModelSummary[] }} ModelList */

/** @typedef {{ count: number, meanPredicted: number, observedRate: number }} ReliabilityBin */

/**
 * A model's figures on its test year.
 * @typedef {object} Evaluation
 * @property {number} year
 * @property {number} rows
 * @property {number} positives
 * @property {number} averagePrecision
 * @property {{ low: number, high: number, level: number }} [averagePrecisionInterval]  bootstrap interval; absent for older models
 * @property {number} rocAuc
 * @property {Array<{ k: number, precision: number, lift: number }>} atK
 * @property {number} brier
 * @property {number} calibrationError
 * @property {ReliabilityBin[]} [reliability]
 * @property {Array<{ recall: number, precision: number }>} [prCurve]
 */

/** @typedef {{ controlled: number, finds: number, averagePrecisionWithout: number | null }} SelfSelection */

/**
 * A share estimated from the random controls; null figures without any.
 * @typedef {object} SampleEstimate
 * @property {number | null} estimate
 * @property {number | null} low
 * @property {number | null} high
 * @property {number} sampleSize
 * @property {number} finds
 * @property {number} assumedUniform
 */

/** @typedef {{ k: number, findRate: SampleEstimate, precisionAtK: SampleEstimate, recallAtK: SampleEstimate }} RandomSampleFigures */

/** @typedef {{ version: number, k: number, testPrecision: number, estimate: SampleEstimate, consistent: boolean | null }} LiveCheck */

/** @typedef {{ low: number, high: number }} Bounds */
/**
 * A group too small to keep its counts.
 * @typedef {{ group: string, suppressed: string }} Suppressed
 */

/**
 * @typedef {object} GroupRates
 * @property {string} group
 * @property {number} addresses
 * @property {number} selected
 * @property {number} selectionRate
 * @property {number | null} falsePositiveRate
 * @property {number | null} falsePositiveRateRatio
 */

/**
 * @typedef {object} GroupCalibration
 * @property {string} group
 * @property {number} positives
 * @property {number} meanPredicted
 * @property {number} observedRate
 * @property {number} low
 * @property {number} high
 * @property {string} verdict
 */

/**
 * @typedef {object} FairnessAudit
 * @property {string} attribute
 * @property {string} reference
 * @property {Array<GroupRates | Suppressed>} groups
 * @property {Array<GroupCalibration | Suppressed>} [calibration]
 */

/** @typedef {{ passed: boolean, findings: Array<{ attribute: string }> }} FairnessGate */

/**
 * @typedef {object} Fairness
 * @property {FairnessAudit[]} audits
 * @property {FairnessGate} [gate]
 * @property {Array<Bounds & { metric: string }>} [bounds]
 */

/** @typedef {{ event: string, actor: string, justification: string | null, at: string }} ModelEvent */

/**
 * @typedef {object} CardModel
 * @property {number} version
 * @property {string} family
 * @property {string} status
 * @property {Evaluation} test
 * @property {SelfSelection | null} [selfSelection]
 * @property {RandomSampleFigures | null} [randomSample]
 * @property {LiveCheck | null} [liveCheck]
 * @property {Fairness} [fairness]
 * @property {{ passed?: boolean, reasons: string[] }} [gate]
 * @property {ModelEvent[]} [events]
 */

/**
 * A shape function; `spread` per bin is the standard deviation across the outer bags (null: one fit).
 * @typedef {{ feature: string, edges: number[], terms: number[], spread: number[] | null, monotone: 'increasing' | 'decreasing' | null }} Shape
 */

/**
 * A pair term: per cell of the two features' coarse bins (row-major, rows the first feature), what they add together.
 * @typedef {{ features: [string, string], edges: [number[], number[]], terms: number[] }} PairShape
 */

/**
 * The card's Algoritmeregister texts, in the language asked for.
 * @typedef {object} Algoritmeregister
 * @property {string} shortDescription
 * @property {string} goalAndImpact
 * @property {string} humanIntervention
 * @property {string} riskManagement
 * @property {string} legalBasis
 * @property {string[]} dataSources
 * @property {string} technicalWorking
 * @property {string} learnsOverTime
 */

/**
 * @typedef {object} ModelDetail
 * @property {{ model: CardModel, algoritmeregister: Algoritmeregister }} card
 * @property {Array<{ text: string, lang: 'nl' | 'en' }>} gateReasons
 * @property {Shape[] | null} shapes
 * @property {PairShape[] | null} [pairs]
 * @property {Bounds} fairnessBounds
 */

export {};
