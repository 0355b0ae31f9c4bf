import { LANGUAGES, type Lang } from '../../config/index.ts';
import { buildFeatures, formatCatalogue, writeFeaturesCsv } from '../../features/index.ts';
import { parseOptions, requireString, UsageError } from '../args.ts';
import { withDatabase } from '../context.ts';
import type { Command } from './command.ts';

export const featuresCommand: Command = {
  usage: [
    'usage: hennep features --as-of YYYY-01-01 --out FILE.csv',
    `       hennep features --catalogue [--detail] [--lang ${LANGUAGES.join('|')}]`,
    '',
    'Writes address_id,label,<features> for every address as of a reference date (label',
    "empty while that year's labels are not complete), or prints the feature catalogue.",
  ].join('\n'),
  async run(args) {
    const options = parseOptions(args, {
      'as-of': { type: 'string' },
      out: { type: 'string' },
      catalogue: { type: 'boolean', default: false },
      detail: { type: 'boolean', default: false },
      lang: { type: 'string', default: 'en' },
    });
    if (options.catalogue) {
      const lang = options.lang as Lang;
      if (!LANGUAGES.includes(lang)) throw new UsageError(`--lang is ${LANGUAGES.join(' or ')}, not '${options.lang}'`);
      process.stdout.write(formatCatalogue(lang, options.detail));
      return 0;
    }
    const asOf = requireString(options['as-of'], 'as-of');
    const out = requireString(options.out, 'out');
    return withDatabase(async (db) => {
      const started = performance.now();
      const matrix = await buildFeatures(db.pool, asOf);
      await writeFeaturesCsv(matrix, out);
      const positives = matrix.labels.filter((l) => l === 1).length;
      const labels = matrix.labelsComplete ? `${positives} positive labels` : 'labels not complete yet (column left empty)';
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      process.stderr.write(
        `${out}: ${matrix.addressIds.length} addresses × ${matrix.names.length} features as of ${asOf}, ${labels} (${seconds} s)\n`,
      );
      return 0;
    });
  },
};
