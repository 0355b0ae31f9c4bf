import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type pg from 'pg';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { appendEntries, rowHash, verifyAuditLog, type AuditEntry } from '../../service/audit/index.ts';
import { CHECKPOINT_KEY_FILE, CheckpointWriter, verifyAuditLogWithCheckpoints, type CheckpointLine } from '../../service/audit/index.ts';
import { useTestDatabase } from '../support/database.ts';
import { temporaryDirectory } from '../support/tmp.ts';

/**
 * Signed checkpoints of the audit log's head, kept outside the database, show what the
 * chain alone cannot: someone able to switch the append-only trigger off (a superuser, the
 * table's owner) removing the newest entries, truncating the log, or altering an entry and
 * hashing the chain again from it. Each attack is done here as such a person would.
 */
describe('signed audit checkpoints', () => {
  const db = useTestDatabase();

  /** An emptied log with `count` entries and a checkpoint directory and key of its own. */
  async function freshLog(count: number) {
    await db.reset();
    await appendMany(db.pool, 1, count);
    const dataDir = temporaryDirectory('checkpoint-data');
    const dir = join(dataDir, 'audit-checkpoints');
    const logged: string[] = [];
    const log = pino({ level: 'debug' }, { write: (line: string) => logged.push(line) });
    return { dir, dataDir, logged, writer: new CheckpointWriter(db.pool, { dir, dataDir, log }) };
  }

  const verify = (dir: string) => verifyAuditLogWithCheckpoints(db.pool, dir);

  it('passes an intact chain and shows its newest checkpoint, signed and matching', async () => {
    const { dir, dataDir, writer } = await freshLog(30);
    const line = (await writer.take('schedule'))!;
    expect(line).toMatchObject({ seq: 30, reason: 'schedule' });
    const result = await verify(dir);
    expect(result).toMatchObject({
      ok: true,
      problemCount: 0,
      checkpoints: {
        found: 1,
        problemCount: 0,
        newest: { seq: 30, hash: line.hash, time: line.time, signatureValid: true, matchesChain: true },
      },
    });
    // The key is created on first use, readable by its owner only.
    expect(statSync(join(dataDir, 'keys', CHECKPOINT_KEY_FILE)).mode & 0o777).toBe(0o600);
  });

  it('names entries deleted from the end, which the chain alone does not show', async () => {
    const { dir, writer } = await freshLog(1200);
    const checkpoint = (await writer.take('schedule'))!;
    await asSuperuser(db.pool, ['DELETE FROM audit_log WHERE seq > 700']);

    expect((await verifyAuditLog(db.pool)).ok).toBe(true);
    const result = await verify(dir);
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([
      {
        seq: 1200,
        problem: `the audit log ends at entry 700, but the signed checkpoint of ${checkpoint.time} records entry 1200: entries 701–1200 were deleted from the end (or the log truncated and written anew)`,
      },
    ]);
    expect(result.checkpoints.newest).toMatchObject({ seq: 1200, signatureValid: true, matchesChain: false });
  });

  it('names a truncated log, also after new entries were written and signed since', async () => {
    const { dir, writer } = await freshLog(800);
    const checkpoint = (await writer.take('schedule'))!;
    await asSuperuser(db.pool, ['TRUNCATE audit_log']);

    expect((await verifyAuditLog(db.pool)).ok).toBe(true);
    expect((await verify(dir)).problems).toEqual([
      {
        seq: 800,
        problem: `the audit log is empty, but the signed checkpoint of ${checkpoint.time} records entry 800: the log was truncated or all its entries deleted`,
      },
    ]);

    // The service goes on: a new chain from the genesis, and its head signed again.
    await appendMany(db.pool, 1, 5);
    await writer.take('schedule');
    const later = await verify(dir);
    expect(later.ok).toBe(false);
    expect(later.checkpoints.newest).toMatchObject({ seq: 5, matchesChain: true });
    expect(later.problems.map((p) => p.problem)).toEqual([
      `the audit log ends at entry 5, but the signed checkpoint of ${checkpoint.time} records entry 800: entries 6–800 were deleted from the end (or the log truncated and written anew)`,
    ]);
  });

  it('names a chain altered and hashed again from an entry on, by the older checkpoints that still hold the old hashes', async () => {
    const { dir, writer, logged } = await freshLog(600);
    const early = (await writer.take('schedule'))!;
    await appendMany(db.pool, 601, 600);
    const before = (await writer.take('schedule'))!;
    await rewriteFrom(db.pool, 700);

    // The rewritten chain is intact by itself.
    const chainOnly = await verifyAuditLog(db.pool);
    expect(chainOnly).toMatchObject({ ok: true, entries: 1200 });
    const result = await verify(dir);
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([
      {
        seq: 1200,
        problem: `entry 1200 has hash ${chainOnly.head!.hash}, but the signed checkpoint of ${before.time} recorded ${before.hash}: the chain was rewritten (entries altered or removed, and hashed again) between entry 601 and entry 1200 (entry 600 still matches the checkpoint of ${early.time})`,
      },
    ]);

    // The next checkpoint signs the rewritten head; the older one still tells.
    await writer.take('schedule');
    expect(logged.some((l) => l.includes('audit log tampered with: entry 1200'))).toBe(true);
    const after = await verify(dir);
    expect(after.checkpoints.newest).toMatchObject({ seq: 1200, hash: chainOnly.head!.hash, matchesChain: true });
    expect(after.ok).toBe(false);
    expect(after.problems[0]!.problem).toContain(`the signed checkpoint of ${before.time} recorded ${before.hash}`);
  });

  it('reports a checkpoint line changed after it was signed, and does not trust what it says', async () => {
    const { dir, writer } = await freshLog(40);
    await writer.take('schedule');
    await appendMany(db.pool, 41, 10);
    await writer.take('schedule');
    const [file] = readdirSync(dir);
    const lines = readFileSync(join(dir, file!), 'utf8').trimEnd().split('\n');
    // Moved back to a head the log agrees with after deleting entries 41–50: the signature breaks.
    const forged: CheckpointLine = { ...(JSON.parse(lines[1]!) as CheckpointLine), seq: 45 };
    writeFileSync(join(dir, file!), `${lines[0]}\n${JSON.stringify(forged)}\n{"v":1,"seq":\n`);

    const result = await verify(dir);
    expect(result.ok).toBe(false);
    expect(result.problemCount).toBe(0);
    expect(result.checkpoints.problems).toEqual([
      {
        file,
        line: 2,
        problem: `its signature does not verify: the line was changed after it was signed (it claims entry 45 at ${forged.time})`,
      },
      { file, line: 3, problem: 'it is not a checkpoint: not JSON (cut short or changed by hand)' },
    ]);
    expect(result.checkpoints.newest).toMatchObject({ seq: 45, signatureValid: false, matchesChain: false });
  });

  it('says when there is no checkpoint, and passes an intact chain', async () => {
    await freshLog(12);
    const result = await verify(temporaryDirectory('no-checkpoints'));
    expect(result).toMatchObject({ ok: true, entries: 12, checkpoints: { found: 0, newest: null, problems: [] } });
  });

  it('skips a scheduled checkpoint while the head has not moved, never one at shutdown', async () => {
    const { dir, writer } = await freshLog(3);
    expect(await writer.take('schedule')).not.toBeNull();
    expect(await writer.take('schedule')).toBeNull();
    await appendMany(db.pool, 4, 1);
    expect(await writer.take('schedule')).toMatchObject({ seq: 4 });
    expect(await writer.take('shutdown')).toMatchObject({ seq: 4, reason: 'shutdown' });
    expect((await verify(dir)).checkpoints.found).toBe(3);
  });

  it('verifies checkpoints of several replicas, each with its own key, in one directory', async () => {
    const { dir, writer } = await freshLog(20);
    const other = new CheckpointWriter(db.pool, { dir, dataDir: temporaryDirectory('other-replica'), log: pino({ level: 'silent' }) });
    const [a, b] = [await writer.take('schedule'), await other.take('schedule')];
    expect(a!.keyId).not.toBe(b!.keyId);
    await appendMany(db.pool, 21, 5);
    await Promise.all([writer.take('schedule'), other.take('schedule')]);
    const result = await verify(dir);
    expect(result).toMatchObject({ ok: true, checkpoints: { found: 4, problemCount: 0, newest: { seq: 25, matchesChain: true } } });
    expect(result.checkpoints.keys.map((k) => [k.keyId, k.lines]).sort()).toEqual(
      [
        [a!.keyId, 2],
        [b!.keyId, 2],
      ].sort(),
    );
  });
});

async function appendMany(pool: pg.Pool, firstSeq: number, count: number): Promise<void> {
  const entry = (i: number): AuditEntry => ({
    actor: `analist-${i % 7}`,
    role: 'analist',
    action: 'risk:address',
    method: 'GET',
    path: '/api/v1/risk-list',
    purpose: `Onderzoek zaak 2026-${i}`,
    status: 200,
    detail: { i },
  });
  for (let start = 0; start < count; start += 500) {
    const batch = Array.from({ length: Math.min(500, count - start) }, (_, k) => ({ entry: entry(firstSeq + start + k), at: new Date() }));
    await appendEntries(pool, batch);
  }
}

/** As a superuser would: with the append-only triggers out of the way for these statements. */
async function asSuperuser(pool: pg.Pool, statements: string[]): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SET LOCAL session_replication_role = replica');
    for (const sql of statements) await client.query(sql);
    await client.query('COMMIT');
  } finally {
    client.release();
  }
}

/**
 * Alters entry `seq` and gives it and every later entry the hash `audit_append` would have
 * given it, so that the chain verifies by itself: what a superuser hiding a change would do.
 */
async function rewriteFrom(pool: pg.Pool, seq: number): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only');
    await client.query(`UPDATE audit_log SET purpose = 'een ander doel dan het was' WHERE seq = $1`, [seq]);
    const { rows } = await client.query<{
      seq: string;
      at: string;
      actor: string;
      role: string | null;
      action: string;
      method: string | null;
      path: string | null;
      address_id: string | null;
      purpose: string | null;
      status: number;
      detail: string;
    }>(
      `SELECT seq, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS') AS at, actor, role, action, method, path, address_id, purpose, status, detail
       FROM audit_log WHERE seq >= $1 ORDER BY seq`,
      [seq],
    );
    let prev = (await client.query<{ hash: string }>('SELECT hash FROM audit_log WHERE seq = $1', [seq - 1])).rows[0]!.hash;
    const seqs: number[] = [];
    const prevs: string[] = [];
    const hashes: string[] = [];
    for (const r of rows) {
      const row = {
        seq: Number(r.seq),
        at: `${r.at}Z`,
        actor: r.actor,
        role: r.role,
        action: r.action,
        method: r.method,
        path: r.path,
        addressId: r.address_id,
        purpose: r.purpose,
        status: r.status,
        detail: r.detail,
      };
      seqs.push(row.seq);
      prevs.push(prev);
      prev = rowHash(prev, row);
      hashes.push(prev);
    }
    await client.query(
      'UPDATE audit_log l SET prev_hash = u.prev, hash = u.hash FROM unnest($1::bigint[], $2::text[], $3::text[]) AS u(seq, prev, hash) WHERE l.seq = u.seq',
      [seqs, prevs, hashes],
    );
    await client.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only');
    await client.query('COMMIT');
  } finally {
    client.release();
  }
}
