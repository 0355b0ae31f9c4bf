/**
 * Datasets per reference year, fitting and choosing, evaluation, the fairness audit, the
 * registry and its gate, scoring and the retrain job: what the service, the simulation,
 * the CLI and the bench use.
 */
export { scoreAddresses } from './scoring.ts';
export { exportRiskList, type RiskListInUse, activeRiskList } from './risk-list.ts';
export { trainSettings } from './settings.ts';
export { trainModel, fitAndChoose, type Fitted } from './train.ts';
export { TrainingSizeError } from './size-limit.ts';
export { buildDatasets, planYears, type YearPlan } from './dataset.ts';
export { bestEpoch } from './fit-family.ts';
export { labelProvenance, labelWeightingSentence } from './label-weighting.ts';
export { refitForServing } from './refit.ts';
export { sampleNegatives, BYTES_PER_VALUE } from './negative-sampling.ts';
export { calibrateGroups, verdictWords } from './group-calibration.ts';
export { averagePrecision, expectedAveragePrecision, pairedBootstrapAp, precisionAtK } from './metrics.ts';
export { parseTruthCsv, compareWithTruth, TruthMismatchError, type RankingFigures, type TruthComparison } from './truth.ts';
export { formatEvaluation, LIST_SIZES, selfSelectionSentence } from './evaluate.ts';
export { modelToAudit, scoreLabelledYear, trainingPlanOf, yearRole, AuditError, auditRiskList, readAuditAttributes } from './audit.ts';
export { checkFairness } from './fairness-gate.ts';
export { formatFairness } from './fairness-format.ts';
export { modelCard } from './card.ts';
export { gateReasonWords } from './gate-words.ts';
export { modelCardMarkdown } from './card-markdown.ts';
export { activateModel, getModel, listModels, disableModel, RegistryError, lastDisabled } from './registry.ts';
export { randomSampleSentence, randomSampleFigures, topKOf, randomControls } from './sample-figures.ts';
export { runnerName, runRetrainJob, drainInbox, READY_MARKER, type JobResult } from './job.ts';
export { tickOf, startRetrainSchedule } from './schedule.ts';
export { withinInterval, type SampledAddress } from './estimates.ts';
