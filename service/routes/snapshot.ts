import { topReasons } from '../explain.ts';
import { percentile, storedOf, type CurrentList, type ScoreRow } from './risk.ts';

/**
 * What a signal keeps of the address's explanation when it is made: the RIEC decides, and
 * the interventieteam controls, on what the list said then, even after the list is
 * rescored or deleted by retention. Proposals and sample draws build it the same way, so
 * that a control drawn by chance shows exactly what any other control shows.
 */
export interface Snapshot {
  listId: number;
  referenceDate: string;
  score: number;
  probability: number;
  percentile: number;
  reasons: { nl: Array<{ feature: string; contribution: number; sentence: string }>; en: Array<{ feature: string; contribution: number; sentence: string }> };
}

export function snapshotOf(list: CurrentList, row: ScoreRow): Snapshot {
  const stored = storedOf(row);
  return {
    listId: list.listId,
    referenceDate: list.referenceDate,
    score: row.score,
    probability: row.probability,
    percentile: percentile(row.rank, list.addresses),
    reasons: { nl: topReasons(list.names, stored, list.medians, list.referenceDate, 'nl'), en: topReasons(list.names, stored, list.medians, list.referenceDate, 'en') },
  };
}
