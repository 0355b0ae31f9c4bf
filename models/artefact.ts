/**
 * A fitted model as the registry stores it (JSON in `models.artefact`): everything needed
 * to turn raw catalogue features into a score, a calibrated probability and per-feature
 * contributions. Read back through a schema: a registry row that does not parse is
 * refused, not half-used.
 */
import { z } from 'zod';
import { additiveContributions } from './additive.ts';
import type { Tf } from './backend.ts';
import { calibrate } from './calibration.ts';
import { integratedGradients, mlpLogits } from './mlp.ts';
import { applyScaling } from './scaling.ts';

export const FAMILIES = ['logistic', 'additive', 'mlp'] as const;
export type Family = (typeof FAMILIES)[number];

/** Integrated-gradient steps for MLP explanations (trapezoidal rule). */
export const IG_STEPS = 64;

const num = z.number().finite();
const calibrationSchema = z.object({ method: z.literal('platt'), a: num, b: num });
const scalingSchema = z.array(z.object({ name: z.string(), low: num, high: num, mean: num, sd: num }));

export const artefactSchema = z.discriminatedUnion('family', [
  z.object({
    family: z.literal('logistic'),
    names: z.array(z.string()),
    scaling: scalingSchema,
    model: z.object({ weights: z.array(num), bias: num }),
    calibration: calibrationSchema,
  }),
  z.object({
    family: z.literal('additive'),
    names: z.array(z.string()),
    model: z.object({
      bins: z.array(z.object({ name: z.string(), edges: z.array(num) })),
      terms: z.array(z.array(num)),
      intercept: num,
      pairs: z
        .array(
          z.object({
            features: z.tuple([z.number().int().min(0), z.number().int().min(0)]),
            edges: z.tuple([z.array(num), z.array(num)]),
            terms: z.array(num),
          }),
        )
        .optional(),
    }),
    /** Per feature and bin, the standard deviation of the bin's value across the outer bags: the error bar of a shape. */
    spread: z.array(z.array(num)).optional(),
    /** How many outer bags were averaged. */
    bags: z.number().int().min(1).optional(),
    /** Features whose shape was made monotone after fitting, and in which direction (the catalogue's declaration). */
    monotone: z.record(z.string(), z.enum(['increasing', 'decreasing'])).optional(),
    calibration: calibrationSchema,
  }),
  z.object({
    family: z.literal('mlp'),
    names: z.array(z.string()),
    scaling: scalingSchema,
    model: z.object({
      layers: z.array(z.object({ weights: z.array(num), bias: z.array(num), inputs: z.number().int(), outputs: z.number().int() })),
    }),
    calibration: calibrationSchema,
  }),
]);
export type ModelArtefact = z.infer<typeof artefactSchema>;

/** Shapes that must agree across fields; the first disagreement, or null. */
function shapeProblem(a: ModelArtefact): string | null {
  const width = a.names.length;
  if (a.family !== 'additive' && (a.scaling.length !== width || a.scaling.some((s, j) => s.name !== a.names[j])))
    return `scaling does not match the ${width} feature names`;
  if (a.family === 'logistic' && a.model.weights.length !== width) return `${a.model.weights.length} weights for ${width} features`;
  if (a.family === 'additive') {
    if (a.model.bins.length !== width || a.model.terms.length !== width)
      return `${a.model.bins.length} bins and ${a.model.terms.length} terms for ${width} features`;
    const j = a.model.terms.findIndex((t, k) => t.length !== a.model.bins[k]!.edges.length + 1 || a.model.bins[k]!.name !== a.names[k]);
    if (j >= 0) return `feature ${a.names[j]}: ${a.model.terms[j]!.length} term values for ${a.model.bins[j]!.edges.length + 1} bins`;
    if (a.spread) {
      const s = a.spread.findIndex((values, k) => values.length !== a.model.terms[k]?.length);
      if (a.spread.length !== width || s >= 0) return `the spread does not match the terms (feature ${s >= 0 ? a.names[s] : '?'})`;
    }
    const unknown = Object.keys(a.monotone ?? {}).find((name) => !a.names.includes(name));
    if (unknown) return `monotone feature ${unknown} is not one of the features`;
    for (const [q, pair] of (a.model.pairs ?? []).entries()) {
      const [f, g] = pair.features;
      if (f >= width || g >= width || f === g) return `pair ${q}: features ${f} and ${g} are not two of the ${width} features`;
      const cells = (pair.edges[0].length + 1) * (pair.edges[1].length + 1);
      if (pair.terms.length !== cells) return `pair ${q} (${a.names[f]} × ${a.names[g]}): ${pair.terms.length} values for ${cells} cells`;
    }
  }
  if (a.family === 'mlp') {
    let inputs = width;
    for (const [k, layer] of a.model.layers.entries()) {
      const fits = layer.inputs === inputs && layer.weights.length === layer.inputs * layer.outputs && layer.bias.length === layer.outputs;
      if (!fits) return `layer ${k} does not fit: ${layer.inputs}→${layer.outputs} after ${inputs} inputs`;
      inputs = layer.outputs;
    }
    if (inputs !== 1) return `the last layer has ${inputs} outputs, not 1`;
  }
  return null;
}

export function parseArtefact(value: unknown, where: string): ModelArtefact {
  const parsed = artefactSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${where}: the stored model does not parse at ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  const problem = shapeProblem(parsed.data);
  if (problem) throw new Error(`${where}: the stored model is inconsistent: ${problem}`);
  return parsed.data;
}

export interface Explained {
  /** The model's logit per row. */
  logits: Float64Array;
  /** Per row and feature (row-major), in log-odds; Σ contributions + intercept = logit. */
  contributions: Float64Array;
  /** Per row and pair term of an additive model (row-major [rows, pairs]; empty without pairs), in log-odds: lines of their own. */
  pairContributions: Float64Array;
  /** The two features (indices) of each pair, in the order of pairContributions. */
  pairs: Array<[number, number]>;
  /** The logit of the reference point: bias (logistic), centred intercept (additive), logit at the training mean (mlp). */
  intercept: number;
  /** |Σ contributions + Σ pair contributions + intercept − logit| over the rows: float rounding for logistic and additive, the integration error for mlp. */
  completenessError: { max: number; mean: number };
  probabilities: Float64Array;
}

/**
 * Scores raw feature rows (row-major, in the artefact's feature order) and explains each
 * score. Logistic and additive explanations are exact by construction (the logit is the
 * sum); MLP explanations are integrated gradients from the training mean.
 */
export function explainRows(artefact: ModelArtefact, x: Float64Array, rows: number, tf?: Tf): Explained {
  const width = artefact.names.length;
  if (x.length !== rows * width) throw new Error(`expected ${rows} × ${width} feature values, got ${x.length}`);
  let contributions: Float64Array;
  let pairContributions: Float64Array = new Float64Array(0);
  let intercept: number;
  let logits: Float64Array;
  const pairs = pairsOf(artefact);
  if (artefact.family === 'additive') {
    ({ contributions, pairContributions, logits } = additiveContributions(artefact.model, x, rows));
    intercept = artefact.model.intercept;
  } else if (artefact.family === 'logistic') {
    const scaled = applyScaling(x, rows, artefact.scaling);
    contributions = new Float64Array(rows * width);
    logits = new Float64Array(rows);
    intercept = artefact.model.bias;
    for (let i = 0; i < rows; i++) {
      let z = intercept;
      for (let j = 0; j < width; j++) {
        const c = artefact.model.weights[j]! * scaled[i * width + j]!;
        contributions[i * width + j] = c;
        z += c;
      }
      logits[i] = z;
    }
  } else {
    if (!tf) throw new Error('explaining an mlp model needs TensorFlow.js (loadTensorflow())');
    const ig = integratedGradients(tf, artefact.model, applyScaling(x, rows, artefact.scaling), rows, {
      baseline: new Float32Array(width),
      steps: IG_STEPS,
    });
    ({ contributions, logits } = ig);
    intercept = ig.baselineLogit;
  }
  let max = 0;
  let sum = 0;
  const probabilities = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    let total = intercept;
    for (let j = 0; j < width; j++) total += contributions[i * width + j]!;
    for (let q = 0; q < pairs.length; q++) total += pairContributions[i * pairs.length + q]!;
    const error = Math.abs(total - logits[i]!);
    max = Math.max(max, error);
    sum += error;
    probabilities[i] = calibrate(artefact.calibration, logits[i]!);
  }
  return {
    logits,
    contributions,
    pairContributions,
    pairs,
    intercept,
    completenessError: { max, mean: rows ? sum / rows : 0 },
    probabilities,
  };
}

/** The feature indices of each pair term of an additive model, in order; none for other families. */
export function pairsOf(artefact: ModelArtefact): Array<[number, number]> {
  return artefact.family === 'additive' ? (artefact.model.pairs ?? []).map((p) => [p.features[0], p.features[1]]) : [];
}

/**
 * Logits and calibrated probabilities only, without explanations: for evaluation, where
 * integrated gradients (64 forward and backward passes per row) would cost far more than
 * the scores themselves.
 */
export function scoreRows(
  artefact: ModelArtefact,
  x: Float64Array,
  rows: number,
  tf?: Tf,
): { logits: Float64Array; probabilities: Float64Array } {
  let logits: Float64Array;
  if (artefact.family === 'mlp') {
    if (!tf) throw new Error('scoring an mlp model needs TensorFlow.js (loadTensorflow())');
    logits = mlpLogits(tf, artefact.model, applyScaling(x, rows, artefact.scaling), rows);
  } else logits = explainRows(artefact, x, rows).logits;
  return { logits, probabilities: Float64Array.from(logits, (z) => calibrate(artefact.calibration, z)) };
}
