import { AuditError, auditRiskList, modelToAudit, readAuditAttributes, scoreLabelledYear, trainingPlanOf } from '../../training/index.ts';
import { checkFairness, formatFairness } from '../../training/index.ts';
import { trainSettings } from '../../training/index.ts';
import { integerOption, parseOptions, requireString } from '../args.ts';
import { withDatabase } from '../context.ts';
import type { Command } from './command.ts';

/** Exit status when the audit ran but the fairness gate does not pass. */
export const GATE_FAILED = 3;

export const fairnessCommand: Command = {
  usage: [
    'usage: hennep fairness --attributes FILE.csv [--version V] [--year Y] [--k K]',
    '',
    'Audits the risk list of a model (the active one, or model V) on a labelled reference',
    "year (default: the model's test year): the K addresses with the highest scores",
    '(default HENNEP_LIST_SIZE) per group of FILE.csv (address_id,group) and per district,',
    'ownership and dwelling type, and applies the fairness gate of the configured bounds',
    "(HENNEP_FAIRNESS_LOW and _HIGH on the ratio of the file's groups' false-positive rates).",
    'The attributes file holds a protected attribute: it is read for this run only and',
    'never written anywhere, not to the database and not to any file.',
    '',
    `Exit status: 0 when the gate passes, ${GATE_FAILED} when it does not, 1 on an error.`,
  ].join('\n'),
  async run(args) {
    const options = parseOptions(args, {
      attributes: { type: 'string' },
      version: { type: 'string' },
      year: { type: 'string' },
      k: { type: 'string' },
    });
    const attributesFile = requireString(options.attributes, 'attributes');
    const version = options.version === undefined ? undefined : integerOption(options.version, 'version', 0, 1);
    const year = options.year === undefined ? undefined : integerOption(options.year, 'year', 0, 2000, 2100);
    const k = options.k === undefined ? undefined : integerOption(options.k, 'k', 0, 1);
    const attributes = await readAuditAttributes(attributesFile);
    return withDatabase(async (db, config) => {
      const model = await modelToAudit(db.pool, version);
      const auditYear = year ?? trainingPlanOf(model)?.test;
      if (auditYear === undefined)
        throw new AuditError(`model ${model.version}: its training record does not name a test year; choose one with --year Y`);
      const scored = await scoreLabelledYear(db.pool, model, auditYear);
      const { addressIds } = scored.matrix;
      const covered = addressIds.filter((id) => attributes.has(id)).length;
      if (covered === 0)
        throw new AuditError(
          `${attributesFile}: none of its ${attributes.size} address ids is among the ${addressIds.length} addresses in the database`,
        );
      const listSize = k ?? config.listSize;
      const audits = await auditRiskList(db.pool, {
        addressIds,
        logits: scored.logits,
        probabilities: scored.probabilities,
        labels: scored.labels,
        k: listSize,
        attributes,
      });
      const gate = checkFairness(audits, trainSettings(config).fairnessBounds);
      const positives = scored.labels.reduce((n, l) => n + l, 0);
      process.stdout.write(
        `Fairness audit of model ${model.version} (${model.family}) on ${auditYear}: the top ${listSize} ` +
          `of ${addressIds.length.toLocaleString('en')} addresses (${positives} positive labels); ` +
          `${attributesFile} gives a group to ${covered.toLocaleString('en')} of them\n\n`,
      );
      process.stdout.write(formatFairness(audits, gate));
      return gate.passed ? 0 : GATE_FAILED;
    });
  },
};
