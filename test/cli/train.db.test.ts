import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runHennep, type CliResult } from '../support/cli.ts';
import { cliEnvironment } from '../support/database.ts';
import { temporaryDirectory } from '../support/tmp.ts';

/**
 * `hennep train`, `models` and `score` as an operator runs them, each a process of its
 * own against one generated city (a data directory of its own when embedded, a fresh
 * database on the server in CI's PostgreSQL run). The model the tests list, print and
 * score is trained before them, so that each of them can run alone.
 */
const ADDRESSES = 5000;
const END_YEAR = 2024;
const SLOW = 120_000;

interface Card {
  algoritmeregister: { name: string };
  model: { version: number; status: string; training: { plan: { test: number } } };
}

describe('hennep train, models and score', () => {
  const city = temporaryDirectory('train-city');
  let env: Record<string, string | undefined>;
  let test: Awaited<ReturnType<typeof cliEnvironment>> | undefined;
  let trained: CliResult;

  beforeAll(async () => {
    test = await cliEnvironment('data');
    env = test.env;
    const generated = await runHennep(
      ['generate', '--addresses', String(ADDRESSES), '--seed', '7', '--start-year', '2018', '--end-year', String(END_YEAR), '--out', city],
      {},
    );
    expect(generated.code, generated.stderr).toBe(0);
    const ingested = await runHennep(['ingest', '--dir', city], env);
    expect(ingested.code, ingested.stderr).toBe(0);
  }, SLOW);
  beforeAll(async () => {
    trained = await runHennep(['train', '--family', 'additive'], env);
  }, SLOW);
  afterAll(async () => {
    await test?.dispose();
  });

  it('trains an additive model and promotes it as the first active model', () => {
    expect(trained.code, trained.stderr).toBe(0);
    expect(trained.stdout).toContain('Model 1 (additive');
    expect(trained.stdout).toContain('PROMOTED');
    expect(trained.stdout).toContain(`No control of ${END_YEAR} is recorded with reason risk_model`);
  });

  it('refuses a city above HENNEP_TRAIN_MAX_ADDRESSES with exit 2 before building any year, and registers nothing', async () => {
    const before = await runHennep(['models', '--json'], env);
    const refused = await runHennep(['train', '--family', 'additive'], { ...env, HENNEP_TRAIN_MAX_ADDRESSES: String(ADDRESSES - 1) });
    expect(refused.code, refused.stderr).toBe(2);
    expect(refused.stderr).toContain(`the database holds ${ADDRESSES.toLocaleString('en')} addresses, more than the 4,999`);
    expect(refused.stderr).toContain('HENNEP_TRAIN_MAX_ADDRESSES');
    expect(refused.stderr).toContain('Nothing was trained');
    expect(refused.stderr).not.toContain('features as of');
    expect((await runHennep(['models', '--json'], env)).stdout).toBe(before.stdout);
  });

  it('lists version 1 as the active model', async () => {
    const listed = await runHennep(['models'], env);
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toMatch(new RegExp(`^1\\s+active\\s+additive\\s+${END_YEAR}\\s`, 'm'));
    const json = await runHennep(['models', '--json'], env);
    expect(JSON.parse(json.stdout)).toEqual([
      expect.objectContaining({ version: 1, status: 'active', family: 'additive', testYear: END_YEAR }),
    ]);
  });

  it('prints the model card as JSON with the Algoritmeregister fields', async () => {
    const printed = await runHennep(['models', 'card', '1', '--json'], env);
    expect(printed.code, printed.stderr).toBe(0);
    const card = JSON.parse(printed.stdout) as Card;
    expect(card.algoritmeregister.name).toBe('hennep-risk model 1');
    expect(card.model).toMatchObject({ version: 1, status: 'active', training: { plan: { test: END_YEAR } } });
  });

  it(
    'scores every address and writes one CSV row per address',
    async () => {
      const out = join(temporaryDirectory('train-scores'), 's.csv');
      const scored = await runHennep(['score', '--out', out], env);
      expect(scored.code, scored.stderr).toBe(0);
      expect(scored.stdout).toContain(`${out}: ${ADDRESSES} rows`);
      const [header, ...rows] = readFileSync(out, 'utf8').trimEnd().split('\n');
      expect(header).toBe('address_id,score,rank,model_version');
      expect(rows).toHaveLength(ADDRESSES);
      expect(new Set(rows.map((r) => r.split(',')[0])).size).toBe(ADDRESSES);
      expect(new Set(rows.map((r) => r.split(',')[3]))).toEqual(new Set(['1']));
    },
    SLOW,
  );

  it('refuses to activate the model that is already active, naming the rule', async () => {
    const activated = await runHennep(
      ['models', 'activate', '1', '--justification', 'the analysts asked for the previous version back'],
      env,
    );
    expect(activated.code).not.toBe(0);
    expect(activated.stderr).toContain('model 1 is already active');
    const unknown = await runHennep(['models', 'retire', '1'], env);
    expect(unknown.stderr).toContain("unknown models subcommand 'retire'");
    const noVersion = await runHennep(['models', 'card'], env);
    expect(noVersion.stderr).toContain('hennep models card needs a model version');
  });

  it('rejects an unknown family with a usage error naming the allowed families', async () => {
    const trained = await runHennep(['train', '--family', 'nope'], env);
    expect(trained.code).toBe(1);
    expect(trained.stderr).toContain("--family is auto, logistic, additive, mlp; not 'nope'");
    expect(trained.stderr).toContain('usage: hennep train');
  });

  it(
    'refuses a test year without complete labels, naming the newest complete year',
    async () => {
      const trained = await runHennep(['train', '--test-year', '2090'], env);
      expect(trained.code).toBe(1);
      expect(trained.stderr).toContain('the labels of 2090 are not complete');
      expect(trained.stderr).toContain(`the latest year with complete labels is ${END_YEAR}`);
      const listed = await runHennep(['models', '--json'], env);
      expect(JSON.parse(listed.stdout)).toHaveLength(1);
    },
    SLOW,
  );
});
