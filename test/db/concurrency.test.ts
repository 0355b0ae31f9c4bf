import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openMemoryDatabase, type Database } from '../../db/index.ts';

/**
 * The embedded database under concurrent use, as the service loads it: many readers while
 * transactions append (as state changes write their audit entries). pglite-socket 0.2 interleaved the
 * protocol messages of concurrent connections, which answered reads with another
 * query's rows; the embedded pool therefore has one connection, and this must hold.
 */
describe('embedded database under concurrent use', () => {
  let db: Database;
  beforeAll(async () => {
    db = await openMemoryDatabase();
    await db.pool.query('CREATE TABLE things (id int PRIMARY KEY, label text NOT NULL)');
    await db.pool.query(`INSERT INTO things SELECT i, 'thing-' || i FROM generate_series(1, 200) i`);
    await db.pool.query('CREATE TABLE appended (n int)');
  });
  afterAll(() => db.close());

  it('answers every read with its own row while transactions run alongside', async () => {
    let right = 0;
    const wrong: string[] = [];
    // Readers in loops, with two statement shapes, as concurrent requests are.
    const reader = async (k: number) => {
      for (let i = 0; i < 60; i++) {
        const id = 1 + ((k * 7919 + i * 31) % 200);
        try {
          const { rows } = await db.pool.query<{ id: number; label: string }>(
            k % 2 ? 'SELECT id, label FROM things WHERE id = $1' : 'SELECT label, id FROM things WHERE id = $1::int + 0',
            [id],
          );
          if (rows.length === 1 && rows[0]!.id === id && rows[0]!.label === `thing-${id}`) right++;
          else wrong.push(`${id}: ${JSON.stringify(rows)}`);
        } catch (error) {
          wrong.push(`${id}: ${(error as Error).message}`);
        }
      }
    };
    const writer = async () => {
      for (let n = 0; n < 30; n++) {
        const client = await db.pool.connect();
        try {
          await client.query('BEGIN');
          await client.query('SELECT pg_advisory_xact_lock(42)');
          await client.query('INSERT INTO appended VALUES ($1)', [n]);
          await client.query('COMMIT');
        } finally {
          client.release();
        }
      }
    };
    await Promise.all([...Array.from({ length: 9 }, (_, k) => reader(k)), writer()]);
    expect(wrong.slice(0, 5)).toEqual([]);
    expect(right).toBe(9 * 60);
    expect((await db.pool.query('SELECT count(*)::int AS n FROM appended')).rows[0]).toEqual({ n: 30 });
  });

  it('prepares a named statement again on a new connection to the same session', async () => {
    const named = { name: 'things-by-id', text: 'SELECT label FROM things WHERE id = $1', values: [7] };
    const first = await db.pool.connect();
    expect((await first.query(named)).rows).toEqual([{ label: 'thing-7' }]);
    first.release(true); // the connection goes; the PGlite session and its statements stay
    const second = await db.pool.connect();
    try {
      expect((await second.query(named)).rows).toEqual([{ label: 'thing-7' }]);
    } finally {
      second.release();
    }
  });
});
