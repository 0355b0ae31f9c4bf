import { FAMILIES, type Family } from '../../models/index.ts';
import { formatEvaluation, selfSelectionSentence } from '../../training/index.ts';
import { readAuditAttributes } from '../../training/index.ts';
import { trainSettings } from '../../training/index.ts';
import { labelWeightingSentence } from '../../training/index.ts';
import { randomSampleSentence } from '../../training/index.ts';
import { trainModel, TrainingSizeError } from '../../training/index.ts';
import { integerOption, parseOptions, UsageError } from '../args.ts';
import { withDatabase } from '../context.ts';
import type { Command } from './command.ts';

export const trainCommand: Command = {
  usage: [
    'usage: hennep train [--family auto|logistic|additive|mlp] [--test-year Y] [--attributes FILE.csv] [--json]',
    '',
    'Trains on the years before the validation year, stops early and calibrates on the',
    'validation year (test − 1), tests on the test year (default: the newest year with',
    'complete labels), audits fairness, registers the model and promotes it when the gate',
    'allows. --attributes FILE.csv (address_id,group) adds an audit of those groups; the',
    'file is read for this run only and never stored. A city above HENNEP_TRAIN_MAX_ADDRESSES',
    'is refused (exit 2) before any year is built.',
  ].join('\n'),
  async run(args) {
    const options = parseOptions(args, {
      family: { type: 'string', default: 'auto' },
      'test-year': { type: 'string' },
      attributes: { type: 'string' },
      json: { type: 'boolean', default: false },
    });
    const family = options.family as Family | 'auto';
    if (family !== 'auto' && !FAMILIES.includes(family))
      throw new UsageError(`--family is auto, ${FAMILIES.join(', ')}; not '${options.family}'`);
    const testYear = options['test-year'] === undefined ? undefined : integerOption(options['test-year'], 'test-year', 0, 2000, 2100);
    const auditAttributes = options.attributes ? await readAuditAttributes(options.attributes) : undefined;
    return withDatabase(async (db, config) => {
      const progress = (message: string) => process.stderr.write(`${message}\n`);
      let outcome: Awaited<ReturnType<typeof trainModel>>;
      try {
        outcome = await trainModel(db.pool, trainSettings(config, { family, testYear, auditAttributes, onProgress: progress }));
      } catch (error) {
        // A refusal before anything was built, like ingest's above the embedded database's limit.
        if (!(error instanceof TrainingSizeError)) throw error;
        process.stderr.write(`hennep train: ${error.message}\n`);
        return 2;
      }
      if (options.json) {
        process.stdout.write(`${JSON.stringify(outcome)}\n`);
        return 0;
      }
      const rows = outcome.candidates.map((c) => ({
        name: c.family,
        evaluation: c.test,
        note:
          `${c.family === outcome.family ? '← chosen; ' : ''}validation AP ` +
          `${c.validationAveragePrecision.toFixed(4)}, ${c.epochs} epochs, ${c.seconds.toFixed(1)} s`,
      }));
      const { plan, chosen } = outcome;
      process.stdout.write(
        `\nTest year ${plan.test} (${chosen.positives} positives of ${chosen.rows.toLocaleString('en')}); ` +
          `trained on ${plan.train.join(', ')}, validated on ${plan.validation}:\n\n`,
      );
      process.stdout.write(`${formatEvaluation(rows)}\n\n`);
      process.stdout.write(`${selfSelectionSentence(outcome.plan.test, outcome.chosen.averagePrecision, outcome.selfSelection)}\n`);
      process.stdout.write(`${randomSampleSentence(outcome.randomSample)}\n`);
      process.stdout.write(`${labelWeightingSentence(outcome.labelWeighting.train)}\n`);
      if (outcome.liveCheck) process.stdout.write(`${outcome.liveCheck.sentence}\n`);
      process.stdout.write(`Selection: ${outcome.selection}\n`);
      const decision = outcome.promoted ? 'PROMOTED: it is now the active model' : 'REFUSED by the promotion gate: the active model stays';
      process.stdout.write(`Model ${outcome.version} (${outcome.family}, ${outcome.backend}) ${decision}\n`);
      for (const reason of outcome.reasons) process.stdout.write(`  - ${reason}\n`);
      process.stdout.write(`\nNext: hennep score --out scores.csv · hennep models card ${outcome.version}\n`);
      return 0;
    });
  },
};
