import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendEntries, AuditLog, canonicalJson, GENESIS, rowHash, verifyAuditLog } from '../../service/audit/index.ts';
import { loadConfig } from '../../config/index.ts';
import { migrate, openDatabase } from '../../db/index.ts';
import { runHennep } from '../support/cli.ts';
import { cliEnvironment, useTestDatabase } from '../support/database.ts';

/**
 * The audit log refuses UPDATE, DELETE and TRUNCATE in the database itself, and its hash
 * chain shows where a row was altered or removed when someone got past that (here: with
 * the trigger disabled, as a superuser could).
 */
describe('audit log', () => {
  const db = useTestDatabase();
  let audit: AuditLog;

  beforeAll(async () => {
    audit = new AuditLog(db.pool);
    // Concurrent appends from one process end up as one unbroken chain.
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        audit.append({
          actor: `user-${i % 4}`,
          role: 'analist',
          action: 'risk:address',
          method: 'GET',
          path: `/api/v1/addresses/${String(i).padStart(16, '0')}/risk`,
          addressId: String(i).padStart(16, '0'),
          purpose: 'Onderzoek zaak 2026-1',
          status: 200,
          detail: { z: 1, a: [i, 'x'] },
        }),
      ),
    );
  });

  it('chains every entry to the one before, from the genesis hash', async () => {
    const { rows } = await db.pool.query<{ seq: string; prev_hash: string; hash: string }>(
      'SELECT seq, prev_hash, hash FROM audit_log ORDER BY seq',
    );
    expect(rows.map((r) => Number(r.seq))).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(rows[0]!.prev_hash).toBe(GENESIS);
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.prev_hash).toBe(rows[i - 1]!.hash);
    expect(await verifyAuditLog(db.pool)).toMatchObject({ ok: true, entries: 40, problems: [], head: { seq: 40, hash: rows[39]!.hash } });
  });

  it('stores a NUL or a lone surrogate as it hashes it, and one bad entry does not fail the others in its batch', async () => {
    const before = Number((await db.pool.query<{ n: string }>('SELECT count(*) AS n FROM audit_log')).rows[0]!.n);
    await Promise.all([
      audit.append({ actor: 'alice', action: 'risk:list', purpose: 'Onderzoek zaak 2026-2', status: 200 }),
      audit.append({ actor: 'mallory', action: 'risk:list', purpose: '\u0000 planted \ud83d', status: 400 }),
      audit.append({ actor: 'bob', action: 'risk:list', purpose: 'Onderzoek zaak 2026-3', status: 200 }),
    ]);
    const { rows } = await db.pool.query<{ actor: string; purpose: string }>(
      'SELECT actor, purpose FROM audit_log ORDER BY seq DESC LIMIT 3',
    );
    expect(rows.map((r) => r.actor).sort()).toEqual(['alice', 'bob', 'mallory']);
    expect(rows.find((r) => r.actor === 'mallory')!.purpose).toBe('\uFFFD planted \uFFFD');
    expect(Number((await db.pool.query<{ n: string }>('SELECT count(*) AS n FROM audit_log')).rows[0]!.n)).toBe(before + 3);
    expect((await verifyAuditLog(db.pool)).ok).toBe(true);
  });

  it('hashes in the database exactly as verify recomputes, whatever the text', async () => {
    const awkward = ['"quoted" \\ back\\slash', 'regel 1\nregel 2\ttab', 'Meldingen — 5,2× €3 m² 🌿', '', "it's </script>", '\u2028\u2029'];
    const before = (await verifyAuditLog(db.pool)).head!;
    const entries = awkward.map((text, i) => ({
      entry: {
        actor: text || 'x',
        role: i % 2 ? null : text,
        action: 'risk:address',
        method: null,
        path: text,
        addressId: null,
        purpose: text,
        status: 200 + i,
        detail: { text, n: 1.5e-7 * i, nested: { b: [text], a: null } },
      },
      at: new Date(Date.UTC(2026, 10, 29, 12, 0, i, 7)),
    }));
    const appended = await appendEntries(db.pool, entries);
    expect(appended.map((r) => r.seq)).toEqual(awkward.map((_, i) => before.seq + 1 + i));
    // The chain worked out here from what was sent, by the documented formula written out
    // (every field, seq first), is the database's — and rowHash's, which verify uses.
    let prevHash = before.hash;
    const expected = entries.map(({ entry, at }, i) => {
      const fields = [
        before.seq + 1 + i,
        at.toISOString(),
        entry.actor,
        entry.role,
        entry.action,
        entry.method,
        entry.path,
        entry.addressId,
        entry.purpose,
        entry.status,
        canonicalJson(entry.detail),
      ];
      return (prevHash = createHash('sha256')
        .update(`${prevHash}\n${JSON.stringify(fields)}`)
        .digest('hex'));
    });
    expect(appended.map((r) => r.hash)).toEqual(expected);
    const { entry, at } = entries[0]!;
    const first = {
      seq: before.seq + 1,
      at: at.toISOString(),
      actor: entry.actor,
      role: entry.role,
      action: entry.action,
      method: entry.method,
      path: entry.path,
      addressId: entry.addressId,
      purpose: entry.purpose,
      status: entry.status,
      detail: canonicalJson(entry.detail),
    };
    expect(rowHash(before.hash, first)).toBe(expected[0]);
    expect(await verifyAuditLog(db.pool)).toMatchObject({ ok: true, head: appended.at(-1) });
  });

  it('commits or rolls back an entry appended inside a transaction with that transaction', async () => {
    const head = (await verifyAuditLog(db.pool)).head!;
    const inTransaction = async (end: 'COMMIT' | 'ROLLBACK') => {
      const client = await db.pool.connect();
      try {
        await client.query('BEGIN');
        await appendEntries(client, [
          { entry: { actor: 'beheerder-1', action: 'model:activate', status: 200, detail: { end } }, at: new Date() },
        ]);
        await client.query(end);
      } finally {
        client.release();
      }
    };
    await inTransaction('ROLLBACK');
    expect((await verifyAuditLog(db.pool)).head).toEqual(head);
    await inTransaction('COMMIT');
    await audit.append({ actor: 'after-commit', action: 'risk:list', status: 200 });
    expect(await verifyAuditLog(db.pool)).toMatchObject({ ok: true, head: { seq: head.seq + 2 } });
  });

  it('stores details as canonical JSON, so key order cannot change a hash', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { y: 1, x: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[2,{"x":2,"y":1}]},"b":1}');
  });

  it('refuses UPDATE, DELETE and TRUNCATE of audit rows in the database', async () => {
    await expect(db.pool.query(`UPDATE audit_log SET actor = 'someone-else' WHERE seq = 3`)).rejects.toThrow(/append-only/);
    await expect(db.pool.query('DELETE FROM audit_log WHERE seq = 3')).rejects.toThrow(/append-only/);
    await expect(db.pool.query('TRUNCATE audit_log')).rejects.toThrow(/append-only/);
    expect((await verifyAuditLog(db.pool)).ok).toBe(true);
  });

  it('reports a row altered with the trigger disabled by its position, and a removed one as a gap', async () => {
    const entriesBefore = (await verifyAuditLog(db.pool)).entries;
    const client = await db.pool.connect();
    try {
      await client.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only');
      await client.query(`UPDATE audit_log SET purpose = 'iets anders dan het was' WHERE seq = 17`);
      // Below the millisecond the hash covers: still an alteration.
      await client.query(`UPDATE audit_log SET at = at + interval '1 microsecond' WHERE seq = 23`);
      await client.query(`UPDATE audit_log SET at = 'infinity' WHERE seq = 26`);
      await client.query('DELETE FROM audit_log WHERE seq = 30');
      await client.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only');
    } finally {
      client.release();
    }
    const result = await verifyAuditLog(db.pool);
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([
      { seq: 17, problem: 'its content was altered (the hash does not match)' },
      { seq: 23, problem: 'its content was altered (the hash does not match)' },
      { seq: 26, problem: 'its content was altered (the hash does not match)' },
      { seq: 31, problem: 'entries 30–30 are missing (removed)' },
      { seq: 31, problem: 'its link to the previous entry is broken (prev_hash differs)' },
    ]);
    expect(result.entries).toBe(entriesBefore - 1);
    // A chain rewritten from row 17 on would verify by itself; the head recorded before does not.
    const last = result.head!.seq;
    expect((await verifyAuditLog(db.pool, 50, { seq: last, hash: 'f'.repeat(64) })).problems).toContainEqual({
      seq: last,
      problem: 'it is not the entry recorded as the head then (its hash differs): the chain was rewritten from here or before',
    });
    expect((await verifyAuditLog(db.pool, 50, { seq: 60, hash: 'a'.repeat(64) })).problems).toContainEqual({
      seq: 60,
      problem: `the recorded head 60 is gone: the chain ends at ${last} (entries removed from the end)`,
    });
    expect((await verifyAuditLog(db.pool, 50, result.head!)).problemCount).toBe(5);
    // The walk goes on past the listed problems: planted ones cannot hide a later one.
    const capped = await verifyAuditLog(db.pool, 1);
    expect(capped.problems).toHaveLength(1);
    expect(capped.problemCount).toBe(5);
  });
});

describe('hennep audit-log verify', () => {
  it('exits 0 on an intact chain and 4 naming the altered entry', async () => {
    const cli = await cliEnvironment('audit-cli');
    try {
      const config = loadConfig(cli.env);
      const opened = await openDatabase(config);
      try {
        await migrate(opened.pool);
        const audit = new AuditLog(opened.pool);
        for (let i = 0; i < 5; i++) await audit.append({ actor: 'auditor-test', action: 'audit:read', status: 200 });
      } finally {
        await opened.close();
      }
      const intact = await runHennep(['audit-log', 'verify'], cli.env);
      expect(intact.code).toBe(0);
      expect(intact.stdout).toContain('audit log verified: 5 entries, chain intact');

      const again = await openDatabase(config);
      try {
        const client = await again.pool.connect();
        await client.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only');
        await client.query(`UPDATE audit_log SET status = 403 WHERE seq = 2`);
        await client.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only');
        client.release();
      } finally {
        await again.close();
      }
      const broken = await runHennep(['audit-log', 'verify'], cli.env);
      expect(broken.code).toBe(4);
      expect(broken.stdout).toContain('entry 2: its content was altered');
    } finally {
      await cli.dispose();
    }
  }, 60_000);
});

/**
 * docs/deployment.md has the service run as a role that may only INSERT and SELECT on the
 * audit log: with exactly those grants, appends work (the chaining function runs with the
 * caller's rights) and the role cannot alter a row even with the trigger out of the way.
 */
describe.skipIf(!process.env.DATABASE_URL)('the service role of docs/deployment.md', () => {
  const db = useTestDatabase();
  const role = `hennep_service_${randomBytes(4).toString('hex')}`;

  afterAll(async () => {
    await db.pool.query(`DROP OWNED BY ${role}`).catch(() => undefined);
    await db.pool.query(`DROP ROLE IF EXISTS ${role}`);
  });

  it('appends to the chain and cannot change it', async () => {
    const doc = readFileSync(new URL('../../docs/deployment.md', import.meta.url), 'utf8');
    const section = doc.slice(doc.indexOf('## Who may touch the audit log'));
    const grants = /```sql\n([\s\S]*?)```/.exec(section)![1]!.replaceAll('hennep_service', role).replace("PASSWORD '…'", '');
    await db.pool.query(grants);
    const url = new URL(db.url!);
    url.username = role;
    const service = new pg.Pool({ connectionString: url.toString(), max: 2 });
    try {
      const audit = new AuditLog(service);
      await Promise.all(Array.from({ length: 5 }, (_, i) => audit.append({ actor: `analist-${i}`, action: 'risk:address', status: 200 })));
      await expect(service.query(`UPDATE audit_log SET actor = 'x' WHERE seq = 1`)).rejects.toThrow(/permission denied/);
      await expect(service.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only')).rejects.toThrow(/must be owner/);
    } finally {
      await service.end();
    }
    expect(await verifyAuditLog(db.pool)).toMatchObject({ ok: true, entries: 5 });
  });
});

describe('audit log without a database', () => {
  it('fails a batch at once when the database cannot be reached, without retrying each entry', async () => {
    // A server that takes connections and drops them: every attempt is counted.
    let connections = 0;
    const server = createServer((socket) => {
      connections++;
      socket.destroy();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const pool = new pg.Pool({ connectionString: `postgres://hennep@127.0.0.1:${(server.address() as AddressInfo).port}/hennep`, max: 1 });
    try {
      const audit = new AuditLog(pool);
      const results = await Promise.allSettled(
        Array.from({ length: 3 }, (_, i) => audit.append({ actor: `user-${i}`, action: 'risk:list', status: 200 })),
      );
      expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
      expect(connections).toBe(1);
    } finally {
      await pool.end();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('audit log batches', () => {
  const db = useTestDatabase();

  it('refuses an entry whose fields are not text alone, and commits the entries queued with it', async () => {
    const log = new AuditLog(db.pool);
    const before = Number((await db.pool.query<{ n: string }>('SELECT count(*) AS n FROM audit_log')).rows[0]!.n);
    const malformed = { actor: 12345, action: 'risk:list', status: 200 } as unknown as Parameters<AuditLog['append']>[0];
    const results = await Promise.allSettled([
      ...Array.from({ length: 10 }, (_, i) => log.append({ actor: `user-${i}`, action: 'risk:list', status: 200 })),
      log.append(malformed),
      ...Array.from({ length: 10 }, (_, i) => log.append({ actor: `user-${10 + i}`, action: 'risk:list', status: 200 })),
    ]);
    expect(results.map((r) => r.status)).toEqual([...Array(10).fill('fulfilled'), 'rejected', ...Array(10).fill('fulfilled')]);
    expect(String((results[10] as PromiseRejectedResult).reason)).toContain('actor must be text');
    expect(Number((await db.pool.query<{ n: string }>('SELECT count(*) AS n FROM audit_log')).rows[0]!.n)).toBe(before + 20);
    expect((await verifyAuditLog(db.pool)).ok).toBe(true);
  });
});
