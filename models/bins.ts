/**
 * Binning of raw feature values for the additive family: where each feature is cut, and
 * which bin every row falls in. A value v falls in bin = number of edges strictly below
 * v, so a value exactly on an edge belongs to the lower bin.
 */

/** Bin edges of one feature. */
export interface FeatureBins {
  name: string;
  edges: number[];
}

export function binOf(edges: readonly number[], value: number): number {
  let low = 0;
  let high = edges.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (edges[mid]! < value) low = mid + 1;
    else high = mid;
  }
  return low;
}

/**
 * Bin edges per feature from the training rows: one bin per distinct value when there are
 * at most `maxBins` of them (edges halfway between values), else quantile bins (edges at
 * the distinct values found at each 1/maxBins quantile).
 */
export function fitBins(x: ArrayLike<number>, rows: number, names: readonly string[], maxBins: number): FeatureBins[] {
  const width = names.length;
  return names.map((name, j) => {
    const sorted = column(x, rows, width, j).sort();
    const distinct: number[] = [];
    for (let i = 0; i < rows; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) distinct.push(sorted[i]!);
    if (distinct.length <= maxBins) {
      return { name, edges: distinct.slice(1).map((v, k) => (distinct[k]! + v) / 2) };
    }
    const edges: number[] = [];
    for (let q = 1; q < maxBins; q++) {
      const value = sorted[Math.min(rows - 1, Math.floor((q * rows) / maxBins))]!;
      // An edge equal to the smallest value would leave bin 0 empty.
      if (value > sorted[0]! && (edges.length === 0 || value > edges[edges.length - 1]!)) edges.push(value);
    }
    return { name, edges };
  });
}

/** Every row's bin per feature, as indices into one table of all features' bins laid end to end. */
export function binIndices(bins: readonly FeatureBins[], x: ArrayLike<number>, rows: number): Int32Array {
  const width = bins.length;
  const offsets = binOffsets(bins);
  const out = new Int32Array(rows * width);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < width; j++) out[i * width + j] = offsets[j]! + binOf(bins[j]!.edges, x[i * width + j]!);
  }
  return out;
}

/** Where each feature's bins start in that one table; the last entry is the table's size. */
export function binOffsets(bins: readonly FeatureBins[]): number[] {
  const offsets: number[] = [];
  let total = 0;
  for (const b of bins) {
    offsets.push(total);
    total += b.edges.length + 1;
  }
  offsets.push(total);
  return offsets;
}

/** Column j of a row-major matrix [rows, width]. */
export function column(x: ArrayLike<number>, rows: number, width: number, j: number): Float64Array {
  const out = new Float64Array(rows);
  for (let i = 0; i < rows; i++) out[i] = x[i * width + j]!;
  return out;
}
