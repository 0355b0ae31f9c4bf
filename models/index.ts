/** Model families, the tensorflow backend, artefacts and their exact explanations: what training and the service use. */
export { FAMILIES, scoreRows, type Family, parseArtefact, type ModelArtefact, explainRows, type Explained, pairsOf } from './artefact.ts';
export { loadTensorflow, type LoadedBackend } from './backend.ts';
export { DEFAULT_ADDITIVE } from './additive.ts';
export { fitAdditive } from './additive-fit.ts';
export { DEFAULT_BAGGING, fitBaggedAdditive, type BaggedAdditive } from './bagging.ts';
export { type Direction } from './monotone.ts';
export type { FitHistory, LabelledMatrix } from './fit-types.ts';
export { DEFAULT_FIT, fitLogistic } from './logistic.ts';
export { DEFAULT_MLP, fitMlp } from './mlp.ts';
export { applyScaling, fitScaling } from './scaling.ts';
export { Shuffler } from './shuffle.ts';
export { fitPlatt } from './calibration.ts';
export { storesContributions, termsOfRow, termsOfValues } from './stored-terms.ts';
export {
  STORED_REASONS,
  reasonTerms,
  storedReasonsText,
  reasonsOfStored,
  type ReasonTerm,
  type ScoreTerms,
  type StoredReasonRow,
} from './reasons.ts';
