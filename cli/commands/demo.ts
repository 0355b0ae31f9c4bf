import { join } from 'node:path';
import { formatReport, importDirectory } from '../../ingest/index.ts';
import { generateMunicipality } from '../../synthetic/index.ts';
import { integerOption, parseOptions } from '../args.ts';
import { withDatabase } from '../context.ts';
import { progressBar } from '../progress.ts';
import type { Command } from './index.ts';

export const demoCommand: Command = {
  usage: [
    'usage: hennep demo [--addresses N] [--seed S]',
    '',
    'Generates a synthetic municipality under the data directory and ingests it.',
    '  --addresses N   dwellings (default 20000)',
    '  --seed S        random seed (default 1)',
  ].join('\n'),
  async run(args) {
    const options = parseOptions(args, { addresses: { type: 'string' }, seed: { type: 'string' } });
    return withDatabase(async (db, config) => {
      const outDir = join(config.dataDir, 'demo-city');
      const addresses = integerOption(options.addresses, 'addresses', 20_000, 100, 1_000_000);
      const seed = integerOption(options.seed, 'seed', 1, 0, 2 ** 31 - 1);
      process.stdout.write(`Database: ${db.kind} (${db.location})\n`);
      process.stdout.write(`Generating a synthetic municipality of ${addresses} dwellings, 2016–2024, in ${outDir} …\n`);
      const bar = progressBar('generate');
      await generateMunicipality({ outDir, addresses, seed, startYear: 2016, endYear: 2024 }, (d, t) => bar.update(d, t));
      bar.done();
      const ingestBar = progressBar('ingest');
      const report = await importDirectory(db.pool, outDir, { onProgress: (d, t) => ingestBar.update(d, t) });
      ingestBar.done();
      process.stdout.write(`${formatReport(report)}\n`);
      process.stdout.write([
        '',
        'Next:',
        '  npx hennep features --catalogue                                  the 48 features and why each is used',
        '  npx hennep features --as-of 2023-01-01 --out features-2023.csv   features and labels per address',
        `  ${outDir}/truth.csv holds the synthetic ground truth (never ingested).`,
        '',
      ].join('\n'));
      return report.status === 'loaded' ? 0 : 1;
    });
  },
};
