/**
 * The promotion gate: a new model replaces the active one only within the fairness bounds
 * and when it is no worse than the active model on this very test year — without the
 * addresses a risk list sent controls to, when the rest still holds a find: their labels
 * follow where that list (most likely the active model's) pointed. A refit that saw the
 * test year is judged by its held-out fit, which did not.
 */
import type pg from 'pg';
import { scoreRows, type LoadedBackend } from '../models/index.ts';
import type { Fitted } from './choose.ts';
import { comparableArtefact } from './comparable.ts';
import type { Dataset } from './dataset.ts';
import { selfSelection, type SelfSelection } from './evaluate.ts';
import type { SampledAddress } from './estimates.ts';
import type { FairnessGate } from './fairness-gate.ts';
import { averagePrecision } from './metrics.ts';
import { activateModel, activeModel, refuseModel, RegistryError, type ModelRecord } from './registry.ts';
import { liveCheck, type LiveCheck } from './sample-figures.ts';

export interface GateInput {
  backend: LoadedBackend;
  chosen: Fitted;
  test: { year: number; data: Dataset };
  /** The test year's controls a risk list prompted, per row of the test data, and what they did to the chosen model's AP. */
  prompted: { rows: ReadonlyArray<{ found: boolean } | null>; self: SelfSelection };
  /** The test year's random controls, for the active model's live check. */
  sample: readonly SampledAddress[];
  fairness: FairnessGate;
  listSize: number;
  promotionTolerance: number;
  say: (message: string) => void;
}

export interface GateDecision {
  passed: boolean;
  reasons: string[];
  /** The active model when the gate was applied (null: none). */
  active: ModelRecord | null;
  activeComparison: { version: number; averagePrecision: number; withoutListPrompted: boolean } | null;
  liveCheck: LiveCheck | null;
}

/** Applies the gate (see the file comment); every finding, passed or not, is one of the reasons. */
export async function promotionGate(pool: pg.Pool, input: GateInput): Promise<GateDecision> {
  const reasons: string[] = [];
  let passed = input.fairness.passed;
  for (const f of input.fairness.findings) if (!f.passed) reasons.push(f.reason);
  const active = await activeModel(pool);
  if (!active) {
    reasons.push('no model was active');
    return { passed, reasons, active, activeComparison: null, liveCheck: null };
  }
  if (active.artefact.names.join() !== input.chosen.artefact.names.join()) {
    reasons.push(
      `the active model ${active.version} uses another feature list; it cannot be scored on this test year, so only the fairness bounds apply`,
    );
    return { passed, reasons, active, activeComparison: null, liveCheck: null };
  }
  const compared = compareWithActive(active, input);
  reasons.push(compared.reason);
  passed &&= compared.passed;
  return { passed, reasons, active, activeComparison: compared.activeComparison, liveCheck: compared.liveCheck };
}

/** The chosen model's test AP against the active model's on the same rows. */
function compareWithActive(
  active: ModelRecord,
  input: GateInput,
): { passed: boolean; reason: string } & Pick<GateDecision, 'activeComparison' | 'liveCheck'> {
  const { test, prompted, promotionTolerance: tolerance } = input;
  const { self } = prompted;
  const withoutPrompted = self.controlled > 0 && self.averagePrecisionWithout !== null;
  const chosenAp = withoutPrompted ? self.averagePrecisionWithout! : input.chosen.candidate.test.averagePrecision;
  const onWhat = withoutPrompted
    ? `on ${test.year} without the ${self.controlled} addresses a risk list sent controls to`
    : `on ${test.year}`;
  const activeScores = scoreRows(comparableArtefact(active, test.year), test.data.x, test.data.rows, input.backend.tf);
  const scored = { year: test.year, addressIds: test.data.addressIds, labels: test.data.y, k: input.listSize, logits: activeScores.logits };
  const live = liveCheck(active.version, input.sample, scored);
  input.say(live.sentence);
  const activeAp = withoutPrompted
    ? selfSelection(activeScores.logits, test.data.y, prompted.rows).averagePrecisionWithout!
    : averagePrecision(activeScores.logits, test.data.y);
  const activeComparison = { version: active.version, averagePrecision: activeAp, withoutListPrompted: withoutPrompted };
  const needed = (1 - tolerance) * activeAp;
  const passed = chosenAp >= needed;
  const versus = `test AP ${chosenAp.toFixed(4)}`;
  const reason = passed
    ? `${versus} ≥ ${needed.toFixed(4)} ${onWhat} (active model ${active.version}: ${activeAp.toFixed(4)}, tolerance ${tolerance * 100} %)`
    : `${versus} is below ${needed.toFixed(4)}: more than ${tolerance * 100} % under the active model ${active.version} (${activeAp.toFixed(4)}) ${onWhat}`;
  return { passed, reason, activeComparison, liveCheck: live };
}

/**
 * Activates a registered model the gate passed, or records the refusal; an activation the
 * registry refuses (another model took the active place meanwhile) refuses the model too,
 * its reason added to `decision.reasons`. Returns whether the model was promoted.
 */
export async function promoteOrRefuse(pool: pg.Pool, version: number, decision: GateDecision, actor: string): Promise<boolean> {
  let passed = decision.passed;
  if (passed) {
    try {
      await activateModel(pool, version, actor, { event: 'promoted', comparedWith: decision.active?.version ?? null });
    } catch (error) {
      if (!(error instanceof RegistryError)) throw error;
      passed = false;
      decision.reasons.push(error.message);
    }
  }
  if (!passed) await refuseModel(pool, version, actor, decision.reasons.join('; '));
  return passed;
}
