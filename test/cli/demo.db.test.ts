import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runHennep } from '../support/cli.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { temporaryDirectory } from '../support/tmp.ts';

/** The quick start's main job, small: generate, ingest, train, promote, score. */
describe('hennep demo', () => {
  let test: TestDatabase | undefined;
  afterAll(async () => {
    await test?.dispose().catch(() => undefined);
  });

  it('leaves an active model and a scored risk list, and says what to run next', async () => {
    const dataDir = temporaryDirectory('demo');
    const env: Record<string, string | undefined> = { HENNEP_DATA_DIR: dataDir };
    if (process.env.DATABASE_URL) {
      test = await createTestDatabase();
      await test.db.close();
      env.DATABASE_URL = test.url;
    }
    const demo = await runHennep(['demo', '--addresses', '3000', '--seed', '2'], env);
    expect(demo.code, demo.stderr).toBe(0);
    expect(existsSync(join(dataDir, 'demo-city', 'truth.csv'))).toBe(true);
    expect(demo.stdout).toMatch(/Model 1 \((logistic|additive|mlp)\) promoted/);
    expect(demo.stdout).toContain('Risk list 1: 3,000 addresses scored');
    expect(demo.stdout).toContain('hennep models card 1');
    const models = await runHennep(['models', '--json'], env);
    expect((JSON.parse(models.stdout) as Array<{ status: string }>).map((m) => m.status)).toEqual(['active']);
  });
});
