/**
 * Exact (Clopper–Pearson) intervals for a share, from the beta distribution. Chosen over
 * the normal or Wilson interval because the counts here are tiny — a handful of random
 * controls a year, most years no find at all — where those under-cover near zero, and a
 * conservative interval is the honest one to put in front of an auditor.
 */

/** ln Γ(x), Lanczos approximation (g = 7, n = 9): relative error below 1e-13 for x > 0. */
function logGamma(x: number): number {
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
    -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let sum = c[0]!;
  for (let i = 1; i < 9; i++) sum += c[i]! / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** Continued fraction of the incomplete beta function (modified Lentz). */
function betaFraction(x: number, a: number, b: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a - 1 + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + 1 + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const step = d * c;
    h *= step;
    if (Math.abs(step - 1) < 1e-14) break;
  }
  return h;
}

/** The regularised incomplete beta function I_x(a, b): the beta(a, b) distribution's CDF at x. */
export function betaCdf(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  return x < (a + 1) / (a + b + 2) ? (front * betaFraction(x, a, b)) / a : 1 - (front * betaFraction(1 - x, b, a)) / b;
}

/** The q-quantile of beta(a, b), by bisection (the CDF is monotone; 60 halvings reach 1e-18). */
export function betaQuantile(q: number, a: number, b: number): number {
  let low = 0;
  let high = 1;
  for (let i = 0; i < 60; i++) {
    const mid = (low + high) / 2;
    if (betaCdf(mid, a, b) < q) low = mid;
    else high = mid;
  }
  return (low + high) / 2;
}

export interface Interval {
  low: number;
  high: number;
}

/**
 * The two-sided Clopper–Pearson interval at `level` for `successes` out of `trials`.
 * Counts may be fractional: weighted samples pass their effective sizes.
 */
export function clopperPearson(successes: number, trials: number, level = 0.9): Interval {
  if (!(trials > 0)) throw new RangeError(`an interval needs at least one observation (trials = ${trials})`);
  const x = Math.min(Math.max(successes, 0), trials);
  const alpha = 1 - level;
  return {
    low: x <= 0 ? 0 : betaQuantile(alpha / 2, x, trials - x + 1),
    high: x >= trials ? 1 : betaQuantile(1 - alpha / 2, x + 1, trials - x),
  };
}
