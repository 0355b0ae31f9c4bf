/**
 * The inspection a control's outcome becomes: the label of the next training. A control
 * the list led to is `risk_model-<signal>` with reason `risk_model`; one drawn by chance
 * is `sample-<signal>` with reason `random` and the chance its address was drawn with, so
 * that estimates can weigh it by the inverse of that chance (training/estimates.ts).
 * Both id prefixes are reserved: a delivery cannot overwrite them (data contract v1.1).
 */
import type pg from 'pg';
import { memberProbability } from '../samples/index.ts';
import { insertInspection } from './store.ts';
import type { Outcome } from './view.ts';

export interface ControlledSignal {
  id: string | number;
  address_id: string;
  kind: 'risk_model' | 'sample';
}

export interface RecordedInspection {
  inspectionId: string;
  selectionProbability: number | null;
}

export async function recordInspection(
  client: pg.PoolClient,
  signal: ControlledSignal,
  found: { outcome: Outcome; inspectedOn: string },
): Promise<RecordedInspection> {
  const id = Number(signal.id);
  const sample = signal.kind === 'sample';
  const inspectionId = sample ? `sample-${id}` : `risk_model-${id}`;
  const selectionProbability = sample ? await memberProbability(client, id) : null;
  await insertInspection(client, {
    inspectionId,
    addressId: signal.address_id,
    inspectedOn: found.inspectedOn,
    reason: sample ? 'random' : 'risk_model',
    outcome: found.outcome,
    selectionProbability,
  });
  return { inspectionId, selectionProbability };
}
