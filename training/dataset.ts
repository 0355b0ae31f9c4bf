/**
 * Datasets are reference years: the features of every address as of 1 January of year Y
 * and, as label, whether a control in year Y found a cultivation. A year can be used for
 * training, validation or testing only when its labels are complete (the data reach into
 * its last month). The split is temporal: train on the oldest years, stop early and
 * calibrate on the next, test on the year after that, which nothing else has seen.
 */
import { buildFeatures, FEATURE_NAMES, type FeatureMatrix } from '../features/index.ts';
import type { Queryable } from '../db/index.ts';

export interface YearPlan {
  train: number[];
  validation: number;
  test: number;
  /** Years with complete labels, oldest first. */
  complete: number[];
}

export class DatasetError extends Error {
  override name = 'DatasetError';
}

/** The first and last year with reports or inspections, and the newest such date. */
export async function dataYears(db: Queryable): Promise<{ first: number; last: number; newest: string } | null> {
  const { rows } = await db.query<{ first: string | null; newest: string | null }>(
    `SELECT least((SELECT min(inspected_on) FROM inspections), (SELECT min(reported_on) FROM reports))::text AS first,
            greatest((SELECT max(inspected_on) FROM inspections), (SELECT max(reported_on) FROM reports))::text AS newest`,
  );
  const row = rows[0];
  if (!row?.first || !row.newest) return null;
  return { first: Number(row.first.slice(0, 4)), last: Number(row.newest.slice(0, 4)), newest: row.newest };
}

/** The newest year whose labels are complete: the data reach its last month (1 December or later). */
export function lastCompleteYear(span: { last: number; newest: string }): number {
  return span.newest.slice(5) >= '12-01' ? span.last : span.last - 1;
}

/**
 * Which years to train, validate and test on. A year's labels are complete when the data
 * reach its last month (on or after 1 December). The first year of data gives no
 * training year of its own: its features would see no history.
 */
export async function planYears(db: Queryable, options: { testYear?: number; trainYears: number }): Promise<YearPlan> {
  const span = await dataYears(db);
  if (!span)
    throw new DatasetError('there are no reports or inspections in the database: ingest a delivery first (hennep ingest --dir DIR)');
  const lastComplete = lastCompleteYear(span);
  const complete: number[] = [];
  for (let y = span.first + 1; y <= lastComplete; y++) complete.push(y);
  const test = options.testYear ?? lastComplete;
  if (test > lastComplete) {
    throw new DatasetError(
      `the labels of ${test} are not complete: the newest report or inspection is dated ${span.newest}; ` +
        `the latest year with complete labels is ${lastComplete}`,
    );
  }
  const validation = test - 1;
  const train: number[] = [];
  for (let y = Math.max(span.first + 1, validation - options.trainYears); y < validation; y++) train.push(y);
  if (train.length === 0) {
    throw new DatasetError(
      `testing on ${test} leaves no training year: data start in ${span.first}, and training needs a year ` +
        `with history before the validation year ${validation}; ` +
        'choose a later --test-year',
    );
  }
  return { train, validation, test, complete };
}

/** Rows of one or more reference years stacked: raw feature values row-major, labels 0/1. */
export interface Dataset {
  names: readonly string[];
  years: number[];
  /** Reference year of each row. */
  rowYears: Int16Array;
  addressIds: string[];
  x: Float64Array;
  y: Uint8Array;
  rows: number;
  positives: number;
  /** Per-row loss weights (label weighting); absent: every row 1. */
  weights?: Float32Array;
}

export function stack(matrices: readonly FeatureMatrix[]): Dataset {
  const names = matrices[0]?.names ?? FEATURE_NAMES;
  const width = names.length;
  let rows = 0;
  for (const m of matrices) {
    if (m.names.join() !== names.join())
      throw new DatasetError(`the feature lists of ${matrices[0]!.referenceDate} and ${m.referenceDate} differ`);
    if (!m.labelsComplete) throw new DatasetError(`the labels of ${m.referenceDate.slice(0, 4)} are not complete`);
    rows += m.addressIds.length;
  }
  // One year is not copied: at a million addresses its values take 456 MB. Nothing writes into a dataset's rows.
  const x = matrices.length === 1 ? matrices[0]!.values : new Float64Array(rows * width);
  const y = new Uint8Array(rows);
  const rowYears = new Int16Array(rows);
  const addressIds: string[] = [];
  let offset = 0;
  let positives = 0;
  for (const m of matrices) {
    if (x !== m.values) x.set(m.values, offset * width);
    const year = Number(m.referenceDate.slice(0, 4));
    m.labels.forEach((label, i) => {
      y[offset + i] = label ?? 0;
      positives += label ?? 0;
      rowYears[offset + i] = year;
    });
    for (const id of m.addressIds) addressIds.push(id);
    offset += m.addressIds.length;
  }
  return { names, years: matrices.map((m) => Number(m.referenceDate.slice(0, 4))), rowYears, addressIds, x, y, rows, positives };
}

/**
 * The features of every year of the plan, each year built once. `thin`, when given, reduces
 * each training year as soon as it is built (negative sampling, thinning.ts); the validation
 * and test years are always whole.
 */
export async function buildDatasets(
  db: Queryable,
  plan: YearPlan,
  onYear?: (year: number) => void,
  thin?: (m: FeatureMatrix) => FeatureMatrix,
): Promise<{ train: Dataset; validation: Dataset; test: Dataset; byYear: ReadonlyMap<number, FeatureMatrix> }> {
  const byYear = new Map<number, FeatureMatrix>();
  for (const year of [...plan.train, plan.validation, plan.test]) {
    onYear?.(year);
    const built = await buildFeatures(db, `${year}-01-01`);
    byYear.set(year, thin && plan.train.includes(year) ? thin(built) : built);
  }
  return {
    train: stack(plan.train.map((y) => byYear.get(y)!)),
    validation: stack([byYear.get(plan.validation)!]),
    test: stack([byYear.get(plan.test)!]),
    byYear,
  };
}

/**
 * Addresses controlled in `year` because of a risk list (inspections with reason
 * `risk_model`), each with whether such a control found a cultivation or preparation.
 */
export async function listPromptedControls(db: Queryable, year: number): Promise<Map<string, { found: boolean }>> {
  const { rows } = await db.query<{ address_id: string; found: boolean }>(
    `SELECT address_id, bool_or(outcome IN ('cultivation', 'preparation')) AS found FROM inspections
     WHERE reason = 'risk_model' AND inspected_on >= make_date($1::int, 1, 1) AND inspected_on < make_date($1::int + 1, 1, 1)
     GROUP BY address_id`,
    [year],
  );
  return new Map(rows.map((r) => [r.address_id, { found: r.found }]));
}
