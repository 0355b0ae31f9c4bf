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

/** A database whose list reads answer as `answers` say, one per read, after a turn of the event loop; it records the list ids read. */
function listDb(answers: Array<'row' | 'none' | 'fail'>): Queryable & { read: unknown[] } {
  const read: unknown[] = [];
  return {
    read,
    query: (async (_text: string, values: unknown[]) => {
      read.push(values[0]);
      await new Promise((resolve) => setImmediate(resolve));
      const answer = answers.shift() ?? 'row';
      if (answer === 'fail') throw new Error('connection reset');
      if (answer === 'none') return { rows: [] };
      const row = { version: 3, feature_names: ['a'], feature_medians: [0.5], base_rate: 0.002, artefact, areas: { districts: [] } };
      return { rows: [row] };
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
  it('reads them once for the requests that first ask together, and not again after', async () => {
    const db = listDb([]);
    const reader = new RiskReader(db);
    const lists = await Promise.all(Array.from({ length: 5 }, () => reader.listOf(db, current(7))));
    expect(db.read).toEqual([7]);
    for (const list of lists) expect(list).toMatchObject({ listId: 7, baseRate: 0.002, medians: [0.5], artefact, pairs: [] });
    await reader.listOf(db, current(7));
    expect(db.read).toEqual([7]);
  });

  it("reads on a transaction's client rather than join a read on the pool, and keeps what either read", async () => {
    const pool = listDb([]);
    const client = listDb([]);
    const reader = new RiskReader(pool);
    const onPool = reader.listOf(pool, current(9));
    const inTransaction = await reader.listOf(client, current(9));
    expect(inTransaction).toMatchObject({ listId: 9, baseRate: 0.002 });
    expect(client.read).toEqual([9]);
    await onPool;
    await reader.listOf(client, current(9));
    await reader.listOf(pool, current(9));
    expect([pool.read, client.read]).toEqual([[9], [9]]);
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
