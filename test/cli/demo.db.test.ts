import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO, runHennep } from '../support/cli.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { temporaryDirectory } from '../support/tmp.ts';

/**
 * The quick start's main job, small: generate, ingest, train, promote, score — then
 * serve, with a token per role that the API accepts.
 */
describe('hennep demo', () => {
  let test: TestDatabase | undefined;
  afterAll(async () => {
    await test?.dispose().catch(() => undefined);
  });

  it('trains and scores, then serves the API and prints a working token per role; SIGTERM stops it cleanly', async () => {
    const dataDir = temporaryDirectory('demo');
    const env: Record<string, string | undefined> = { HENNEP_DATA_DIR: dataDir, HENNEP_PORT: '0', HENNEP_LOG_LEVEL: 'warn' };
    if (process.env.DATABASE_URL) {
      test = await createTestDatabase();
      await test.db.close();
      env.DATABASE_URL = test.url;
    }
    const child = spawn(process.execPath, [join(REPO, 'bin', 'hennep.js'), 'demo', '--addresses', '3000', '--seed', '2'], {
      cwd: REPO,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        stdout += d.toString();
        if (stdout.includes('Ctrl+C stops the service.')) resolve();
      });
      void exited.then((code) => reject(new Error(`demo exited (${code}) before serving: ${stderr}`)));
    });
    try {
      expect(existsSync(join(dataDir, 'demo-city', 'truth.csv'))).toBe(true);
      expect(stdout).toMatch(/Model 1 \((logistic|additive|mlp)\) promoted/);
      expect(stdout).toContain('Risk list 1: 3,000 addresses scored');
      const url = /The service runs at (http:\/\/[\d.]+:\d+)/.exec(stdout)![1]!;
      expect(stdout).toContain(`Open ${url}/ in a browser`);
      expect((await fetch(`${url}/`)).headers.get('content-type')).toContain('text/html');
      // The demo's own service offers the demo sign-in (hennep serve does not by default).
      expect(await (await fetch(`${url}/auth/config`)).json()).toMatchObject({ mode: 'embedded', demoSignIn: true });
      const tokens = Object.fromEntries(
        [...stdout.matchAll(/^ {2}(analist|riec|interventieteam|beheerder|auditor) +(\S+)$/gm)].map((m) => [m[1]!, m[2]!]),
      );
      expect(Object.keys(tokens).sort()).toEqual(['analist', 'auditor', 'beheerder', 'interventieteam', 'riec']);

      const list = await fetch(`${url}/api/v1/risk-list?limit=3`, {
        headers: { authorization: `Bearer ${tokens.analist}`, 'x-purpose': 'demo: verkennen van de risicolijst' },
      });
      expect(list.status).toBe(200);
      expect(((await list.json()) as { items: unknown[] }).items).toHaveLength(3);
      const forbidden = await fetch(`${url}/api/v1/risk-list?limit=3`, {
        headers: { authorization: `Bearer ${tokens.interventieteam}`, 'x-purpose': 'demo: verkennen van de risicolijst' },
      });
      expect(forbidden.status).toBe(403);
      const verify = await fetch(`${url}/api/v1/audit-log/verify`, { headers: { authorization: `Bearer ${tokens.auditor}` } });
      // The model's registration and promotion, then the two requests above.
      expect(await verify.json()).toMatchObject({ ok: true, entries: 4 });
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    const models = await runHennep(['models', '--json'], env);
    expect((JSON.parse(models.stdout) as Array<{ status: string }>).map((m) => m.status)).toEqual(['active']);
  }, 180_000);
});
