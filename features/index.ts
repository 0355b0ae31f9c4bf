export { FEATURE_CATALOGUE, FEATURE_NAMES, featureEntry } from './catalogue.ts';
export { SIGNAL_CATEGORIES, SBI_SECTIONS } from './catalogue-controls.ts';
export type { FeatureEntry } from './catalogue-types.ts';
export {
  buildFeatures,
  forEachFeatureBatch,
  forEachFeatureBatchIn,
  FETCH_ROWS,
  labelsComplete,
  assertReferenceDate,
  ReferenceDateError,
  type FeatureMatrix,
} from './build.ts';
export { FeaturesCsv, formatCatalogue } from './output.ts';
export { imputationIndicators, isImputed } from './imputation.ts';
