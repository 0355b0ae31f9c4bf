import { parseArtefact, type ModelArtefact } from '../models/index.ts';
import type { ModelRecord } from './registry.ts';

/**
 * The artefact of a registered model that may be scored on `year` as on unseen data: its
 * served artefact, unless that is a refit whose training years include `year` — then the
 * held-out fit kept with it, which never saw that year. Comparing a candidate with a model
 * that trained on the candidate's test year would refuse every honest candidate.
 */
export function comparableArtefact(record: ModelRecord, year: number): ModelArtefact {
  const refit = (record.training as { refit?: { years?: number[] } | null } | null)?.refit;
  if (!refit?.years?.includes(year)) return record.artefact;
  const heldOut = (record.metrics as { heldOutArtefact?: unknown } | null)?.heldOutArtefact;
  if (!heldOut)
    throw new Error(`model ${record.version} was refitted on ${refit.years.join(', ')} but keeps no held-out fit to compare on ${year}`);
  return parseArtefact(heldOut, `model ${record.version} (held-out fit)`);
}
