import { join } from 'node:path';
import { formatReport, importDirectory } from '../../ingest/index.ts';
import { generateMunicipality } from '../../synthetic/index.ts';
import { formatEvaluation } from '../../training/evaluate.ts';
import { scoreAddresses } from '../../training/scoring.ts';
import { trainSettings } from '../../training/settings.ts';
import { trainModel } from '../../training/train.ts';
import { integerOption, parseOptions } from '../args.ts';
import { withDatabase } from '../context.ts';
import { progressBar } from '../progress.ts';
import type { Command } from './index.ts';

export const demoCommand: Command = {
  usage: [
    'usage: hennep demo [--addresses N] [--seed S]',
    '',
    'Generates a synthetic municipality under the data directory, ingests it, trains and',
    'promotes a model (if the gate allows) and scores every address.',
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
      if (report.status !== 'loaded') return 1;
      process.stdout.write('\nTraining (logistic, additive and MLP; the additive model wins when within tolerance) …\n');
      const outcome = await trainModel(db.pool, trainSettings(config, { onProgress: (m) => process.stdout.write(`  ${m}\n`) }));
      const rows = outcome.candidates.map((c) => ({ name: c.family, evaluation: c.test, note: c.family === outcome.family ? '← chosen' : '' }));
      process.stdout.write(`\nTest year ${outcome.plan.test}, never used for fitting or choosing:\n${formatEvaluation(rows)}\n`);
      process.stdout.write(`Model ${outcome.version} (${outcome.family}) ${outcome.promoted ? 'promoted' : `refused by the gate: ${outcome.reasons.join('; ')}`}\n`);
      const list = await scoreAddresses(db.pool, {});
      process.stdout.write(`Risk list ${list.listId}: ${list.addresses.toLocaleString('en')} addresses scored as of ${list.referenceDate} by model ${list.version}.\n`);
      process.stdout.write([
        '',
        'Next:',
        `  npx hennep models card ${outcome.version}`.padEnd(53) + 'the model card (Algoritmeregister fields, metrics, fairness, drift)',
        '  npx hennep score --out scores.csv                    export address_id,score,rank,model_version',
        `  npx hennep evaluate --truth ${outDir}/truth.csv --year ${outcome.plan.test}   compare with the exact limit p_bayes`,
        '  npx hennep features --catalogue                      the features and why each is used',
        '  npx hennep serve                                     the service with its retrain schedule',
        `  ${outDir}/truth.csv holds the synthetic ground truth (never ingested).`,
        '',
      ].join('\n'));
      return 0;
    });
  },
};
