import type pg from 'pg';
import { memberProbability } from '../samples/index.ts';

/**
 * The inspection a control's outcome becomes: the label of the next training. A control
 * the list led to is `risk_model-<signal>` with reason `risk_model`; one drawn by chance
 * is `sample-<signal>` with reason `random` and the chance its address was drawn with, so
 * that estimates can weigh it by the inverse of that chance (training/estimates.ts).
 * Both id prefixes are reserved: a delivery cannot overwrite them (data contract v1.1).
 */
export interface ControlledSignal {
  id: string | number;
  address_id: string;
  kind: 'risk_model' | 'sample';
}

export async function recordInspection(client: pg.PoolClient, signal: ControlledSignal, outcome: string, inspectedOn: string): Promise<{ inspectionId: string; selectionProbability: number | null }> {
  const id = Number(signal.id);
  if (signal.kind === 'sample') {
    const inspectionId = `sample-${id}`;
    const selectionProbability = await memberProbability(client, id);
    await client.query(`INSERT INTO inspections (inspection_id, address_id, inspected_on, reason, outcome, selection_probability) VALUES ($1, $2, $3, 'random', $4, $5)`, [
      inspectionId,
      signal.address_id,
      inspectedOn,
      outcome,
      selectionProbability,
    ]);
    return { inspectionId, selectionProbability };
  }
  const inspectionId = `risk_model-${id}`;
  await client.query(`INSERT INTO inspections (inspection_id, address_id, inspected_on, reason, outcome) VALUES ($1, $2, $3, 'risk_model', $4)`, [inspectionId, signal.address_id, inspectedOn, outcome]);
  return { inspectionId, selectionProbability: null };
}
