import { generateMunicipality } from '../../synthetic/index.ts';
import { integerOption, parseOptions, requireString } from '../args.ts';
import { progressBar } from '../progress.ts';
import type { Command } from './command.ts';

export const generateCommand: Command = {
  usage: [
    'usage: hennep generate --out DIR [--addresses N] [--seed S] [--start-year Y] [--end-year Y]',
    '',
    'Writes the six contract files and truth.csv (latent state, p_bayes, protected group).',
    '  --addresses N    dwellings (default 20000)',
    '  --seed S         random seed; one seed always gives the same files (default 1)',
    '  --start-year Y   first year of history (default 2016)',
    '  --end-year Y     last year of history (default 2024)',
  ].join('\n'),
  async run(args) {
    const options = parseOptions(args, {
      out: { type: 'string' },
      addresses: { type: 'string' },
      seed: { type: 'string' },
      'start-year': { type: 'string' },
      'end-year': { type: 'string' },
    });
    const outDir = requireString(options.out, 'out');
    const startYear = integerOption(options['start-year'], 'start-year', 2016, 2000, 2100);
    const endYear = integerOption(options['end-year'], 'end-year', 2024, startYear, 2100);
    const bar = progressBar('generate');
    const summary = await generateMunicipality(
      {
        outDir,
        addresses: integerOption(options.addresses, 'addresses', 20_000, 1, 5_000_000),
        seed: integerOption(options.seed, 'seed', 1, 0, 2 ** 31 - 1),
        startYear,
        endYear,
      },
      (done, total) => bar.update(done, total),
    );
    bar.done();
    process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    return 0;
  },
};
