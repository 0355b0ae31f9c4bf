/** Where a model's feature list says that a value was imputed rather than measured. */
import { FEATURE_CATALOGUE } from './catalogue.ts';

const indicatorOf = new Map(FEATURE_CATALOGUE.map((f) => [f.name, f.imputedWhen]));

/**
 * For each feature of `names`, the position in `names` of the indicator that is 1 when its
 * value was imputed; -1 when it has none (or the indicator is not in the list).
 */
export function imputationIndicators(names: readonly string[]): Int32Array {
  const at = new Map(names.map((n, k) => [n, k]));
  return Int32Array.from(names, (n) => at.get(indicatorOf.get(n) ?? '') ?? -1);
}

/** Whether feature `j`'s value in `values` (one row, in `names` order) is a stand-in: its indicator is set. */
export function isImputed(indicators: Int32Array, values: ArrayLike<number> | null, j: number): boolean {
  const k = indicators[j] ?? -1;
  return k >= 0 && (values?.[k] ?? 0) >= 0.5;
}
