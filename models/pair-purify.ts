/**
 * Purification of pair terms (as GA²M/EBM do): a pair table's row and column means move
 * into the two features' main effects, until every row and every column of the table
 * averages 0 over the training rows. The pair then carries only interaction — what the
 * two features do together beyond what each does alone — and the main effects show each
 * feature's whole effect. The logit of every address stays the same: this needs each fine
 * bin of a main effect to lie inside one coarse bin of the pair, which holds because the
 * pair's coarse edges are chosen among the main effect's edges (snapToEdges).
 */
import type { AdditiveModel, PairTerm } from './additive.ts';
import { binOf } from './bins.ts';

/** Each coarse edge moved to the nearest fine edge, duplicates dropped: every fine bin then lies inside one coarse bin. */
export function snapToEdges(coarse: readonly number[], fine: readonly number[]): number[] {
  if (fine.length === 0) return [];
  const snapped = coarse.map((e) => {
    const k = Math.min(binOf(fine, e), fine.length - 1);
    const below = k > 0 ? fine[k - 1]! : fine[k]!;
    return Math.abs(below - e) <= Math.abs(fine[k]! - e) ? below : fine[k]!;
  });
  return [...new Set(snapped)].sort((a, b) => a - b);
}

/** The coarse bin every fine bin of a feature falls in (fine edges ⊇ coarse edges). */
function coarseOfFine(fine: readonly number[], coarse: readonly number[]): number[] {
  return Array.from({ length: fine.length + 1 }, (_, k) => (k < fine.length ? binOf(coarse, fine[k]!) : coarse.length));
}

/** Weighted means of a table's rows (axis 0) or columns (axis 1), and the table with them taken out. */
function takeMeans(table: Float64Array, counts: ArrayLike<number>, shape: [number, number], axis: 0 | 1): Float64Array {
  const [na, nb] = shape;
  const lines = axis === 0 ? na : nb;
  const means = new Float64Array(lines);
  const weights = new Float64Array(lines);
  for (let r = 0; r < na; r++)
    for (let c = 0; c < nb; c++) {
      const line = axis === 0 ? r : c;
      means[line]! += table[r * nb + c]! * counts[r * nb + c]!;
      weights[line]! += counts[r * nb + c]!;
    }
  for (let line = 0; line < lines; line++) means[line] = weights[line]! > 0 ? means[line]! / weights[line]! : 0;
  for (let r = 0; r < na; r++) for (let c = 0; c < nb; c++) table[r * nb + c]! -= means[axis === 0 ? r : c]!;
  return means;
}

/**
 * The model with each pair purified: its row and column means (weighted by `cellCounts`,
 * the training rows per cell of each pair) added to the main effects, and the main effects'
 * new training means (`rows` training rows) moved into the intercept. Logits unchanged.
 */
export function purifyPairs(model: AdditiveModel, cellCounts: readonly ArrayLike<number>[], rows: number): AdditiveModel {
  const terms = model.terms.map((t) => [...t]);
  let intercept = model.intercept;
  const pairs: PairTerm[] = (model.pairs ?? []).map((pair, q) => {
    const [a, b] = pair.features;
    const shape: [number, number] = [pair.edges[0].length + 1, pair.edges[1].length + 1];
    const table = Float64Array.from(pair.terms);
    const counts = cellCounts[q]!;
    const shifts = [new Float64Array(shape[0]), new Float64Array(shape[1])];
    for (let round = 0; round < 200; round++) {
      let largest = 0;
      for (const axis of [0, 1] as const) {
        const means = takeMeans(table, counts, shape, axis);
        means.forEach((m, line) => {
          shifts[axis]![line]! += m;
          largest = Math.max(largest, Math.abs(m));
        });
      }
      if (largest < 1e-13) break;
    }
    // What is left on average (the table's overall mean, 0 once rows and columns are) goes to the intercept.
    let mean = 0;
    for (let k = 0; k < table.length; k++) mean += (table[k]! * counts[k]!) / rows;
    intercept += mean;
    for (const [axis, feature] of [a, b].entries()) {
      const coarse = coarseOfFine(model.bins[feature]!.edges, pair.edges[axis]!);
      let moved = 0;
      for (let line = 0; line < shape[axis]!; line++) {
        let lineRows = 0;
        for (let r = 0; r < shape[0]; r++)
          for (let c = 0; c < shape[1]; c++) if ((axis === 0 ? r : c) === line) lineRows += counts[r * shape[1] + c]!;
        moved += (shifts[axis]![line]! * lineRows) / rows;
      }
      terms[feature] = terms[feature]!.map((v, k) => v + shifts[axis]![coarse[k]!]! - moved);
      intercept += moved;
    }
    return { ...pair, terms: Array.from(table, (v) => v - mean) };
  });
  return { ...model, terms, intercept, pairs };
}
