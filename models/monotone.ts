/**
 * Monotone shape functions, made so after fitting (as EBM's `monotonize`): where the
 * catalogue declares that more of a feature can only mean more risk (or only less), the
 * fitted shape is replaced by its closest monotone step function — the weighted isotonic
 * regression of its bin values, weighted by the training rows in each bin — and centred
 * again. Constraining during boosting would bend the other shapes around the constraint;
 * afterwards, only the declared shape changes, and only where the data wiggled against
 * what is known.
 */
import type { AdditiveModel } from './additive.ts';

export type Direction = 'increasing' | 'decreasing';

/**
 * The weighted least-squares non-decreasing fit of `values` (pool adjacent violators).
 * Bins without rows carry a tiny weight: they follow their neighbours instead of holding
 * a block apart.
 */
export function isotonic(values: readonly number[], weights: ArrayLike<number>): number[] {
  const blocks: Array<{ mean: number; weight: number; size: number }> = [];
  values.forEach((v, k) => {
    let block = { mean: v, weight: Math.max(weights[k]!, 1e-9), size: 1 };
    while (blocks.length > 0 && blocks[blocks.length - 1]!.mean > block.mean) {
      const last = blocks.pop()!;
      const weight = last.weight + block.weight;
      block = { mean: (last.mean * last.weight + block.mean * block.weight) / weight, weight, size: last.size + block.size };
    }
    blocks.push(block);
  });
  return blocks.flatMap((b) => Array.from({ length: b.size }, () => b.mean));
}

/**
 * The model with each declared feature's shape monotone in its direction and centred again
 * on the training rows (`counts`: training rows per bin of every feature); the other
 * shapes and the pairs are left as they are.
 */
export function monotonize(
  model: AdditiveModel,
  counts: readonly ArrayLike<number>[],
  directions: ReadonlyMap<number, Direction>,
): AdditiveModel {
  let intercept = model.intercept;
  const terms = model.terms.map((values, j) => {
    const direction = directions.get(j);
    if (!direction) return values;
    const sign = direction === 'increasing' ? 1 : -1;
    const fitted = isotonic(
      values.map((v) => sign * v),
      counts[j]!,
    ).map((v) => sign * v);
    let rows = 0;
    let mean = 0;
    fitted.forEach((v, k) => {
      rows += counts[j]![k]!;
      mean += v * counts[j]![k]!;
    });
    mean = rows > 0 ? mean / rows : 0;
    intercept += mean;
    return fitted.map((v) => v - mean);
  });
  return { ...model, terms, intercept };
}
