/** Model families, the tensorflow backend, artefacts and their exact explanations: what training and the service use. */
export { FAMILIES, scoreRows, type Family, parseArtefact, type ModelArtefact, explainRows } from './artefact.ts';
export { loadTensorflow, type LoadedBackend } from './backend.ts';
export { DEFAULT_ADDITIVE, fitAdditive } from './additive.ts';
export { DEFAULT_FIT, fitLogistic, type FitHistory, type LabelledMatrix } from './logistic.ts';
export { DEFAULT_MLP, fitMlp } from './mlp.ts';
export { applyScaling, fitScaling } from './scaling.ts';
export { fitPlatt } from './calibration.ts';
