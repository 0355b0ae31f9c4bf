/** The simulated data of the additive-model tests: three features whose effects are known. */
import type { RawMatrix } from '../../models/additive.ts';
import { Shuffler } from '../../models/shuffle.ts';

export const NAMES = ['distance', 'floorArea', 'district'];
export const FEATURES = NAMES.length;

/**
 * x0 uniform on [0, 10] with risk only in the middle of its range, x1 standard normal with a
 * linear effect, x2 an integer 0–4 without an effect of its own:
 * logit = −4.5 + 3.5·exp(−((x0 − 5)/1.2)²) + 0.8·x1, plus 0.8·x1 more where x2 = 4 when
 * `interaction` is set (the same draws either way).
 */
export function simulate(rows: number, seed: number, interaction = false): RawMatrix & { x: Float64Array; y: Float32Array } {
  const rng = new Shuffler(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
  const x = new Float64Array(rows * FEATURES);
  const y = new Float32Array(rows);
  for (let i = 0; i < rows; i++) {
    const row = [10 * rng.next(), normal(), Math.floor(5 * rng.next())] as const;
    x.set(row, i * FEATURES);
    const logit = -4.5 + 3.5 * Math.exp(-(((row[0] - 5) / 1.2) ** 2)) + 0.8 * row[1] + (interaction && row[2] === 4 ? 0.8 * row[1] : 0);
    y[i] = rng.next() < 1 / (1 + Math.exp(-logit)) ? 1 : 0;
  }
  return { x, y, rows, features: FEATURES };
}
