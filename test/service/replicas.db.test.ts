import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO, runHennep } from '../support/cli.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { temporaryDirectory } from '../support/tmp.ts';

/**
 * Two service processes on one PostgreSQL database, each with the retrain schedule:
 * every tick must be recorded exactly once. The schedule here fires every 10 seconds
 * (a six-field cron expression) rather than every minute, to see several ticks in a
 * test; the mechanism — both timers fire, one INSERT of (job, tick) wins — is the same.
 * The embedded database serves one process only, so this needs DATABASE_URL.
 */
const TICK_SECONDS = 10;

describe.skipIf(!process.env.DATABASE_URL)('two service replicas with a retrain schedule', () => {
  let test: TestDatabase;
  const logs: string[] = ['', ''];
  const replicas: ChildProcess[] = [];

  beforeAll(async () => {
    test = await createTestDatabase();
    const city = temporaryDirectory('city');
    expect(
      (await runHennep(['generate', '--addresses', '2000', '--seed', '7', '--start-year', '2018', '--end-year', '2024', '--out', city], {}))
        .code,
    ).toBe(0);
    expect((await runHennep(['ingest', '--dir', city], { DATABASE_URL: test.url })).code).toBe(0);
  });
  afterAll(async () => {
    for (const child of replicas) child.kill('SIGKILL');
    await test?.dispose().catch(() => undefined);
  });

  it('records one run per tick, whichever replica ran it', async () => {
    const env = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      DATABASE_URL: test.url,
      HENNEP_DATA_DIR: temporaryDirectory('replicas'),
      HENNEP_PORT: '0',
      HENNEP_RETRAIN_CRON: `*/${TICK_SECONDS} * * * * *`,
      HENNEP_TRAIN_YEARS: '2',
    };
    for (let i = 0; i < 2; i++) {
      const child = spawn(process.execPath, [join(REPO, 'bin', 'hennep.js'), 'serve'], { cwd: REPO, env });
      // JSON log lines (pino) on stdout.
      child.stdout!.on('data', (d: Buffer) => (logs[i] += d.toString()));
      replicas.push(child);
    }
    // The ticks are counted from when both replicas listen: starting takes seconds on a busy machine.
    const listening = (i: number) => logs[i]!.includes('"msg":"listening on');
    for (let waited = 0; !(listening(0) && listening(1)); waited += 200) {
      if (waited > 60_000) throw new Error(`the replicas did not start within a minute:\n${logs.join('\n')}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    await new Promise((resolve) => setTimeout(resolve, (3.5 * TICK_SECONDS + 2) * 1000));
    await Promise.all(
      replicas.map(
        (child) =>
          new Promise<void>((resolve) => {
            child.once('close', () => resolve());
            child.kill('SIGTERM');
          }),
      ),
    );
    const { rows } = await test.db.pool.query<{ tick: string; runs: number; outcomes: string[] }>(
      // Grouped by the tick's window, not the stored timestamp: two rows for one tick must show even if their times differed.
      `SELECT min(scheduled_for)::text AS tick, count(*)::int AS runs, array_agg(outcome) AS outcomes FROM job_runs
       WHERE job = 'retrain' GROUP BY floor(extract(epoch FROM scheduled_for) / $1) ORDER BY 1`,
      [TICK_SECONDS],
    );
    expect(rows.length, logs.join('\n')).toBeGreaterThanOrEqual(3);
    for (const row of rows) expect(row.runs, `tick ${row.tick}`).toBe(1);
    expect(rows.flatMap((r) => r.outcomes)).toContain('succeeded');
    // Both replicas' timers fired on the ticks: each either ran one or saw it claimed.
    for (const log of logs) expect(log).toMatch(/claimed by another replica|retrain run \d+ for/);
    expect(logs.join('\n')).toMatch(/claimed by another replica/);
  });
});
