import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimulationReport } from '../../simulate/index.ts';
import { runHennep, type CliResult } from '../support/cli.ts';
import { cliEnvironment } from '../support/database.ts';
import { temporaryDirectory } from '../support/tmp.ts';

/** A small `hennep simulate` as an operator runs it: two policies, two years, on databases of their own. */
describe('hennep simulate', () => {
  const out = temporaryDirectory('simulate');
  let test: Awaited<ReturnType<typeof cliEnvironment>> | undefined;
  let result: CliResult;
  let report: SimulationReport;

  beforeAll(async () => {
    test = await cliEnvironment('data');
    result = await runHennep(
      ['simulate', '--addresses', '2000', '--years', '2', '--capacity', '10', '--policies', 'random,model+sample', '--out', out],
      test.env,
    );
    report = JSON.parse(readFileSync(join(out, 'simulation.json'), 'utf8')) as SimulationReport;
  }, 180_000);
  afterAll(async () => {
    await test?.dispose().catch(() => undefined);
  });

  it('finishes and prints a row per policy and year with the findings', () => {
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('| run | year | list (model @ date) | active at year end |');
    for (const policy of ['random', 'model+sample']) {
      for (const year of [2025, 2026])
        expect(result.stdout).toMatch(new RegExp(`^\\| ${policy.replace('+', '\\+')} \\| ${year} \\| \\d+ @ ${year}-01-01 \\|`, 'm'));
      expect(result.stdout).toMatch(new RegExp(`^- ${policy.replace('+', '\\+')}, 2025–2026: \\d+ cultivations found in all`, 'm'));
    }
  });

  it('writes the JSON report with every figure per policy and year', () => {
    expect(report.runs.map((r) => r.policy)).toEqual(['random', 'model+sample']);
    for (const run of report.runs) {
      expect(run.years.map((y) => y.year)).toEqual([2025, 2026]);
      expect(run.jobs.map((j) => j.outcome)).toEqual(['succeeded', 'succeeded']);
      for (const y of run.years) {
        expect(y.extra.controls).toBe(10);
        expect(y.activeAtYearEnd).toBeLessThanOrEqual(y.cultivating);
        expect(y.found.total).toBeGreaterThanOrEqual(y.extra.finds > 0 ? 1 : 0);
        expect(Object.keys(y.found.byReason).sort()).toEqual(['other', 'police', 'random', 'risk_model', 'tip']);
        expect(y.extra.needless + y.extra.finds).toBeLessThanOrEqual(y.extra.controls);
        expect(y.extra.needlessGroupB).toBeLessThanOrEqual(y.extra.needless);
        expect(y.groupB.population).toBeGreaterThan(0.1);
        expect(y.groupB.population).toBeLessThan(0.6);
        expect(y.groupB.listTop).toBeGreaterThanOrEqual(0);
        expect(y.groupB.limitTop).toBeLessThanOrEqual(1);
        expect(y.model.expectedAp).toBeGreaterThan(0);
        expect(y.limit.expectedAp).toBeGreaterThan(0);
        expect(y.model.apLatent === null || (y.model.apLatent >= 0 && y.model.apLatent <= 1)).toBe(true);
        expect(y.livePrecision?.k).toBe(10);
        expect(y.livePrecision?.truth).toBeGreaterThanOrEqual(0);
      }
    }
    const [random, sampled] = report.runs;
    expect(random!.years.every((y) => y.extra.random === 10 && y.found.byReason.risk_model === 0)).toBe(true);
    // One of ten drawn at random, from the list's top ten: the estimate always has a sample.
    expect(sampled!.years.every((y) => y.extra.random === 1 && y.livePrecision!.sampleSize >= 1 && y.livePrecision!.low !== null)).toBe(
      true,
    );
    expect(report.summaries.map((s) => s.label)).toEqual(['random', 'model+sample']);
  });

  it('writes the chart as a plain SVG with a line per policy', () => {
    const svg = readFileSync(join(out, 'simulation.svg'), 'utf8');
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).toContain('>model+sample</text>');
    expect(svg.match(/<polyline /g)?.length).toBe(3 * 2 + 1);
    expect(readFileSync(join(out, 'simulation.md'), 'utf8')).toContain('| random | 2025 |');
  });

  it('refuses an unknown policy with the usage', async () => {
    const refused = await runHennep(['simulate', '--policies', 'model,clairvoyant'], test!.env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      "--policies takes a comma-separated list of status-quo, random, model, model+sample, limit; not 'model,clairvoyant'",
    );
  });
});
