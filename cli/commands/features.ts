import { LANGUAGES, type Lang } from '../../config/index.ts';
import {
  assertReferenceDate,
  FEATURE_NAMES,
  FeaturesCsv,
  forEachFeatureBatch,
  formatCatalogue,
  labelsComplete,
} from '../../features/index.ts';
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
      // Written batch by batch: the year is never held whole.
      assertReferenceDate(asOf);
      const csv = await FeaturesCsv.open(out, FEATURE_NAMES);
      let addresses = 0;
      let positives = 0;
      let complete: boolean | undefined;
      try {
        await forEachFeatureBatch(db.pool, asOf, async (batch) => {
          complete = batch.labelsComplete;
          addresses += batch.addressIds.length;
          positives += batch.labels.filter((l) => l === 1).length;
          await csv.add(batch);
        });
        await csv.close();
      } catch (error) {
        await csv.discard();
        throw error;
      }
      // Without an address there was no batch to say it.
      complete ??= await labelsComplete(db.pool, asOf);
      const labels = complete ? `${positives} positive labels` : 'labels not complete yet (column left empty)';
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      process.stderr.write(`${out}: ${addresses} addresses × ${FEATURE_NAMES.length} features as of ${asOf}, ${labels} (${seconds} s)\n`);
      return 0;
    });
  },
};
