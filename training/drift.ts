/**
 * Population stability index (PSI) per feature: how far the distribution of a feature
 * among the addresses being scored has moved from its distribution in the training
 * data. The training values are cut into at most 10 quantile bins; with e the training
 * share and a the current share of a bin, PSI = Σ (a − e) · ln(a / e), a symmetric
 * (Jeffreys) divergence between the two binned distributions, 0 when they are equal.
 *
 * Limits: it looks at one feature at a time, so a change in how features go together
 * is missed; moves within a bin are invisible and the value depends on the bins; it
 * says nothing about whether the link between features and cultivation has changed,
 * which only new control outcomes can show; and on small samples noise alone gives
 * values of roughly (bins − 1) · (1/n_training + 1/n_current). The thresholds are
 * customary rules of thumb, not tests. Shares are floored at PSI_SHARE_FLOOR, so an
 * empty bin adds a large but finite term instead of an infinite one.
 *
 * Matrices are row-major, shape [rows, features], columns in `names` order.
 */

export interface DriftReference {
  name: string;
  /**
   * Upper bounds of every bin but the last, strictly ascending: bin i holds values in
   * (edges[i − 1], edges[i]]. The first bin is open below and the last open above, so
   * values outside the training range fall in the outer bins.
   */
  edges: number[];
  /** Share of training rows per bin (edges.length + 1 entries, summing to 1). */
  shares: number[];
}

export type StabilityLevel = 'stable' | 'moderate' | 'drifted';

export const PSI_SHARE_FLOOR = 1e-4;
/** PSI below this is stable. */
export const PSI_MODERATE = 0.1;
/** PSI from this on is drifted; between the two it is moderate. */
export const PSI_DRIFTED = 0.25;

/**
 * Bins and shares per feature from the training matrix. A feature with at most `bins`
 * distinct values gets one bin per value; otherwise edges are taken at the 1/bins,
 * 2/bins, … quantiles (the lower order statistic), and edges that coincide, as with a
 * feature that is mostly 0, merge into one bin.
 */
export function driftReference(values: ArrayLike<number>, rows: number, names: readonly string[], bins = 10): DriftReference[] {
  if (!Number.isInteger(bins) || bins < 1) throw new Error(`bins must be a whole number of at least 1, not ${bins}`);
  checkMatrix(values, rows, names);
  return names.map((name, j) => {
    const sorted = column(values, rows, names, j).sort();
    const edges = binEdges(sorted, bins);
    return { name, edges, shares: binShares(sorted, edges) };
  });
}

/** PSI of each feature of the current matrix against the training reference. */
export function populationStability(
  reference: readonly DriftReference[],
  values: ArrayLike<number>,
  rows: number,
  names: readonly string[],
): Array<{ name: string; psi: number; level: StabilityLevel }> {
  const tally = new StabilityTally(reference, names);
  tally.add(values, rows);
  return tally.result();
}

/** PSI counted batch by batch, so that the current matrix of a large city need not be held whole. */
export class StabilityTally {
  private readonly counts: number[][];
  private rows = 0;

  constructor(
    private readonly reference: readonly DriftReference[],
    private readonly names: readonly string[],
  ) {
    checkNames(reference, names);
    for (const ref of reference)
      if (ref.shares.length !== ref.edges.length + 1)
        throw new Error(
          `drift reference of ${ref.name}: ${ref.edges.length} edges need ${ref.edges.length + 1} shares, not ${ref.shares.length}`,
        );
    this.counts = reference.map((ref) => new Array<number>(ref.edges.length + 1).fill(0));
  }

  add(values: ArrayLike<number>, rows: number): void {
    checkMatrix(values, rows, this.names);
    this.reference.forEach((ref, j) => binCounts(column(values, rows, this.names, j), ref.edges, this.counts[j]!));
    this.rows += rows;
  }

  result(): Array<{ name: string; psi: number; level: StabilityLevel }> {
    if (this.rows === 0) throw new Error('no rows to compare with the drift reference');
    return this.reference.map((ref, j) => {
      let psi = 0;
      this.counts[j]!.forEach((count, b) => {
        const a = Math.max(count / this.rows, PSI_SHARE_FLOOR);
        const e = Math.max(ref.shares[b]!, PSI_SHARE_FLOOR);
        psi += (a - e) * Math.log(a / e);
      });
      return { name: ref.name, psi, level: stabilityLevel(psi) };
    });
  }
}

export function stabilityLevel(psi: number): StabilityLevel {
  return psi < PSI_MODERATE ? 'stable' : psi < PSI_DRIFTED ? 'moderate' : 'drifted';
}

function checkMatrix(values: ArrayLike<number>, rows: number, names: readonly string[]): void {
  if (!Number.isInteger(rows) || rows < 1) throw new Error(`rows must be a whole number of at least 1, not ${rows}`);
  if (values.length !== rows * names.length) throw new Error(`expected ${rows} × ${names.length} values, got ${values.length}`);
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) {
      throw new Error(`feature ${names[i % names.length]}, row ${Math.floor(i / names.length)}: value ${values[i]} is not a finite number`);
    }
  }
}

function checkNames(reference: readonly DriftReference[], names: readonly string[]): void {
  for (let j = 0; j < Math.max(reference.length, names.length); j++) {
    const expected = reference[j]?.name;
    const found = names[j];
    if (expected === found) continue;
    if (found === undefined) throw new Error(`feature ${j + 1} of the drift reference, ${expected}, is missing from the matrix`);
    if (expected === undefined) throw new Error(`feature ${j + 1} of the matrix, ${found}, is not in the drift reference`);
    throw new Error(`feature ${j + 1} is ${found} but the drift reference has ${expected} there`);
  }
}

function column(values: ArrayLike<number>, rows: number, names: readonly string[], j: number): Float64Array {
  const width = names.length;
  const out = new Float64Array(rows);
  for (let i = 0; i < rows; i++) out[i] = values[i * width + j]!;
  return out;
}

function binEdges(sorted: Float64Array, bins: number): number[] {
  const distinct: number[] = [];
  for (const v of sorted) if (distinct[distinct.length - 1] !== v) distinct.push(v);
  if (distinct.length <= bins) return distinct.slice(0, -1);
  const max = sorted[sorted.length - 1]!;
  const edges: number[] = [];
  for (let q = 1; q < bins; q++) {
    const edge = sorted[Math.ceil((q * sorted.length) / bins) - 1]!;
    if (edge < max && edge !== edges[edges.length - 1]) edges.push(edge);
  }
  return edges;
}

/** Share of values per bin; the first bin whose upper edge is ≥ the value holds it. */
function binShares(values: Float64Array, edges: readonly number[]): number[] {
  return binCounts(values, edges, new Array<number>(edges.length + 1).fill(0)).map((c) => c / values.length);
}

/** Adds each value to the count of its bin in `counts`; returns `counts`. */
function binCounts(values: Float64Array, edges: readonly number[], counts: number[]): number[] {
  for (const v of values) {
    let low = 0;
    let high = edges.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (v <= edges[mid]!) high = mid;
      else low = mid + 1;
    }
    counts[low] = counts[low]! + 1;
  }
  return counts;
}
