/**
 * The audit log's writer: append-only (the database refuses UPDATE, DELETE and TRUNCATE)
 * and hash-chained. Row n's hash is sha256(hash of row n−1 + "\n" + canonical JSON of row
 * n's fields), so an altered row no longer matches its hash and a removed one leaves a gap
 * in `seq` and a broken link. Appends take one advisory lock, so replicas write one after
 * another; entries are batched into one statement per flush (group commit: the database
 * chains and inserts them, migration 005) and a response leaves only after its entry is
 * committed. Two flushes run at a time: while one commits, the next batch already waits
 * for the lock in the database, and takes it at once.
 */
import pg from 'pg';
import { appendEntries, assertEntry, type AuditEntry } from '../../db/index.ts';

export type { AuditEntry } from '../../db/index.ts';

/** Flushes that may run at once. */
const LANES = 2;

interface Pending {
  entry: AuditEntry;
  at: Date;
  resolve(): void;
  reject(error: Error): void;
  /** Retried on its own after its batch failed. */
  single?: boolean;
}

/** Appends entries for one app: batched, committed before the answer that needs them leaves. */
export class AuditLog {
  private queue: Pending[] = [];
  /** Flushes running; each leaves (and lowers this) in the same step that finds the queue empty, so no entry is left behind. */
  private lanes = 0;
  private drained: Array<() => void> = [];
  /** Entries appended by this process: for /metrics. */
  appended = 0;

  constructor(
    private readonly pool: pg.Pool,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** Resolves once the entry is committed; rejects when it could not be (the caller must not answer with data then). */
  append(entry: AuditEntry): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      assertEntry(entry);
      this.queue.push({ entry, at: this.clock(), resolve, reject });
      if (this.lanes < LANES) {
        this.lanes++;
        void this.flush();
      }
    });
  }

  /** For a state change: its audit entry commits or rolls back with it. */
  async appendWith(client: pg.PoolClient, entry: AuditEntry): Promise<void> {
    await appendEntries(client, [{ entry, at: this.clock() }]);
    this.appended++;
  }

  /** Waits for every queued entry (shutdown). */
  async drain(): Promise<void> {
    while (this.lanes > 0) await new Promise<void>((resolve) => this.drained.push(resolve));
  }

  private async flush(): Promise<void> {
    try {
      // Let the entries of requests arriving in the same tick join this batch.
      await new Promise((r) => setImmediate(r));
      while (this.queue.length > 0) {
        // Entries retried alone after their batch failed go one per transaction; they are put
        // back at the front of the queue, so a batch never holds one.
        const batch = this.queue.splice(0, this.queue[0]?.single ? 1 : 500);
        let failure: Error | undefined;
        try {
          // One statement, committed on its own: one round trip per batch.
          await appendEntries(this.pool, batch);
          this.appended += batch.length;
        } catch (error) {
          failure = error as Error;
        }
        if (failure instanceof pg.DatabaseError && batch.length > 1) {
          // One entry the database refuses must not take the others down: each again, alone.
          // Not when the database could not be reached or the connection broke: a batch of
          // single retries would hammer a database that is down, and a batch committed just
          // before its connection broke would be written twice.
          this.queue = batch.map((p): Pending => ({ ...p, single: true })).concat(this.queue);
          continue;
        }
        for (const p of batch) {
          if (failure) p.reject(failure);
          else p.resolve();
        }
      }
    } finally {
      if (--this.lanes === 0) for (const resolve of this.drained.splice(0)) resolve();
    }
  }
}
