import { readFile } from 'node:fs/promises';
import { modelToAudit, scoreLabelledYear, trainingPlanOf, yearRole } from '../../training/index.ts';
import { LIST_SIZES } from '../../training/index.ts';
import { compareWithTruth, parseTruthCsv, TruthMismatchError, type RankingFigures, type TruthComparison } from '../../training/index.ts';
import { integerOption, parseOptions, requireString } from '../args.ts';
import { withDatabase } from '../context.ts';
import type { Command } from './command.ts';

export const evaluateCommand: Command = {
  usage: [
    'usage: hennep evaluate --truth DIR/truth.csv --year Y [--version V] [--json]',
    '',
    'For a synthetic city only (hennep generate writes truth.csv). Builds the features as',
    'of Y-01-01, scores them with the active model (or model V) and compares with the',
    'truth of year Y: AP, ROC-AUC and precision at 50/100/250 of the model and of p_bayes',
    'used as a score (the best any model can reach), the ratio of the two APs, both APs',
    "against the latent cultivation state, the Spearman rank correlation of the model's",
    'probability with p_bayes, and mean probability vs mean p_bayes vs the observed rate.',
    'Year Y needs complete labels, and every address in the database a row of Y in the',
    'truth file. --json prints one JSON object.',
  ].join('\n'),
  async run(args) {
    const options = parseOptions(args, {
      truth: { type: 'string' },
      year: { type: 'string' },
      version: { type: 'string' },
      json: { type: 'boolean', default: false },
    });
    const truthFile = requireString(options.truth, 'truth');
    const year = integerOption(requireString(options.year, 'year'), 'year', 0, 2000, 2100);
    const version = options.version === undefined ? undefined : integerOption(options.version, 'version', 0, 1);
    const truth = parseTruthCsv(await readTruth(truthFile), truthFile, year);
    return withDatabase(async (db) => {
      const model = await modelToAudit(db.pool, version);
      const scored = await scoreLabelledYear(db.pool, model, year);
      let comparison: TruthComparison;
      try {
        comparison = compareWithTruth(
          { year, addressIds: scored.matrix.addressIds, logits: scored.logits, probabilities: scored.probabilities, labels: scored.labels },
          truth,
        );
      } catch (error) {
        if (error instanceof TruthMismatchError) throw new Error(`${truthFile}: ${error.message}`, { cause: error });
        throw error;
      }
      const role = yearRole(trainingPlanOf(model), year);
      if (options.json)
        process.stdout.write(`${JSON.stringify({ version: model.version, family: model.family, yearRole: role, ...comparison })}\n`);
      else process.stdout.write(formatComparison(comparison, `model ${model.version} (${model.family})`, role));
      return 0;
    });
  },
};

async function readTruth(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'there is no such file' : code === 'EISDIR' ? 'it is a directory' : (error as Error).message;
    throw new Error(`cannot read the truth file ${file}: ${reason}`, { cause: error });
  }
}

const ROLE_NOTE: Record<ReturnType<typeof yearRole>, string> = {
  test: "the model's held-out test year",
  validation: "the model's validation year (early stopping, calibration): figures are optimistic",
  train: "one of the model's training years: figures are optimistic",
  unseen: 'a year the model was not fitted on',
  unknown: "the model's training record does not say which years it saw",
};

function formatComparison(c: TruthComparison, name: string, role: ReturnType<typeof yearRole>): string {
  const header = ['score', 'AP', 'ROC-AUC', ...LIST_SIZES.map((k) => `P@${k}`), 'AP vs cultivating'];
  const row = (label: string, f: RankingFigures) => [
    label,
    fixed(f.averagePrecision, 4),
    fixed(f.rocAuc, 3),
    ...f.atK.map((a) => fixed(a.precision, 3)),
    fixed(f.latentAveragePrecision, 4),
  ];
  const table = [header, row(name, c.model), row('p_bayes (the limit)', c.bayes)];
  const widths = header.map((_, i) => table.reduce((w, r) => Math.max(w, r[i]!.length), 0));
  const { meanProbability, meanPBayes, observedRate } = c.calibration;
  return [
    `Synthetic truth of ${c.year} (${ROLE_NOTE[role]}): ${c.addresses.toLocaleString('en')} addresses, ` +
      `${c.positives} positive labels, ${c.cultivating} cultivating`,
    '',
    ...table.map((r) =>
      r
        .map((cell, i) => cell.padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
    ),
    '',
    `Model AP / p_bayes AP: ${fixed(c.averagePrecisionRatio, 3)}`,
    `Spearman rank correlation of the model's probability with p_bayes: ${fixed(c.spearman, 3)}`,
    `Calibration (means): model probability ${fixed(meanProbability, 5)}, p_bayes ${fixed(meanPBayes, 5)}, observed rate ${fixed(observedRate, 5)}`,
    '',
  ].join('\n');
}

function fixed(x: number, digits: number): string {
  return Number.isFinite(x) ? x.toFixed(digits) : '–';
}
