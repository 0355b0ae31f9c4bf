/**
 * Platt scaling: P(y = 1 | logit z) = sigmoid(a · z + b), fitted by Newton's method on
 * the validation year (never on the training or test rows). The models are trained with
 * weighted or regularised losses, so their raw logits rank well but are not probabilities;
 * a monotone map keeps the ranking and every explanation unchanged.
 */

export interface PlattCalibration {
  method: 'platt';
  a: number;
  b: number;
}

export function calibrate(calibration: PlattCalibration, logit: number): number {
  return 1 / (1 + Math.exp(-(calibration.a * logit + calibration.b)));
}

export function fitPlatt(
  logits: ArrayLike<number>,
  labels: ArrayLike<number>,
  iterations = 50,
  /** Per-row weights (negatives sampled at a rate weigh 1/rate); absent: every row 1. */
  weights?: ArrayLike<number>,
): PlattCalibration {
  if (logits.length !== labels.length || logits.length === 0)
    throw new Error(`Platt scaling needs as many labels as logits (got ${logits.length} and ${labels.length})`);
  if (weights && weights.length !== labels.length)
    throw new Error(`Platt scaling needs a weight per row (got ${weights.length} for ${labels.length})`);
  const weightOf = (i: number) => (weights ? weights[i]! : 1);
  let positives = 0;
  let total = 0;
  for (let i = 0; i < labels.length; i++) {
    positives += labels[i] === 1 ? weightOf(i) : 0;
    total += weightOf(i);
  }
  if (positives === 0 || positives === total)
    throw new Error('Platt scaling needs both positive and negative labels in the validation year');
  // Platt's targets (Platt 1999) keep a and b finite when the classes separate.
  const high = (positives + 1) / (positives + 2);
  const low = 1 / (total - positives + 2);
  let a = 1;
  let b = 0;
  for (let iteration = 0; iteration < iterations; iteration++) {
    let ga = 0,
      gb = 0,
      haa = 0,
      hab = 0,
      hbb = 0;
    for (let i = 0; i < logits.length; i++) {
      const z = logits[i]!;
      const p = 1 / (1 + Math.exp(-(a * z + b)));
      const t = labels[i] === 1 ? high : low;
      const v = weightOf(i);
      const w = v * Math.max(p * (1 - p), 1e-12);
      ga += v * (p - t) * z;
      gb += v * (p - t);
      haa += w * z * z;
      hab += w * z;
      hbb += w;
    }
    const det = haa * hbb - hab * hab;
    if (!(det > 0)) break;
    const da = (hbb * ga - hab * gb) / det;
    const db = (haa * gb - hab * ga) / det;
    a -= da;
    b -= db;
    if (Math.abs(da) < 1e-10 && Math.abs(db) < 1e-10) break;
  }
  return { method: 'platt', a, b };
}
