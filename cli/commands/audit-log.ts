import { parseHead } from '../../service/index.ts';
import { existingKeyId, verifyAuditLogWithCheckpoints, type CheckpointReport } from '../../service/index.ts';
import { parseOptions, UsageError } from '../args.ts';
import { withDatabase } from '../context.ts';
import type { Command } from './command.ts';

export const auditLogCommand: Command = {
  usage: [
    'usage: hennep audit-log verify [--head SEQ:HASH]',
    '',
    'Walks the hash chain of the audit log and reports every altered entry, broken link',
    'or gap with its position, then holds the chain against every signed checkpoint in',
    'HENNEP_AUDIT_CHECKPOINT_DIR: entries deleted from the end, a truncated log, a chain',
    'rewritten from some entry on, and a checkpoint line changed after it was signed are',
    'named (exit 4 when anything does not verify). No checkpoint is said, not failed. Prints',
    'the head (last seq and hash); --head checks a head recorded elsewhere by hand.',
  ].join('\n'),
  async run(args) {
    const [sub, ...rest] = args;
    if (sub !== 'verify')
      throw new UsageError(
        sub === undefined ? 'hennep audit-log needs a subcommand: verify' : `unknown subcommand '${sub}': hennep audit-log verify`,
      );
    const options = parseOptions(rest, { head: { type: 'string' } });
    const recorded = options.head === undefined ? undefined : parseHead(options.head);
    if (recorded === null)
      throw new UsageError(`--head '${options.head}' is not SEQ:HASH as verify printed it (e.g. 1042:3f7a…, 64 hex digits)`);
    return withDatabase(async (db, config) => {
      const result = await verifyAuditLogWithCheckpoints(db.pool, config.auditCheckpointDir, 1000, recorded);
      const head = result.head ? `head: ${result.head.seq}:${result.head.hash}` : 'the audit log is empty';
      const out = (line: string) => process.stdout.write(`${line}\n`);
      if (result.problemCount === 0) out(`audit log verified: ${result.entries} entries, chain intact; ${head}`);
      else {
        out(`audit log does NOT verify: ${result.problemCount} problem(s) in ${result.entries} entries`);
        for (const p of result.problems) out(`  entry ${p.seq}: ${p.problem}`);
        out(head);
      }
      for (const line of describeCheckpoints(result.checkpoints, config.auditCheckpointDir, await existingKeyId(config.dataDir))) out(line);
      return result.ok ? 0 : 4;
    });
  },
};

function describeCheckpoints(report: CheckpointReport, dir: string, ownKey: string | null): string[] {
  if (report.found === 0) {
    return [
      `no audit checkpoint found in ${dir}: without one, entries deleted from the end or a chain rewritten by`,
      'someone who could disable the trigger do not show (hennep serve writes checkpoints on HENNEP_AUDIT_CHECKPOINT_CRON)',
    ];
  }
  const lines: string[] = [];
  if (report.problemCount > 0) {
    lines.push(`audit checkpoints do NOT verify: ${report.problemCount} of ${report.found} line(s) in ${dir}`);
    for (const p of report.problems) lines.push(`  ${p.file} line ${p.line}: ${p.problem}`);
  } else {
    lines.push(`audit checkpoints: ${report.found} in ${dir}, every signature verifies`);
  }
  for (const k of report.keys) {
    const own = k.keyId === ownKey ? " (this data directory's key)" : '';
    lines.push(`  signed by key ${k.keyId}${own}: ${k.lines} line(s), ${k.first} to ${k.last}`);
  }
  const n = report.newest;
  if (n) {
    const signature = n.signatureValid ? 'its signature verifies' : 'its signature does NOT verify';
    const chain = n.matchesChain ? 'the chain matches it' : 'the chain does NOT match it';
    lines.push(`newest checkpoint: entry ${n.seq}:${n.hash} of ${n.time}, by ${n.writer} (key ${n.keyId}); ${signature}; ${chain}`);
  }
  return lines;
}
