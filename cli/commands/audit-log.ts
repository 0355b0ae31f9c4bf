import { loadConfig } from '../../config/index.ts';
import { openDatabase } from '../../db/index.ts';
import { parseHead, verifyAuditLog } from '../../service/audit.ts';
import { parseOptions, UsageError } from '../args.ts';
import type { Command } from './index.ts';

export const auditLogCommand: Command = {
  usage: [
    'usage: hennep audit-log verify [--head SEQ:HASH]',
    '',
    'Walks the hash chain of the audit log and reports every altered entry, broken link',
    'or gap with its position (exit 4 when the chain does not verify). Prints the head',
    '(last seq and hash): record it elsewhere; --head checks such a recorded head, which shows',
    'entries removed from the end and a chain rewritten by someone who could disable the trigger.',
  ].join('\n'),
  async run(args) {
    const [sub, ...rest] = args;
    if (sub !== 'verify') throw new UsageError(sub === undefined ? 'hennep audit-log needs a subcommand: verify' : `unknown subcommand '${sub}': hennep audit-log verify`);
    const options = parseOptions(rest, { head: { type: 'string' } });
    const recorded = options.head === undefined ? undefined : parseHead(options.head);
    if (recorded === null) throw new UsageError(`--head '${options.head}' is not SEQ:HASH as verify printed it (e.g. 1042:3f7a…, 64 hex digits)`);
    const db = await openDatabase(loadConfig());
    try {
      const result = await verifyAuditLog(db.pool, 1000, recorded);
      const head = result.head ? `head: ${result.head.seq}:${result.head.hash}` : 'the audit log is empty';
      if (result.ok) {
        process.stdout.write(`audit log verified: ${result.entries} entries, chain intact; ${head}\n`);
        return 0;
      }
      process.stdout.write(`audit log does NOT verify: ${result.problemCount} problem(s) in ${result.entries} entries\n`);
      for (const p of result.problems) process.stdout.write(`  entry ${p.seq}: ${p.problem}\n`);
      process.stdout.write(`${head}\n`);
      return 4;
    } finally {
      await db.close();
    }
  },
};
