import { exportRiskList, scoreAddresses } from '../../training/index.ts';
import { parseOptions } from '../args.ts';
import { withDatabase } from '../context.ts';
import type { Command } from './command.ts';

export const scoreCommand: Command = {
  usage: [
    'usage: hennep score [--as-of YYYY-01-01] [--out FILE.csv]',
    '',
    'Scores every address with the active model (default reference date: the 1 January',
    'after the newest year with complete labels), stores the risk list with each',
    "address's score, calibrated probability, rank, feature values and three reasons (an",
    "mlp's per-feature contributions too; the others' are computed from the values when",
    'read), and optionally writes address_id,score,rank,model_version (score = the logit).',
  ].join('\n'),
  async run(args) {
    const options = parseOptions(args, { 'as-of': { type: 'string' }, out: { type: 'string' } });
    return withDatabase(async (db) => {
      const result = await scoreAddresses(db.pool, { asOf: options['as-of'], onProgress: (m) => process.stderr.write(`${m}\n`) });
      const list = `Risk list ${result.listId}: ${result.addresses.toLocaleString('en')} addresses as of ${result.referenceDate} by model ${result.version}`;
      process.stdout.write(
        `${list} (${result.seconds.toFixed(1)} s); explanation completeness error ≤ ${result.completenessError.max.toExponential(1)}\n`,
      );
      if (options.out) {
        const written = await exportRiskList(db.pool, result.listId, options.out);
        process.stdout.write(`${options.out}: ${written} rows\n`);
      }
      return 0;
    });
  },
};
