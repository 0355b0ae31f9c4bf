import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/index.ts';
import { openDatabase } from '../../db/index.ts';
import { mintToken } from '../../service/auth/index.ts';
import type { CheckpointLine } from '../../service/audit/index.ts';
import { ROUTES } from '../../service/routes.ts';
import { REPO, runHennep } from '../support/cli.ts';
import { cliEnvironment } from '../support/database.ts';

/**
 * `hennep serve` signs the audit log's head when it starts and when it stops on SIGTERM,
 * the auditor's API shows the newest checkpoint, and `hennep audit-log verify` holds the
 * chain against the checkpoints without being given a head.
 */
describe('audit checkpoints of a running service', () => {
  it('are written at start and at shutdown, shown by the API and checked by hennep audit-log verify', async () => {
    const cli = await cliEnvironment('checkpoint-serve');
    const dataDir = cli.env.HENNEP_DATA_DIR!;
    // The schedule does not fire during the test: what is written comes from start and shutdown.
    const env = {
      ...cli.env,
      HENNEP_DATA_DIR: dataDir,
      HENNEP_PORT: '0',
      HENNEP_AUDIT_CHECKPOINT_CRON: '0 0 1 1 *',
      HENNEP_RETRAIN_CRON: 'off',
      HENNEP_RETENTION_CRON: 'off',
    };
    const dir = join(dataDir, 'audit-checkpoints');
    try {
      expect((await runHennep(['migrate'], env)).code).toBe(0);
      const none = await runHennep(['audit-log', 'verify'], env);
      expect(none.code, none.stderr).toBe(0);
      expect(none.stdout).toContain(`no audit checkpoint found in ${dir}`);

      const service = spawn(process.execPath, [join(REPO, 'bin', 'hennep.js'), 'serve'], {
        cwd: REPO,
        env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
      });
      let log = '';
      service.stdout.on('data', (d: Buffer) => (log += d.toString()));
      const exited = new Promise<number | null>((resolve) => service.once('close', resolve));
      const port = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`the service did not start: ${log}`)), 60_000);
        service.stdout.on('data', () => {
          const match = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(log);
          if (match) {
            clearTimeout(timer);
            resolve(match[1]!);
          }
        });
      });
      const token = await mintToken(loadConfig(env), { user: 'auditor-1', roles: ['auditor'], ttlSeconds: 600 });
      const answer = await fetch(`http://127.0.0.1:${port}/api/v1/audit-log/verify`, { headers: { authorization: `Bearer ${token}` } });
      expect(answer.status).toBe(200);
      const body = (await answer.json()) as { ok: boolean; checkpoints: { found: number; newest: Record<string, unknown> | null } };
      expect(body).toMatchObject({ ok: true, checkpoints: { found: 1, newest: { seq: 0, signatureValid: true, matchesChain: true } } });
      // The OpenAPI document's schema describes every field of the answer.
      const route = ROUTES.find((r) => r.path === '/audit-log/verify')!;
      expect(route.response.parse(body)).toEqual(body);
      for (let i = 0; i < 3; i++)
        expect((await fetch(`http://127.0.0.1:${port}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);

      service.kill('SIGTERM');
      expect(await exited).toBe(0);
      const files = readdirSync(dir);
      expect(files).toHaveLength(1);
      const lines = readFileSync(join(dir, files[0]!), 'utf8')
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l) as CheckpointLine);
      // Four requests, four entries, all written before the last checkpoint.
      expect(lines.map((l) => [l.reason, l.seq])).toEqual([
        ['start', 0],
        ['shutdown', 4],
      ]);
      expect(log).toContain('"msg":"audit checkpoint: head 4 signed"');

      const intact = await runHennep(['audit-log', 'verify'], env);
      expect(intact.code, intact.stdout + intact.stderr).toBe(0);
      expect(intact.stdout).toContain(`audit checkpoints: 2 in ${dir}, every signature verifies`);
      expect(intact.stdout).toContain(`newest checkpoint: entry 4:${lines[1]!.hash} of ${lines[1]!.time}`);
      expect(intact.stdout).toContain('its signature verifies; the chain matches it');
      expect(intact.stdout).toContain(
        `signed by key ${lines[0]!.keyId} (this data directory's key): 2 line(s), ${lines[0]!.time} to ${lines[1]!.time}`,
      );

      // Removed from the end by someone who could switch the trigger off, and a line edited.
      const opened = await openDatabase(loadConfig(env));
      try {
        const client = await opened.pool.connect();
        await client.query('BEGIN');
        await client.query('SET LOCAL session_replication_role = replica');
        await client.query('DELETE FROM audit_log WHERE seq > 2');
        await client.query('COMMIT');
        client.release();
      } finally {
        await opened.close();
      }
      const removed = await runHennep(['audit-log', 'verify'], env);
      expect(removed.code).toBe(4);
      expect(removed.stdout).toContain(
        `entry 4: the audit log ends at entry 2, but the signed checkpoint of ${lines[1]!.time} records entry 4: entries 3–4 were deleted from the end`,
      );
      expect(removed.stdout).toContain('the chain does NOT match it');

      writeFileSync(join(dir, files[0]!), `${JSON.stringify({ ...lines[0], seq: 2 })}\n${JSON.stringify(lines[1])}\n`);
      const edited = await runHennep(['audit-log', 'verify'], env);
      expect(edited.code).toBe(4);
      expect(edited.stdout).toContain(`${files[0]} line 1: its signature does not verify: the line was changed after it was signed`);
    } finally {
      await cli.dispose();
    }
  }, 120_000);
});
