import { describe, expect, it } from 'vitest';
import type { Queryable } from '../../db/index.ts';
import { RiskReader, type CurrentList } from '../../service/risk/reader.ts';

/** A database that answers every count with the next number and records the statements it was sent. */
function countingDb(): Queryable & { sent: unknown[][] } {
  const sent: unknown[][] = [];
  return {
    sent,
    query: (async (text: string, values: unknown[]) => {
      sent.push([text, ...values]);
      return { rows: [{ n: sent.length * 10 }] };
    }) as unknown as Queryable['query'],
  };
}

const list = (listId: number, dataVersion: string) => ({ listId, dataVersion }) as CurrentList;

describe('the risk reader keeps filter counts by list, import run and filter', () => {
  it('counts a filter once per list and import run, and again after an import or on a new list', async () => {
    const db = countingDb();
    const reader = new RiskReader(db);
    const district = { district: 'WK003401' };
    expect(await reader.matching(db, list(7, '3'), district)).toBe(10);
    expect(await reader.matching(db, list(7, '3'), { district: 'WK003401' })).toBe(10);
    expect(db.sent).toHaveLength(1);
    expect(db.sent[0]).toEqual([expect.stringContaining('count(*)'), 7, 'WK003401']);
    // Another filter, an import (which may move addresses between districts), a new list: each counted anew.
    expect(await reader.matching(db, list(7, '3'), { district: 'WK003402' })).toBe(20);
    expect(await reader.matching(db, list(7, '4'), district)).toBe(30);
    expect(await reader.matching(db, list(8, '4'), district)).toBe(40);
    expect(db.sent).toHaveLength(4);
  });
});
