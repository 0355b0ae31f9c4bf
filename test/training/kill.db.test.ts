import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO, runHennep } from '../support/cli.ts';
import { cliEnvironment } from '../support/database.ts';
import { temporaryDirectory } from '../support/tmp.ts';

/**
 * A training process killed with SIGKILL — no handler runs, no rollback is sent — must
 * leave the model that was active before it active, and scoring with it must work.
 */

/** Starts `hennep ARGS` and SIGKILLs it as soon as its stderr shows `marker`; resolves with what it printed. */
function killWhen(
  args: readonly string[],
  env: Record<string, string | undefined>,
  marker: RegExp,
): Promise<{ killed: boolean; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(REPO, 'bin', 'hennep.js'), ...args], {
      cwd: REPO,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    });
    let stderr = '';
    let killed = false;
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (!killed && marker.test(stderr)) {
        killed = child.kill('SIGKILL');
      }
    });
    child.on('error', reject);
    child.on('close', () => resolve({ killed, stderr }));
  });
}

interface Listed {
  version: number;
  status: string;
}

describe('a training run killed with SIGKILL', () => {
  const city = temporaryDirectory('city');
  let env: Record<string, string | undefined>;
  let test: Awaited<ReturnType<typeof cliEnvironment>> | undefined;

  beforeAll(async () => {
    test = await cliEnvironment('data');
    env = test.env;
    expect(
      (await runHennep(['generate', '--addresses', '3000', '--seed', '5', '--start-year', '2018', '--end-year', '2024', '--out', city], {}))
        .code,
    ).toBe(0);
    expect((await runHennep(['ingest', '--dir', city], env)).code).toBe(0);
    const first = await runHennep(['train', '--family', 'additive'], env);
    expect(first.stdout).toContain('PROMOTED');
  });
  afterAll(async () => {
    await test?.dispose().catch(() => undefined);
  });

  async function models(): Promise<Listed[]> {
    const listed = await runHennep(['models', '--json'], env);
    expect(listed.code, listed.stderr).toBe(0);
    return JSON.parse(listed.stdout) as Listed[];
  }

  it('while fitting: model 1 stays active and scores', async () => {
    const run = await killWhen(['train', '--family', 'mlp'], env, /fitting mlp/);
    expect(run.killed).toBe(true);
    const listed = await models();
    expect(listed.filter((m) => m.status === 'active').map((m) => m.version)).toEqual([1]);
    const out = join(temporaryDirectory('scores'), 's.csv');
    const scored = await runHennep(['score', '--out', out], env);
    expect(scored.code, scored.stderr).toBe(0);
    const rows = readFileSync(out, 'utf8').trim().split('\n').slice(1);
    expect(rows).toHaveLength(3000);
    expect(new Set(rows.map((r) => r.split(',')[3]))).toEqual(new Set(['1']));
  });

  it('right after registering: one model is active, and a new one only with its promotion recorded', async () => {
    const run = await killWhen(['train', '--family', 'additive'], env, /registered model \d+/);
    expect(run.killed).toBe(true);
    const version = Number(/registered model (\d+)/.exec(run.stderr)![1]);
    const listed = await models();
    const active = listed.filter((m) => m.status === 'active');
    expect(active).toHaveLength(1);
    const candidate = listed.find((m) => m.version === version)!;
    // Either the kill came before the promotion's commit (the candidate waits, 1 stays
    // active) or after it (the candidate is active and model 1 retired): never in between.
    if (candidate.status === 'active') expect(listed.find((m) => m.version === 1)!.status).toBe('retired');
    else {
      expect(candidate.status).toBe('candidate');
      expect(active[0]!.version).toBe(1);
    }
    const card = await runHennep(['models', 'card', String(active[0]!.version), '--json'], env);
    expect(card.code, card.stderr).toBe(0);
    expect((await runHennep(['score'], env)).code).toBe(0);
  });
});
