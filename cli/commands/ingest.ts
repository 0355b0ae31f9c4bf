import { loadConfig, type Config } from '../../config/index.ts';
import { CapacityError, checkCapacity, exitCodeFor, formatReport, importDirectory } from '../../ingest/index.ts';
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
    'On the embedded database (no DATABASE_URL), a city above HENNEP_EMBEDDED_MAX_ADDRESSES',
    'is refused before anything is written.',
    '',
    'Exit status: 0 loaded (quarantined rows allowed), 2 a file was refused whole or the',
    'city is above the embedded limit (nothing of the delivery stored), 1 any other failure.',
  ].join('\n'),
  async run(args) {
    const options = parseOptions(args, { dir: { type: 'string' }, json: { type: 'boolean', default: false } });
    const dir = requireString(options.dir, 'dir');
    const limit = embeddedLimit(loadConfig());
    try {
      // Before the database is opened (and a fresh one created): the delivery alone may be too large.
      if (limit) await checkCapacity(null, dir, limit);
      return await withDatabase(async (db) => {
        const bar = progressBar('ingest');
        const report = await importDirectory(db.pool, dir, {
          onProgress: (done, total) => bar.update(done, total),
          ...(limit && db.kind === 'embedded' ? { maxAddresses: limit } : {}),
        });
        bar.done();
        process.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatReport(report)}\n`);
        return exitCodeFor(report);
      });
    } catch (error) {
      if (!(error instanceof CapacityError)) throw error;
      process.stderr.write(`hennep ingest: ${error.message}\n`);
      return 2;
    }
  },
};

/** The embedded database's limit, or null on PostgreSQL. */
function embeddedLimit(config: Config): { max: number; why: string } | null {
  if (config.databaseUrl) return null;
  return {
    max: config.embeddedMaxAddresses,
    why:
      'the embedded database is set to take (HENNEP_EMBEDDED_MAX_ADDRESSES; the largest city measured to complete on it, README, Performance, Scale): ' +
      'set DATABASE_URL to a PostgreSQL server for a city this size, or raise the limit at your own risk of running out of memory',
  };
}
