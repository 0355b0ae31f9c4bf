/**
 * What a signal keeps of the address's explanation when it is made: the RIEC decides, and
 * the interventieteam controls, on what the list said then, even after the list is
 * rescored or deleted by retention. Proposals and sample draws build it the same way, so
 * that a control drawn by chance shows exactly what any other control shows.
 */
import type { Explainer, Reason } from './explain.ts';
import { percentile, storedOf } from './present.ts';
import type { CurrentList } from './reader.ts';
import type { ScoreRow } from './store.ts';

export interface Snapshot {
  listId: number;
  referenceDate: string;
  score: number;
  probability: number;
  percentile: number;
  reasons: { nl: Reason[]; en: Reason[] };
  /**
   * The basis in full for who decides on it: the five features that raise the score most
   * and the five that lower it most, and the list's base rate. Kept since proposals made
   * in this form; an older one has none.
   */
  basis?: { raising: { nl: Reason[]; en: Reason[] }; lowering: { nl: Reason[]; en: Reason[] }; baseRate: number };
}

const BASIS_REASONS = 5;

export function snapshotOf(explainer: Explainer, list: CurrentList, row: ScoreRow): Snapshot {
  const stored = storedOf(list.artefact, row);
  return {
    listId: list.listId,
    referenceDate: list.referenceDate,
    score: row.score,
    probability: row.probability,
    percentile: percentile(row.rank, list.addresses),
    reasons: { nl: explainer.topReasons(list, stored, 'nl'), en: explainer.topReasons(list, stored, 'en') },
    basis: {
      raising: { nl: explainer.topReasons(list, stored, 'nl', BASIS_REASONS), en: explainer.topReasons(list, stored, 'en', BASIS_REASONS) },
      lowering: {
        nl: explainer.topReasons(list, stored, 'nl', BASIS_REASONS, -1),
        en: explainer.topReasons(list, stored, 'en', BASIS_REASONS, -1),
      },
      baseRate: list.baseRate,
    },
  };
}
