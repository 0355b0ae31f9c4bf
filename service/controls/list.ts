/** The interventieteam's list: the open controls, or the finished ones with their corrections. */
import type { Lang } from '../../config/index.ts';
import type { Queryable } from '../../db/index.ts';
import { correctionsOf, finishedControls, openControls } from './store.ts';
import { controlOf, type Control } from './view.ts';

export interface ListRequest {
  status: 'open' | 'finished';
  /** Finished controls: at most this many, newest first. */
  limit: number;
  lang: Lang;
}

export async function listControls(db: Queryable, { status, limit, lang }: ListRequest): Promise<Control[]> {
  const rows = status === 'open' ? await openControls(db) : await finishedControls(db, limit);
  const corrections = await correctionsOf(db, status === 'open' ? [] : rows.map((r) => Number(r.id)));
  return rows.map((r) => controlOf(r, lang, corrections.get(Number(r.id))));
}
