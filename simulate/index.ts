import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { reportChart } from './chart.ts';
import { runKeys, simulateOptionsSchema, type SimulateOptions } from './options.ts';
import { findings, formatReport, summarise, type SimulationReport } from './report.ts';
import { runPolicy, type PolicyRun, type RunHooks } from './run.ts';

export { LABEL_WEIGHTINGS, POLICIES, type LabelWeighting, type Policy, type SimulateOptions } from './options.ts';
export { formatReport, type RunSummary, type SimulationReport } from './report.ts';
export type { YearFigures } from './figures.ts';
export type { JobSummary, PolicyRun, RunHooks } from './run.ts';
export { reportChart } from './chart.ts';

/**
 * The whole comparison: every policy (under every label weighting) on a city and a
 * database of its own, one after the other, from the same seed's history.
 * `environment` is the configuration the product would run with (DATABASE_URL, the
 * training settings); the simulation sets the inbox, the list size (= capacity) and
 * HENNEP_LABEL_WEIGHTING per run.
 */
export async function runSimulation(
  input: SimulateOptions,
  environment: NodeJS.ProcessEnv,
  hooks: RunHooks & { notice?(message: string): void } = {},
): Promise<SimulationReport> {
  const started = performance.now();
  const options = simulateOptionsSchema.parse(input);
  const runs: PolicyRun[] = [];
  for (const key of runKeys(options)) runs.push(await runPolicy(options, key, environment, hooks));
  const summaries = runs.map((run) => summarise(run, options));
  return { settings: options, runs, summaries, findings: findings(summaries, options), seconds: (performance.now() - started) / 1000 };
}

/** Writes simulation.json, simulation.svg and simulation.md into `dir`; returns their paths. */
export async function writeReport(report: SimulationReport, dir: string): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const files: Array<[string, string]> = [
    ['simulation.json', `${JSON.stringify(report, null, 2)}\n`],
    ['simulation.svg', reportChart(report)],
    ['simulation.md', formatReport(report)],
  ];
  for (const [name, text] of files) await writeFile(join(dir, name), text);
  return files.map(([name]) => join(dir, name));
}
