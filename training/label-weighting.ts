import type { Queryable } from '../db/index.ts';
import type { Lang, LabelWeighting } from '../config/index.ts';
import { decimalNl } from './words-nl.ts';
import type { Dataset } from './dataset.ts';

/**
 * Which labels training learns from, by how they came about (HENNEP_LABEL_WEIGHTING):
 * - `none`: every label as it is (the default);
 * - `exclude-model`: without the address-years a risk list sent a control to — their
 *   labels follow where an earlier model pointed, so a model learning from them learns
 *   its predecessor's choices as much as cultivation;
 * - `ipw`: each label from a control drawn by chance weighted by the inverse of the chance
 *   (1/π; where no π was delivered, the year's addresses ÷ its random controls), every
 *   other label 1; the weights are then scaled to average 1. With a few random controls a
 *   year they carry a large share of the loss: that is the price of their being unbiased.
 * The validation year is treated the same way (early stopping and calibration); the test
 * year never is, and is reported three ways instead.
 */
export { LABEL_WEIGHTINGS, type LabelWeighting } from '../config/index.ts';

export interface LabelProvenance {
  /** A control with reason risk_model in the year. */
  listDriven: boolean;
  /** A control with reason random in the year. */
  random: boolean;
  /** Its selection probability, when delivered. */
  probability: number | null;
}

export interface LabelWeightingSummary {
  method: LabelWeighting;
  /** Rows left out (exclude-model), and the positives among them. */
  droppedRows: number;
  droppedPositives: number;
  /** Rows weighted by 1/π (ipw), and those of them whose π was taken as uniform. */
  weightedRows: number;
  assumedUniform: number;
  /** The largest weight after scaling to mean 1 (ipw). */
  largestWeight: number | null;
}

/** Per reference year, the provenance of each controlled address's label. */
export async function labelProvenance(db: Queryable, years: readonly number[]): Promise<Map<number, Map<string, LabelProvenance>>> {
  const { rows } = await db.query<{ year: number; address_id: string; list_driven: boolean; random: boolean; probability: number | null }>(
    `SELECT extract(year FROM inspected_on)::int AS year, address_id,
            bool_or(reason = 'risk_model') AS list_driven, bool_or(reason = 'random') AS random,
            max(selection_probability) AS probability
     FROM inspections WHERE extract(year FROM inspected_on)::int = ANY($1::int[]) AND reason IN ('risk_model', 'random')
     GROUP BY 1, 2`,
    [years],
  );
  const byYear = new Map<number, Map<string, LabelProvenance>>(years.map((y) => [y, new Map()]));
  for (const r of rows)
    byYear.get(r.year)!.set(r.address_id, {
      listDriven: r.list_driven,
      random: r.random,
      probability: r.probability === null ? null : Number(r.probability),
    });
  return byYear;
}

/** The dataset's rows where `keep` is true, in their order. */
export function selectRows(d: Dataset, keep: (row: number) => boolean): Dataset {
  const width = d.names.length;
  const chosen: number[] = [];
  for (let i = 0; i < d.rows; i++) if (keep(i)) chosen.push(i);
  const x = new Float64Array(chosen.length * width);
  const y = new Uint8Array(chosen.length);
  const rowYears = new Int16Array(chosen.length);
  const addressIds: string[] = [];
  let positives = 0;
  chosen.forEach((row, i) => {
    x.set(d.x.subarray(row * width, (row + 1) * width), i * width);
    y[i] = d.y[row]!;
    positives += d.y[row]!;
    rowYears[i] = d.rowYears[row]!;
    addressIds.push(d.addressIds[row]!);
  });
  const weights = d.weights ? Float32Array.from(chosen, (row) => d.weights![row]!) : undefined;
  return { ...d, x, y, rowYears, addressIds, rows: chosen.length, positives, ...(weights ? { weights } : {}) };
}

export function weightLabels(
  d: Dataset,
  provenance: ReadonlyMap<number, ReadonlyMap<string, LabelProvenance>>,
  method: LabelWeighting,
  population?: number,
): { dataset: Dataset; summary: LabelWeightingSummary } {
  const summary: LabelWeightingSummary = {
    method,
    droppedRows: 0,
    droppedPositives: 0,
    weightedRows: 0,
    assumedUniform: 0,
    largestWeight: null,
  };
  const of = (row: number) => provenance.get(d.rowYears[row]!)?.get(d.addressIds[row]!);
  if (method === 'none') return { dataset: d, summary };
  if (method === 'exclude-model') {
    const dataset = selectRows(d, (row) => !of(row)?.listDriven);
    return { dataset, summary: { ...summary, droppedRows: d.rows - dataset.rows, droppedPositives: d.positives - dataset.positives } };
  }
  // Rows and random controls per year, for a draw whose probability was not delivered.
  const rowsOfYear = new Map<number, number>();
  const randomOfYear = new Map<number, number>();
  for (let row = 0; row < d.rows; row++) {
    const year = d.rowYears[row]!;
    rowsOfYear.set(year, (rowsOfYear.get(year) ?? 0) + 1);
    if (of(row)?.random) randomOfYear.set(year, (randomOfYear.get(year) ?? 0) + 1);
  }
  // Rows thinned by negative sampling: a year's draws are counted over all its addresses, not the kept rows.
  if (population !== undefined) {
    for (const year of rowsOfYear.keys()) {
      rowsOfYear.set(year, population);
      randomOfYear.set(year, [...(provenance.get(year)?.values() ?? [])].filter((p) => p.random).length);
    }
  }
  const weights = new Float32Array(d.rows).fill(1);
  let total = 0;
  for (let row = 0; row < d.rows; row++) {
    const p = of(row);
    if (p?.random) {
      const year = d.rowYears[row]!;
      const probability = p.probability ?? randomOfYear.get(year)! / rowsOfYear.get(year)!;
      weights[row] = 1 / probability;
      summary.weightedRows++;
      if (p.probability === null) summary.assumedUniform++;
    }
    total += weights[row]!;
  }
  const scale = d.rows / total;
  let largest = 0;
  for (let row = 0; row < d.rows; row++) {
    weights[row] = weights[row]! * scale;
    largest = Math.max(largest, weights[row]!);
  }
  return { dataset: { ...d, weights }, summary: { ...summary, largestWeight: largest } };
}

/** The weighting in one sentence, for the card and hennep train. */
export function labelWeightingSentence(s: LabelWeightingSummary, lang: Lang = 'en'): string {
  if (lang === 'nl') return labelWeightingSentenceNl(s);
  if (s.method === 'none')
    return 'Label weighting: none — every label of the training and validation years counts as it is, whichever control made it.';
  if (s.method === 'exclude-model') {
    return (
      `Label weighting: exclude-model — ${s.droppedRows} address-years a risk list sent a control to were ` +
      `left out of training and validation (${s.droppedPositives} of them with a find).`
    );
  }
  const uniform =
    s.assumedUniform > 0 ? ` (${s.assumedUniform} without a delivered probability: a uniform draw over the year was assumed)` : '';
  const largest = s.largestWeight?.toFixed(1) ?? '–';
  return (
    `Label weighting: ipw — ${s.weightedRows} labels from random controls weighted by 1/π${uniform}, ` +
    `every other label 1, scaled to average 1; the largest weight is ${largest}.`
  );
}

function labelWeightingSentenceNl(s: LabelWeightingSummary): string {
  if (s.method === 'none')
    return 'Weging van labels: geen — elk label van de trainings- en validatiejaren telt zoals het is, welke controle het ook opleverde.';
  if (s.method === 'exclude-model') {
    return (
      `Weging van labels: exclude-model — ${s.droppedRows} adresjaren waar een risicolijst een controle ` +
      `heen stuurde zijn buiten training en validatie gelaten (${s.droppedPositives} daarvan met een ` +
      `vondst).`
    );
  }
  const uniform =
    s.assumedUniform > 0 ? ` (${s.assumedUniform} zonder geleverde kans: een gelijke trekking over het jaar is aangenomen)` : '';
  const largest = s.largestWeight === null ? '–' : decimalNl(s.largestWeight, 1);
  return (
    `Weging van labels: ipw — ${s.weightedRows} labels van aselecte controles gewogen met 1/π${uniform}, ` +
    `elk ander label 1, geschaald naar gemiddeld 1; het grootste gewicht is ${largest}.`
  );
}
