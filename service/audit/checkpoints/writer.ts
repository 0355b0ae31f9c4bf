/** Writing a checkpoint: the audit log's head read, signed with this replica's key, and appended. */
import type pg from 'pg';
import type { Logger } from 'pino';
import { GENESIS } from '../../../db/index.ts';
import { runnerName } from '../../../training/index.ts';
import { appendCheckpoint } from './files.ts';
import { checkpointKey, type CheckpointKey } from './key.ts';
import { signCheckpoint, type CheckpointLine } from './line.ts';

export interface CheckpointWriterOptions {
  /** HENNEP_AUDIT_CHECKPOINT_DIR. */
  dir: string;
  /** Where the signing key lives (HENNEP_DATA_DIR). */
  dataDir: string;
  log: Logger;
  clock?: () => Date;
}

type Head = { seq: number; hash: string };

/**
 * Signs the audit log's head and appends it to the checkpoint directory. A scheduled
 * checkpoint is skipped when the head has not moved since this process's previous one:
 * it would sign the same (seq, hash) again, and what a checkpoint protects — the entries
 * up to its seq — is then already protected; entries written later are unprotected either
 * way until the next one. What skipping costs is a time stamp: a quiet hour leaves no
 * line, so the files do not show that the writer was alive then (the start and shutdown
 * checkpoints are always written). Every replica writes its own; verification takes any
 * number of writers and keys.
 */
export class CheckpointWriter {
  private last: Head | null = null;
  private key: CheckpointKey | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly writer = runnerName();

  constructor(
    private readonly pool: pg.Pool,
    private readonly options: CheckpointWriterOptions,
  ) {}

  /** The line written, or null when the schedule found the head where it was. One at a time. */
  take(reason: CheckpointLine['reason']): Promise<CheckpointLine | null> {
    const next = this.queue.then(() => this.write(reason));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async write(reason: CheckpointLine['reason']): Promise<CheckpointLine | null> {
    const { log } = this.options;
    const head = await readHead(this.pool);
    const time = (this.options.clock ?? (() => new Date()))();
    if (this.last) await this.checkStillThere(this.last);
    if (reason === 'schedule' && this.last?.seq === head.seq && this.last.hash === head.hash) {
      log.debug({ auditCheckpoint: { seq: head.seq } }, 'audit checkpoint skipped: the head has not moved');
      return null;
    }
    this.key ??= await checkpointKey(this.options.dataDir);
    const line = signCheckpoint({ seq: head.seq, hash: head.hash, time: time.toISOString(), reason, writer: this.writer }, this.key);
    const file = await appendCheckpoint(this.options.dir, line);
    this.last = head;
    // The log is a second copy outside the database: a log shipper takes it elsewhere.
    const logged = { seq: line.seq, hash: line.hash, time: line.time, reason, keyId: line.keyId, file };
    log.info({ auditCheckpoint: logged }, `audit checkpoint: head ${line.seq} signed`);
    return line;
  }

  /** Says at once in the log when the entry this process signed last has changed or gone. */
  private async checkStillThere(previous: Head): Promise<void> {
    if (previous.seq === 0) return;
    const { rows } = await this.pool.query<{ hash: string }>('SELECT hash FROM audit_log WHERE seq = $1', [previous.seq]);
    const now = rows[0]?.hash;
    if (now === previous.hash) return;
    this.options.log.error(
      { auditCheckpoint: { seq: previous.seq, signed: previous.hash, now: now ?? null } },
      `audit log tampered with: entry ${previous.seq}, signed in this process's previous checkpoint, ` +
        `${now ? 'has another hash now' : 'is gone'}; run hennep audit-log verify`,
    );
  }
}

async function readHead(pool: pg.Pool): Promise<Head> {
  const { rows } = await pool.query<{ seq: string; hash: string }>('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1');
  const row = rows[0];
  return row ? { seq: Number(row.seq), hash: row.hash } : { seq: 0, hash: GENESIS };
}
