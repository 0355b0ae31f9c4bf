import { loadConfig } from '../../config/index.ts';
import { migrate, openDatabase } from '../../db/index.ts';
import { parseOptions } from '../args.ts';
import type { Command } from './command.ts';

export const migrateCommand: Command = {
  usage: 'usage: hennep migrate\n\nApplies the numbered SQL migrations in db/migrations that the database lacks.',
  async run(args) {
    parseOptions(args, {});
    const db = await openDatabase(loadConfig());
    try {
      const applied = await migrate(db.pool);
      const list = applied.map((m) => `${String(m.version).padStart(3, '0')}_${m.name}`).join(', ');
      process.stdout.write(`${db.kind} database ${db.location}: ${applied.length === 0 ? 'up to date' : `applied ${list}`}\n`);
      return 0;
    } finally {
      await db.close();
    }
  },
};
