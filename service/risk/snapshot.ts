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
}

export function snapshotOf(explainer: Explainer, list: CurrentList, row: ScoreRow): Snapshot {
  const stored = storedOf(row);
  return {
    listId: list.listId,
    referenceDate: list.referenceDate,
    score: row.score,
    probability: row.probability,
    percentile: percentile(row.rank, list.addresses),
    reasons: { nl: explainer.topReasons(list, stored, 'nl'), en: explainer.topReasons(list, stored, 'en') },
  };
}
