import { describe, expect, it } from 'vitest';
import { coupledStep } from '../../models/coupled-step.ts';
import { Shuffler } from '../../models/shuffle.ts';

/** Solves A δ = b by Gaussian elimination (dense; for checking only). */
function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]!]);
  for (let c = 0; c < n; c++) {
    for (let r = c + 1; r < n; r++) {
      const f = m[r]![c]! / m[c]![c]!;
      for (let k = c; k <= n; k++) m[r]![k]! -= f * m[c]![k]!;
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = m[r]![n]!;
    for (let k = r + 1; k < n; k++) s -= m[r]![k]! * x[k]!;
    x[r] = s / m[r]![r]!;
  }
  return x;
}

describe('coupledStep', () => {
  it('is the exact Newton step of the penalised loss: the tridiagonal system solved', () => {
    const rng = new Shuffler(3);
    for (const n of [1, 2, 7, 40]) {
      const G = Array.from({ length: n }, () => rng.next() - 0.5);
      const H = Array.from({ length: n }, () => 2 * rng.next());
      const table = [9, ...Array.from({ length: n }, () => rng.next() - 0.5)];
      const [l2, s] = [0.7, 2.5];
      const a = Array.from({ length: n }, (_, i) =>
        Array.from({ length: n }, (_, k) =>
          i === k ? H[i]! + l2 + 2 * s * ((i > 0 ? 1 : 0) + (i < n - 1 ? 1 : 0)) : Math.abs(i - k) === 1 ? -2 * s : 0,
        ),
      );
      const t = (k: number) => table[1 + k]!;
      const b = G.map((g, k) => -(g + l2 * t(k) + 2 * s * ((k > 0 ? t(k) - t(k - 1) : 0) + (k < n - 1 ? t(k) - t(k + 1) : 0))));
      const expected = solve(a, b);
      const step = coupledStep(G, H, table, 1, l2, s);
      expected.forEach((v, k) => expect(step[k]).toBeCloseTo(v, 10));
    }
  });

  it('reduces to the bin-by-bin step without smoothing', () => {
    const step = coupledStep([1, -2, 0.5], [1, 3, 0], [0, 0.1, -0.2], 0, 2, 0);
    expect(Array.from(step)).toEqual([-(1 + 0) / 3, -(-2 + 0.2) / 5, -(0.5 - 0.4) / 2]);
  });
});
