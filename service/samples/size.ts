/** How many addresses a sample drawn without n gets. */
import type { Queryable } from '../../db/index.ts';
import { approvedControlsSince } from './store.ts';

export interface DefaultSize {
  share: number;
  /** Controls the RIEC approved on the list's proposals in the 12 months before `now`. */
  approvedControls: number;
  n: number;
}

/**
 * The size of a sample drawn without n: HENNEP_SAMPLE_SHARE × the controls approved in
 * the last 12 months, rounded up, at least 1 — so the chance stream grows and shrinks
 * with the list's.
 */
export async function defaultSize(db: Queryable, share: number, now: Date): Promise<DefaultSize> {
  const since = new Date(now);
  since.setUTCFullYear(since.getUTCFullYear() - 1);
  const approvedControls = await approvedControlsSince(db, since);
  // 0.1 × 30 is 3.0000000000000004 in floating point: without the tolerance it rounds up to 4.
  return { share, approvedControls, n: Math.max(1, Math.ceil(share * approvedControls - 1e-9)) };
}
