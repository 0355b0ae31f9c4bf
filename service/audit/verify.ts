/**
 * The audit log's chain walked: every row whose content no longer matches its hash, every
 * broken link and every gap, and the head to record elsewhere.
 */
import type { AuditRow } from './store.ts';
import { GENESIS, rowHash, type Queryable } from '../../db/index.ts';

export interface VerifyProblem {
  seq: number;
  problem: string;
}

export interface VerifyResult {
  ok: boolean;
  entries: number;
  /** Every problem found; `problems` lists the first `maxProblems` of them. */
  problemCount: number;
  head: { seq: number; hash: string } | null;
  problems: VerifyProblem[];
}

/** A head as verify prints it: `SEQ:HASH`. */
export const HEAD_PATTERN = /^(\d+):([0-9a-f]{64})$/;

export function parseHead(text: string): { seq: number; hash: string } | null {
  const match = HEAD_PATTERN.exec(text.trim());
  return match ? { seq: Number(match[1]), hash: match[2]! } : null;
}

/** A stored entry as the walk reads it: the time as text to the microsecond, and the link to the one before. */
type StoredEntry = Omit<AuditRow, 'at'> & { at: string | null; prev_hash: string };

const PAGE = 5000;

/** One page of the chain from `from` on, in order. */
async function readPage(db: Queryable, from: number): Promise<StoredEntry[]> {
  // The time as text to the microsecond: the service writes whole milliseconds and hashes
  // them, so a time moved by less than a millisecond shows here, not in the hash.
  const { rows } = await db.query<StoredEntry>(
    `SELECT seq, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') AS at,
            actor, role, action, method, path, address_id, purpose, status, detail, prev_hash, hash
     FROM audit_log WHERE seq >= $1 ORDER BY seq LIMIT $2`,
    [from, PAGE],
  );
  return rows;
}

/** Whether a stored entry's hash still matches what it says (and its time is one the service writes). */
function contentIntact(r: StoredEntry): boolean {
  // NULL when the time was set to ±infinity, which the service never writes.
  if (r.at === null || r.at.slice(23) !== '000') return false;
  const row = {
    seq: Number(r.seq),
    at: `${r.at.slice(0, 23)}Z`,
    actor: r.actor,
    role: r.role,
    action: r.action,
    method: r.method,
    path: r.path,
    addressId: r.address_id,
    purpose: r.purpose,
    status: r.status,
    detail: r.detail,
  };
  return rowHash(r.prev_hash, row) === r.hash;
}

/**
 * Walks the whole chain in order and reports every row whose content no longer matches
 * its hash, every broken link and every gap in `seq` (up to `maxProblems`). The head
 * (last seq and hash) is returned so that it can be recorded elsewhere: removing rows at
 * the very end leaves no gap, and rewriting the chain from some row on (by whoever may
 * disable the trigger) leaves no broken link — a head recorded earlier, passed as
 * `recordedHead`, shows both, as do the signed checkpoints (`checkpoints/`).
 */
export async function verifyAuditLog(
  db: Queryable,
  maxProblems = 50,
  recordedHead?: { seq: number; hash: string },
  /** Sees every entry's seq and stored hash on the walk (checkpoints compare with them). */
  onEntry?: (seq: number, hash: string) => void,
): Promise<VerifyResult> {
  const problems: VerifyProblem[] = [];
  let problemCount = 0;
  // The whole chain is always walked: problems past the first ones are counted, so that
  // planted ones cannot hide a later alteration.
  const report = (p: VerifyProblem) => {
    problemCount++;
    if (problems.length < maxProblems) problems.push(p);
  };
  let expected = 1;
  let prevHash = GENESIS;
  let entries = 0;
  let head: VerifyResult['head'] = null;
  for (;;) {
    const rows = await readPage(db, expected);
    for (const r of rows) {
      const seq = Number(r.seq);
      if (seq !== expected) report({ seq, problem: `entries ${expected}–${seq - 1} are missing (removed)` });
      if (r.prev_hash !== prevHash) report({ seq, problem: 'its link to the previous entry is broken (prev_hash differs)' });
      if (!contentIntact(r)) report({ seq, problem: 'its content was altered (the hash does not match)' });
      // Go on from what the row says, so that one altered row is reported once.
      prevHash = r.hash;
      expected = seq + 1;
      entries++;
      head = { seq, hash: r.hash };
      onEntry?.(seq, r.hash);
      if (recordedHead && seq === recordedHead.seq && r.hash !== recordedHead.hash)
        report({
          seq,
          problem: 'it is not the entry recorded as the head then (its hash differs): the chain was rewritten from here or before',
        });
    }
    if (rows.length < PAGE) break;
  }
  if (recordedHead && (head === null || head.seq < recordedHead.seq))
    report({
      seq: recordedHead.seq,
      problem: `the recorded head ${recordedHead.seq} is gone: the chain ends at ${head?.seq ?? 0} (entries removed from the end)`,
    });
  return { ok: problemCount === 0, entries, problemCount, head, problems };
}
