import type { Tf } from './backend.ts';
import type { LabelledMatrix } from './logistic.ts';

/**
 * The rows `idx` of a matrix as tensors for one optimiser step: x [n, features], y [n, 1]
 * and the per-row loss weight (positiveWeight for positives, 1 otherwise). The caller
 * disposes them.
 */
export function batchTensors(tf: Tf, data: LabelledMatrix, idx: ArrayLike<number>, positiveWeight: number) {
  const n = idx.length;
  const xb = new Float32Array(n * data.features);
  const yb = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const row = idx[i]!;
    xb.set(data.x.subarray(row * data.features, (row + 1) * data.features), i * data.features);
    yb[i] = data.y[row]!;
  }
  const x = tf.tensor2d(xb, [n, data.features]);
  const y = tf.tensor2d(yb, [n, 1]);
  const weights = tf.tidy(() => y.mul(positiveWeight - 1).add(1));
  return { x, y, weights };
}
