/**
 * Per-feature scaling fitted on training rows only and stored with the model: values are
 * clipped to the training data's 0.1–99.9 % quantiles (heavy tails such as kWh would
 * otherwise reach z-scores of 15 and more) and then standardised.
 * Matrices are row-major Float32Array/Float64Array of shape [rows, features].
 */

export interface FeatureScaling {
  name: string;
  low: number;
  high: number;
  mean: number;
  sd: number;
}

const CLIP = 0.001;

function quantile(sorted: Float64Array, q: number): number {
  const position = q * (sorted.length - 1);
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below]! + (sorted[above]! - sorted[below]!) * (position - below);
}

export function fitScaling(values: ArrayLike<number>, rows: number, names: readonly string[]): FeatureScaling[] {
  const width = names.length;
  if (values.length !== rows * width) throw new Error(`expected ${rows} × ${width} values, got ${values.length}`);
  return names.map((name, j) => {
    const column = new Float64Array(rows);
    for (let i = 0; i < rows; i++) column[i] = values[i * width + j]!;
    column.sort();
    const low = quantile(column, CLIP);
    const high = quantile(column, 1 - CLIP);
    let sum = 0;
    let squares = 0;
    for (const v of column) {
      const c = Math.min(high, Math.max(low, v));
      sum += c;
      squares += c * c;
    }
    const mean = sum / rows;
    const sd = Math.sqrt(Math.max(0, squares / rows - mean * mean));
    return { name, low, high, mean, sd: sd > 1e-12 ? sd : 1 };
  });
}

/** Applies the scaling to a matrix whose columns are in the scaling's order. */
export function applyScaling(values: ArrayLike<number>, rows: number, scaling: readonly FeatureScaling[]): Float32Array {
  const width = scaling.length;
  const out = new Float32Array(rows * width);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < width; j++) {
      const s = scaling[j]!;
      out[i * width + j] = (Math.min(s.high, Math.max(s.low, values[i * width + j]!)) - s.mean) / s.sd;
    }
  }
  return out;
}
