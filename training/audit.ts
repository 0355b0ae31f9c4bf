/**
 * A registered model looked at again after training: scored on one labelled reference
 * year, and its risk list audited per group of the address attributes (district,
 * ownership, dwelling type) and, when given, of an audit-attributes file.
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { buildFeatures, labelsComplete, type FeatureMatrix } from '../features/index.ts';
import type { Queryable } from '../db/index.ts';
import { scoreRows } from '../models/index.ts';
import { loadTensorflow } from '../models/index.ts';
import { parseAttributesCsv } from './attributes.ts';
import { auditAttribute, type AttributeAudit } from './fairness.ts';
import { calibrateGroups } from './group-calibration.ts';
import { activeModel, getModel, type ModelRecord } from './registry.ts';

export class AuditError extends Error {
  override name = 'AuditError';
}

/** Model `version`, or the active model when no version is given. */
export async function modelToAudit(db: Queryable, version?: number): Promise<ModelRecord> {
  if (version !== undefined) {
    const record = await getModel(db, version);
    if (!record) throw new AuditError(`there is no model version ${version} (hennep models lists them)`);
    return record;
  }
  const active = await activeModel(db);
  if (!active) throw new AuditError('no model is active: train one first (hennep train), or name one with --version V');
  return active;
}

const trainingSchema = z.object({
  plan: z.object({ train: z.array(z.number().int()), validation: z.number().int(), test: z.number().int() }),
});

export type TrainingPlan = z.infer<typeof trainingSchema>['plan'];

/** The reference years a model was trained, validated and tested on; null when its training record has no readable plan. */
export function trainingPlanOf(record: ModelRecord): TrainingPlan | null {
  const parsed = trainingSchema.safeParse(record.training);
  return parsed.success ? parsed.data.plan : null;
}

/** What `year` was to the model: where its figures on that year stand. */
export function yearRole(plan: TrainingPlan | null, year: number): 'train' | 'validation' | 'test' | 'unseen' | 'unknown' {
  if (!plan) return 'unknown';
  if (plan.train.includes(year)) return 'train';
  if (plan.validation === year) return 'validation';
  return plan.test === year ? 'test' : 'unseen';
}

export interface ScoredYearMatrix {
  matrix: FeatureMatrix;
  /** Observed label per address, 0/1. */
  labels: Uint8Array;
  /** The model's logit per address. */
  logits: Float64Array;
  /** The model's calibrated probability per address. */
  probabilities: Float64Array;
}

/** Builds the features as of `year`-01-01 and scores every address with `record`; the year's labels must be complete. */
export async function scoreLabelledYear(db: Queryable, record: ModelRecord, year: number): Promise<ScoredYearMatrix> {
  if (!(await labelsComplete(db, `${year}-01-01`))) {
    throw new AuditError(
      `the labels of ${year} are not complete yet (the data do not reach December ${year}): choose a year whose controls are all delivered`,
    );
  }
  const matrix = await buildFeatures(db, `${year}-01-01`);
  if (matrix.names.join() !== record.artefact.names.join()) {
    throw new AuditError(
      `model ${record.version} was trained on another feature list than the catalogue now builds; it cannot be scored on ${year}`,
    );
  }
  const tf = record.artefact.family === 'mlp' ? (await loadTensorflow()).tf : undefined;
  const rows = matrix.addressIds.length;
  const { logits, probabilities } = scoreRows(record.artefact, matrix.values, rows, tf);
  return { matrix, labels: Uint8Array.from(matrix.labels, (l) => l ?? 0), logits, probabilities };
}

export interface RiskListAuditInput {
  addressIds: readonly string[];
  /** The model's score per address (ranking). */
  logits: ArrayLike<number>;
  /** Its calibrated probability per address (calibration within groups). */
  probabilities: ArrayLike<number>;
  /** 1 when a control in the year found a cultivation, else 0. */
  labels: ArrayLike<number>;
  /** The list size: the controls a year. */
  k: number;
  /** address id → group of the audit-attributes file, for this audit only. */
  attributes?: ReadonlyMap<string, string>;
}

/**
 * Audits a risk list of `k` controls (the highest scores) per district, ownership and
 * dwelling type and, when `attributes` (address id → group) is given, per group of it
 * under the attribute name `group`: selection and false-positive rates in the top k, and
 * calibration within each group. Addresses without a value belong to no group.
 */
export async function auditRiskList(db: Queryable, input: RiskListAuditInput): Promise<AttributeAudit[]> {
  const { addressIds, logits, probabilities, labels, k, attributes } = input;
  const { rows } = await db.query<{ address_id: string; district_code: string; ownership: string; dwelling_type: string }>(
    'SELECT address_id, district_code, ownership, dwelling_type FROM addresses',
  );
  const byId = new Map(rows.map((r) => [r.address_id, r]));
  const column = (pick: (r: (typeof rows)[number]) => string) =>
    addressIds.map((id) => {
      const r = byId.get(id);
      return r ? pick(r) : null;
    });
  const audit = (attribute: string, groupOf: ReadonlyArray<string | null>): AttributeAudit => ({
    ...auditAttribute({ scores: logits, labels, k }, attribute, groupOf),
    calibration: calibrateGroups({ probabilities, labels, groupOf }),
  });
  const audits = [
    audit(
      'district',
      column((r) => r.district_code),
    ),
    audit(
      'ownership',
      column((r) => r.ownership),
    ),
    audit(
      'dwelling_type',
      column((r) => r.dwelling_type),
    ),
  ];
  if (attributes)
    audits.push(
      audit(
        'group',
        addressIds.map((id) => attributes.get(id) ?? null),
      ),
    );
  return audits;
}

/**
 * Reads an audit-attributes file (address_id,group). Used for one audit only: the map is
 * never written to the database or to any file.
 */
export async function readAuditAttributes(file: string): Promise<Map<string, string>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'there is no such file' : code === 'EISDIR' ? 'it is a directory' : (error as Error).message;
    throw new Error(`cannot read the attributes file ${file}: ${reason}`, { cause: error });
  }
  return parseAttributesCsv(text, file);
}
