import { describe, expect, it } from 'vitest';
import type { Queryable } from '../../db/index.ts';
import type { ModelArtefact } from '../../models/index.ts';
import { RiskReader } from '../../service/risk/reader.ts';
import type { CurrentRow } from '../../service/risk/store.ts';

const artefact: ModelArtefact = {
  family: 'additive',
  names: ['a'],
  model: { bins: [{ name: 'a', edges: [1] }], terms: [[-0.5, 0.5]], intercept: -6 },
  calibration: { method: 'platt', a: 1, b: 0 },
};

/** A database whose list reads answer as `answers` say, one per read; it records the list ids read. */
function listDb(answers: Array<'row' | 'none' | 'fail'>): Queryable & { read: unknown[] } {
  const read: unknown[] = [];
  return {
    read,
    query: (async (_text: string, values: unknown[]) => {
      read.push(values[0]);
      const answer = answers.shift() ?? 'row';
      if (answer === 'fail') throw new Error('connection reset');
      if (answer === 'none') return { rows: [] };
      return { rows: [{ version: 3, feature_medians: [0.5], base_rate: 0.002, artefact, areas: [] }] };
    }) as unknown as Queryable['query'],
  };
}

const current = (listId: number): CurrentRow => ({
  version: 3,
  family: 'additive',
  list_id: String(listId),
  reference_date: '2025-01-01',
  addresses: 100,
  data_version: '1',
});

/** A list never changes once stored: the reader reads its facts and parses its model once. */
describe("the risk reader keeps a list's facts", () => {
  it('reads them once per list, its names and pair terms from its model, and reads a new list anew', async () => {
    const db = listDb([]);
    const reader = new RiskReader(db);
    const list = await reader.listOf(db, current(7));
    expect(list).toMatchObject({ listId: 7, names: ['a'], baseRate: 0.002, medians: [0.5], artefact, pairs: [], areas: [] });
    expect(await reader.listOf(db, current(7))).toEqual(list);
    expect(db.read).toEqual([7]);
    await reader.listOf(db, current(8));
    expect(db.read).toEqual([7, 8]);
  });

  it('does not keep a read that failed or found the list removed: the next request reads again', async () => {
    const db = listDb(['fail', 'none', 'row']);
    const reader = new RiskReader(db);
    await expect(reader.listOf(db, current(8))).rejects.toThrow('connection reset');
    await expect(reader.listOf(db, current(8))).rejects.toMatchObject({ status: 503, code: 'no_risk_list' });
    await expect(reader.listOf(db, current(8))).resolves.toMatchObject({ listId: 8 });
    expect(db.read).toEqual([8, 8, 8]);
  });
});

describe('the risk reader counts a filter', () => {
  /** A database whose list has `counts` stored (or not), and whose count of a filter's rows is 42; it records the counts asked. */
  function countingDb(counts: unknown): Queryable & { counted: number } {
    const db = {
      counted: 0,
      query: (async (text: string) => {
        if (text.includes('count(*)')) {
          db.counted++;
          return { rows: [{ n: 42 }] };
        }
        return { rows: [{ version: 3, feature_medians: [0.5], base_rate: 0.002, artefact, areas: [], area_counts: counts }] };
      }) as unknown as Queryable['query'],
    };
    return db;
  }
  const counts = { districts: { WK034401: 1200 }, neighbourhoods: { BU03440101: 300 } };

  it('answers one district or one neighbourhood from the counts stored with the list, without counting its rows', async () => {
    const db = countingDb(counts);
    const reader = new RiskReader(db);
    const list = await reader.listOf(db, current(7));
    expect(await reader.matching(db, list, { district: 'WK034401' })).toBe(1200);
    expect(await reader.matching(db, list, { neighbourhood: 'BU03440101' })).toBe(300);
    // An area the list does not hold matches none of it; a name an object has anyway is no area.
    expect(await reader.matching(db, list, { district: 'WK999999' })).toBe(0);
    expect(await reader.matching(db, list, { district: 'constructor' })).toBe(0);
    // Empty values filter nothing, as in the store: still one area.
    expect(await reader.matching(db, list, { district: 'WK034401', postcode: '', street: undefined })).toBe(1200);
    expect(db.counted).toBe(0);
  });

  it('counts the rows for any other filter, and for a list stored without counts', async () => {
    const db = countingDb(counts);
    const reader = new RiskReader(db);
    const list = await reader.listOf(db, current(7));
    expect(await reader.matching(db, list, { district: 'WK034401', postcode: '1234AB' })).toBe(42);
    expect(await reader.matching(db, list, { district: 'WK034401', neighbourhood: 'BU03440101' })).toBe(42);
    expect(db.counted).toBe(2);
    const older = countingDb(null);
    const without = new RiskReader(older);
    expect(await without.matching(older, await without.listOf(older, current(8)), { district: 'WK034401' })).toBe(42);
    expect(older.counted).toBe(1);
  });
});
