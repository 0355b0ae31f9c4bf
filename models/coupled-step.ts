/**
 * The Newton step of one feature's whole table at once under the ridge and the smoothness
 * penalty, instead of bin by bin. The loss's curvature is diagonal over the bins, but the
 * penalty s · Σ (t_k − t_{k+1})² couples neighbours, so the exact step solves the
 * tridiagonal system
 *
 *   (H_k + λ + 2s·n_k) δ_k − 2s δ_{k−1} − 2s δ_{k+1} = −(G_k + λ t_k + 2s Σ_nb (t_k − t_nb))
 *
 * (n_k the number of neighbours of bin k) by the Thomas algorithm in O(bins). A
 * bin-by-bin step moves information one bin per sweep, so with hundreds of bins the
 * smoothness penalty never reaches the bins' neighbours before early stopping; the coupled
 * step lets a thinly filled bin borrow from its neighbours in the first sweep.
 */
export function coupledStep(
  G: ArrayLike<number>,
  H: ArrayLike<number>,
  table: ArrayLike<number>,
  offset: number,
  l2: number,
  smoothing: number,
): Float64Array {
  const n = G.length;
  const diag = new Float64Array(n);
  const rhs = new Float64Array(n);
  const s2 = 2 * smoothing;
  for (let k = 0; k < n; k++) {
    const t = table[offset + k]!;
    let d = H[k]! + l2;
    let r = -(G[k]! + l2 * t);
    if (k > 0) {
      d += s2;
      r -= s2 * (t - table[offset + k - 1]!);
    }
    if (k < n - 1) {
      d += s2;
      r -= s2 * (t - table[offset + k + 1]!);
    }
    diag[k] = d;
    rhs[k] = r;
  }
  // Thomas algorithm; the off-diagonals are all −2s, the matrix diagonally dominant when l2 > 0.
  const c = new Float64Array(n);
  const out = new Float64Array(n);
  let previousC = 0;
  let previousD = 0;
  for (let k = 0; k < n; k++) {
    const lower = k > 0 ? -s2 : 0;
    const denominator = diag[k]! - lower * previousC;
    if (!(denominator > 0)) return out.fill(0);
    c[k] = k < n - 1 ? -s2 / denominator : 0;
    out[k] = (rhs[k]! - lower * previousD) / denominator;
    previousC = c[k]!;
    previousD = out[k]!;
  }
  for (let k = n - 2; k >= 0; k--) out[k]! -= c[k]! * out[k + 1]!;
  return out;
}
