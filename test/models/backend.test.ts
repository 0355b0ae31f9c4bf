import { describe, expect, it } from 'vitest';
import { loadTensorflow } from '../../models/backend.ts';

describe('loadTensorflow', () => {
  it('runs on the fastest backend that loads and says why it passed over faster ones', async () => {
    const { tf, name, skipped } = await loadTensorflow();
    expect(['tensorflow', 'wasm', 'cpu']).toContain(name);
    expect(tf.getBackend()).toBe(name);
    if (name !== 'tensorflow') expect(skipped[0]).toMatch(/^tfjs-node: /);
    const product = tf.tidy(() =>
      tf
        .matMul(
          tf.tensor2d([
            [1, 2],
            [3, 4],
          ]),
          tf.tensor2d([[1], [1]]),
        )
        .arraySync(),
    );
    expect(product).toEqual([[3], [7]]);
  });

  it('loads once per process', async () => {
    expect(await loadTensorflow()).toBe(await loadTensorflow());
  });
});
