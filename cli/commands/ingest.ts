import { exitCodeFor, formatReport, importDirectory } from '../../ingest/index.ts';
import { parseOptions, requireString } from '../args.ts';
import { withDatabase } from '../context.ts';
import { progressBar } from '../progress.ts';
import type { Command } from './command.ts';

export const ingestCommand: Command = {
  usage: [
    'usage: hennep ingest --dir DIR [--json]',
    '',
    'Imports the CSV files of DIR per the data contract in one transaction.',
    '  --dir DIR   the delivery directory (addresses.csv required)',
    '  --json      print the import report as one JSON object',
    '',
    'Exit status: 0 loaded (quarantined rows allowed), 2 a file was refused whole',
    '(nothing of the delivery stored), 1 any other failure.',
  ].join('\n'),
  async run(args) {
    const options = parseOptions(args, { dir: { type: 'string' }, json: { type: 'boolean', default: false } });
    const dir = requireString(options.dir, 'dir');
    return withDatabase(async (db) => {
      const bar = progressBar('ingest');
      const report = await importDirectory(db.pool, dir, { onProgress: (done, total) => bar.update(done, total) });
      bar.done();
      process.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatReport(report)}\n`);
      return exitCodeFor(report);
    });
  },
};
