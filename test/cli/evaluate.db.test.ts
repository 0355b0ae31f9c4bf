import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateMunicipality } from '../../synthetic/index.ts';
import { runHennep } from '../support/cli.ts';
import { cliEnvironment } from '../support/database.ts';
import { temporaryDirectory } from '../support/tmp.ts';

/**
 * `hennep evaluate` and `hennep fairness` on a generated city of 5,000 addresses with an
 * additive model trained on it, as an operator runs them.
 */
describe('hennep evaluate and hennep fairness on a synthetic city', () => {
  const city = temporaryDirectory('city');
  const work = temporaryDirectory('evaluate');
  const truthFile = join(city, 'truth.csv');
  let env: Record<string, string | undefined>;
  let test: Awaited<ReturnType<typeof cliEnvironment>> | undefined;
  let testYear: number;

  beforeAll(async () => {
    test = await cliEnvironment('data');
    env = test.env;
    await generateMunicipality({ outDir: city, addresses: 5000, seed: 7, startYear: 2016, endYear: 2024 });
    const ingested = await runHennep(['ingest', '--dir', city], env);
    expect(ingested.code, ingested.stderr).toBe(0);
    const trained = await runHennep(['train', '--family', 'additive', '--json'], env);
    expect(trained.code, trained.stderr).toBe(0);
    testYear = (JSON.parse(trained.stdout) as { plan: { test: number } }).plan.test;
  }, 180_000);
  afterAll(async () => {
    await test?.dispose().catch(() => undefined);
  });

  /** The truth file's lines of one year, without the header. */
  const truthLines = (year: number) =>
    readFileSync(truthFile, 'utf8')
      .split('\n')
      .filter((line) => line.split(',')[1] === String(year));

  it('prints the model against p_bayes and the ratio of their average precisions', async () => {
    const result = await runHennep(['evaluate', '--truth', truthFile, '--year', String(testYear)], env);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(`Synthetic truth of ${testYear} (the model's held-out test year): 5,000 addresses`);
    expect(result.stdout).toMatch(/^p_bayes \(the limit\)\s+0\.\d{4}\s/m);
    expect(result.stdout).toMatch(/^Model AP \/ p_bayes AP: \d+\.\d{3}$/m);
    expect(result.stdout).toMatch(/^Spearman rank correlation of the model's probability with p_bayes: -?\d\.\d{3}$/m);
  });

  it('prints one JSON object whose ratio is the model AP over the p_bayes AP', async () => {
    const result = await runHennep(['evaluate', '--truth', truthFile, '--year', String(testYear), '--json'], env);
    expect(result.code, result.stderr).toBe(0);
    const c = JSON.parse(result.stdout) as {
      version: number;
      yearRole: string;
      addresses: number;
      positives: number;
      model: { averagePrecision: number };
      bayes: { averagePrecision: number };
      averagePrecisionRatio: number;
      spearman: number;
    };
    expect(c).toMatchObject({ version: 1, yearRole: 'test', addresses: 5000 });
    expect(c.positives).toBeGreaterThan(0);
    expect(c.bayes.averagePrecision).toBeGreaterThan(0);
    expect(c.averagePrecisionRatio).toBeCloseTo(c.model.averagePrecision / c.bayes.averagePrecision, 12);
    // The model learns from the same signals p_bayes is computed from: its ranking must agree with it.
    expect(c.spearman).toBeGreaterThan(0.3);
  });

  it('refuses a truth file that lacks addresses of the database, naming how many and the first', async () => {
    const [first, ...rest] = truthLines(testYear);
    const partial = join(work, 'partial-truth.csv');
    writeFileSync(partial, ['address_id,year,cultivating,p_bayes,group', ...rest, ''].join('\n'));
    const result = await runHennep(['evaluate', '--truth', partial, '--year', String(testYear)], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `${partial}: 1 of the 5000 scored addresses has no truth row for ${testYear} (first: ${first!.split(',')[0]})`,
    );
  });

  it('refuses a malformed truth line before opening the database, naming the file and the line', async () => {
    const broken = join(work, 'broken-truth.csv');
    writeFileSync(
      broken,
      ['address_id,year,cultivating,p_bayes,group', '0034010000000001,2024,false,0.1,a', '0034010000000002,2024,maybe,0.1,a', ''].join(
        '\n',
      ),
    );
    const result = await runHennep(['evaluate', '--truth', broken, '--year', String(testYear)], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${broken} line 3, column cultivating: "maybe" is not true or false`);
  });

  it('refuses a year whose labels are not complete', async () => {
    const future = join(work, 'future-truth.csv');
    const relabelled = truthLines(testYear).map((line) => line.replace(`,${testYear},`, ',2025,'));
    writeFileSync(future, ['address_id,year,cultivating,p_bayes,group', ...relabelled, ''].join('\n'));
    const result = await runHennep(['evaluate', '--truth', future, '--year', '2025'], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('the labels of 2025 are not complete');
  });

  it('audits both groups of the attributes file and exits 0 or 3 as the printed ratio lies within the bounds or not', async () => {
    const attributes = join(work, 'groups.csv');
    writeFileSync(
      attributes,
      ['address_id,group', ...truthLines(testYear).map((line) => `${line.split(',')[0]},${line.split(',')[4]}`), ''].join('\n'),
    );
    const result = await runHennep(['fairness', '--attributes', attributes], env);
    expect(result.stdout).toContain(`Fairness audit of model 1 (additive) on ${testYear}: the top 100 of 5,000 addresses`);
    const table = result.stdout.split('Attribute group (reference * = ')[1]!;
    const reference = table[0]!;
    expect(['a', 'b']).toContain(reference);
    const other = reference === 'a' ? 'b' : 'a';
    expect(table).toMatch(new RegExp(`^${reference} \\*\\s+\\d+`, 'm'));
    const row = table.split('\n').find((line) => line.startsWith(`${other} `));
    expect(row, result.stdout).toBeDefined();
    const ratio = Number(row!.trim().split(/\s+/).at(-1));
    const withinBounds = Number.isFinite(ratio) && ratio >= 0.8 && ratio <= 1.25;
    expect(result.code, result.stdout + result.stderr).toBe(withinBounds ? 0 : 3);
    expect(result.stdout).toContain(withinBounds ? 'Fairness gate: passed' : 'Fairness gate: FAILED');
    for (const attribute of ['district', 'ownership', 'dwelling_type'])
      expect(result.stdout).toContain(`Attribute ${attribute} (reference * = `);
  });

  it('names an attributes file that does not exist', async () => {
    const missing = join(work, 'no-such-groups.csv');
    const result = await runHennep(['fairness', '--attributes', missing], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`cannot read the attributes file ${missing}: there is no such file`);
  });
});
