import {
  formatReport,
  LABEL_WEIGHTINGS,
  POLICIES,
  runSimulation,
  writeReport,
  type JobSummary,
  type YearFigures,
} from '../../simulate/index.ts';
import { integerOption, parseOptions, UsageError } from '../args.ts';
import type { Command } from './command.ts';

export const simulateCommand: Command = {
  usage: [
    'usage: hennep simulate [--addresses N] [--seed S] [--from Y] [--years N] [--capacity K]',
    '         [--policies status-quo,random,model,model+sample,limit] [--sample-share 0.1]',
    '         [--label-weighting none,exclude-model,ipw] [--start-year Y] [--out DIR] [--json] [--verbose]',
    '',
    'Runs a synthetic city year by year under each policy, on a database of its own (embedded',
    'in memory, or a fresh database on DATABASE_URL), all from the same history (--start-year',
    'to --from − 1). Each year the retrain job of hennep serve runs (inbox → ingest → drift →',
    'train → score), then the policy sends K controls on top of current practice:',
    '  status-quo     none',
    '  random         K addresses drawn uniformly (reason random, probability K/N)',
    '  model          the top K of the active risk list (reason risk_model)',
    "  model+sample   a share of K drawn at random (half from the list's top K, half from the",
    '                 rest, each with its probability), the rest from the top of the list',
    '  limit          the top K by the exact p_bayes: the best any model could do',
    'and the city draws their outcomes. Prints per run and year the cultivations running at',
    'year end, finds by reason, needless extra controls and who they hit (group b), the',
    "model's expected AP against p_bayes and its AP against the latent state, and the",
    "random-sample estimate of the list's precision beside the true value.",
    '  --addresses N        dwellings (default 20000)',
    '  --seed S             the city (default 1)',
    '  --from Y             first year with extra controls (default 2025)',
    '  --years N            years with extra controls (default 5)',
    '  --capacity K         extra controls a year (default 50)',
    '  --policies LIST      comma-separated (default all five)',
    '  --sample-share F     share of K drawn at random by model+sample (default 0.1)',
    '  --label-weighting L  comma-separated values of HENNEP_LABEL_WEIGHTING; each policy runs',
    '                       under each (default none)',
    '  --start-year Y       first year of history (default --from − 9)',
    '  --out DIR            writes simulation.json, simulation.svg and simulation.md',
    '  --json               prints the JSON report instead of the table',
    "  --verbose            the job's log lines on stderr",
  ].join('\n'),
  async run(args) {
    const options = parseOptions(args, {
      addresses: { type: 'string' },
      seed: { type: 'string' },
      from: { type: 'string' },
      years: { type: 'string' },
      capacity: { type: 'string' },
      policies: { type: 'string' },
      'sample-share': { type: 'string' },
      'label-weighting': { type: 'string' },
      'start-year': { type: 'string' },
      out: { type: 'string' },
      json: { type: 'boolean', default: false },
      verbose: { type: 'boolean', default: false },
    });
    const addresses = integerOption(options.addresses, 'addresses', 20_000, 100, 5_000_000);
    const from = integerOption(options.from, 'from', 2025, 2004, 2100);
    const settings = {
      addresses,
      seed: integerOption(options.seed, 'seed', 1, 0, 2 ** 31 - 1),
      from,
      startYear: integerOption(options['start-year'], 'start-year', from - 9, 2000, from - 4),
      years: integerOption(options.years, 'years', 5, 1, 30),
      capacity: integerOption(options.capacity, 'capacity', 50, 1, Math.floor(addresses / 2)),
      policies: listOption(options.policies, 'policies', POLICIES, [...POLICIES]),
      sampleShare: shareOption(options['sample-share']),
      labelWeightings: listOption(options['label-weighting'], 'label-weighting', LABEL_WEIGHTINGS, ['none']),
    };
    const tty = process.stderr.isTTY;
    const report = await runSimulation(settings, process.env, {
      onYear: (key, figures, job, seconds) => {
        if (tty || options.verbose)
          process.stderr.write(
            `${progressLine(`${key.policy}${settings.labelWeightings.length > 1 ? ` (${key.labelWeighting})` : ''}`, figures, job, seconds)}\n`,
          );
      },
      log: options.verbose ? (message) => process.stderr.write(`  ${message}\n`) : undefined,
      notice: (message) => process.stderr.write(`hennep simulate: ${message}\n`),
    });
    process.stdout.write(options.json ? `${JSON.stringify(report)}\n` : formatReport(report));
    if (options.out) {
      const files = await writeReport(report, options.out);
      process.stderr.write(`wrote ${files.join(', ')}\n`);
    }
    return 0;
  },
};

function listOption<T extends string>(value: string | undefined, option: string, allowed: readonly T[], fallback: T[]): T[] {
  if (value === undefined) return fallback;
  const items = value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
  const unknown = items.filter((item) => !(allowed as readonly string[]).includes(item));
  if (items.length === 0 || unknown.length)
    throw new UsageError(`--${option} takes a comma-separated list of ${allowed.join(', ')}; not '${value}'`);
  return items as T[];
}

function shareOption(value: string | undefined): number {
  if (value === undefined) return 0.1;
  const share = Number(value);
  if (!(share >= 0 && share <= 1) || value.trim() === '')
    throw new UsageError(`--sample-share must be a number from 0 to 1, not '${value}'`);
  return share;
}

function progressLine(run: string, y: YearFigures, job: JobSummary, seconds: number): string {
  const trained = job.modelVersion === null ? 'model kept' : `model ${job.modelVersion} ${job.promoted ? 'promoted' : 'refused'}`;
  const model = job.outcome === 'succeeded' ? trained : `job ${job.outcome}${job.note ? `: ${job.note}` : ''}`;
  const ap = y.model.expectedAp === null ? '' : `, expected AP ${y.model.expectedAp.toFixed(3)}`;
  const found = `${y.extra.controls} extra controls, ${y.extra.finds} finds; ${y.found.total} found in all, ${y.activeAtYearEnd} running at year end`;
  return `simulate ${run} ${y.year}: ${model}; ${found}${ap} (${seconds.toFixed(0)} s)`;
}
