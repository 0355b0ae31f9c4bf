import { userInfo } from 'node:os';
import { modelCard, modelCardMarkdown } from '../../training/index.ts';
import { activateModel, getModel, listModels } from '../../training/index.ts';
import { integerOption, parseOptions, requireString, UsageError } from '../args.ts';
import { withDatabase } from '../context.ts';
import type { Command } from './command.ts';

export const modelsCommand: Command = {
  usage: [
    'usage: hennep models [--json]',
    '       hennep models card VERSION [--json]',
    '       hennep models activate VERSION --justification "TEXT"',
    '',
    'Lists registered models; prints the model card of a version (Markdown, or JSON with',
    'the Algoritmeregister fields); activates a model the promotion gate refused, which',
    'needs a written justification that the card and the event history show.',
  ].join('\n'),
  async run(args) {
    const [sub = 'list', versionText, ...rest] = args[0] && !args[0].startsWith('--') ? args : ['list', ...args];
    if (!['list', 'card', 'activate'].includes(sub)) throw new UsageError(`unknown models subcommand '${sub}': list, card or activate`);
    if (sub !== 'list' && (versionText === undefined || versionText.startsWith('--'))) {
      throw new UsageError(`hennep models ${sub} needs a model version: hennep models ${sub} VERSION (hennep models lists them)`);
    }
    return withDatabase(async (db) => {
      if (sub === 'list') {
        const options = parseOptions(
          args.filter((a) => a !== 'list'),
          { json: { type: 'boolean', default: false } },
        );
        const models = await listModels(db.pool);
        if (options.json) process.stdout.write(`${JSON.stringify(models)}\n`);
        else if (models.length === 0) process.stdout.write('No model is registered yet: hennep train\n');
        else {
          process.stdout.write('version  status     family    test year  AP      P@100  backend  registered\n');
          for (const m of models) {
            const figures = [
              String(m.testYear ?? '').padEnd(11),
              (m.averagePrecision?.toFixed(4) ?? '').padEnd(8),
              (m.precisionAt100?.toFixed(2) ?? '').padEnd(7),
            ].join('');
            process.stdout.write(
              `${String(m.version).padEnd(9)}${m.status.padEnd(11)}${m.family.padEnd(10)}${figures}${m.backend.padEnd(9)}${m.createdAt}\n`,
            );
          }
        }
        return 0;
      }
      const version = integerOption(versionText, 'VERSION', 0, 1);
      const record = await getModel(db.pool, version);
      if (!record) throw new UsageError(`there is no model version ${version} (hennep models lists them)`);
      if (sub === 'card') {
        const options = parseOptions(rest, { json: { type: 'boolean', default: false } });
        const card = modelCard(record);
        process.stdout.write(options.json ? `${JSON.stringify(card, null, 2)}\n` : modelCardMarkdown(card));
        return 0;
      }
      if (sub === 'activate') {
        const options = parseOptions(rest, { justification: { type: 'string' } });
        const justification = requireString(options.justification, 'justification');
        // The actor is the operating-system account; named roles come with the service's sign-in.
        await activateModel(db.pool, version, `cli:${userInfo().username}`, { event: 'override', justification });
        process.stdout.write(`Model ${version} is now active (override; the justification is on its model card). Rescore: hennep score\n`);
        return 0;
      }
      throw new UsageError(`unknown models subcommand '${sub}': list, card or activate`);
    });
  },
};
