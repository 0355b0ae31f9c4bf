/** The chain held against its signed checkpoints: entries removed from the end, or a chain rewritten from some entry on. */
import type { VerifyProblem } from '../verify.ts';
import type { CheckpointLine } from './line.ts';

/** What a checkpoint whose signature verified says. */
export type SignedHead = Pick<CheckpointLine, 'seq' | 'hash' | 'time'>;

export interface ChainView {
  /** The last entry of the chain as stored; null when the log is empty. */
  head: { seq: number; hash: string } | null;
  /** The stored hash of entry `seq`, for the seqs checkpoints name; undefined when it is not there. */
  hashAt(seq: number): string | undefined;
}

/**
 * What the signed checkpoints say about the chain, in plain words: entries removed from
 * the end (a checkpoint names a seq past the chain's end) and a chain rewritten from some
 * entry on (a checkpoint's entry has another hash now). Every checkpoint counts, not only
 * the newest: after a rewrite the service signs the rewritten head, and only the
 * checkpoints from before it still hold the old hashes. Each finding is reported once,
 * at the checkpoint that places it best, with a count of the others that agree.
 */
export function compareWithCheckpoints(checkpoints: readonly SignedHead[], chain: ChainView): VerifyProblem[] {
  const end = chain.head?.seq ?? 0;
  return [
    ...missingTail(checkpoints, end),
    ...rewritten(
      checkpoints.filter((c) => c.seq > 0 && c.seq <= end),
      chain,
    ),
  ];
}

const at = (c: SignedHead) => Date.parse(c.time);

function missingTail(checkpoints: readonly SignedHead[], end: number): VerifyProblem[] {
  const beyond = checkpoints.filter((c) => c.seq > end);
  if (beyond.length === 0) return [];
  const furthest = beyond.reduce((a, b) => (b.seq > a.seq || (b.seq === a.seq && at(b) < at(a)) ? b : a));
  const others = new Set(beyond.map((c) => c.seq)).size - 1;
  const signed = `the signed checkpoint of ${furthest.time} records entry ${furthest.seq}`;
  const what =
    end === 0
      ? `the audit log is empty, but ${signed}: the log was truncated or all its entries deleted`
      : `the audit log ends at entry ${end}, but ${signed}: ` +
        `entries ${end + 1}–${furthest.seq} were deleted from the end (or the log truncated and written anew)`;
  return [{ seq: furthest.seq, problem: others > 0 ? `${what}; ${others} other checkpoint(s) also record entries past ${end}` : what }];
}

function rewritten(within: readonly SignedHead[], chain: ChainView): VerifyProblem[] {
  const bySeq = [...within].sort((a, b) => a.seq - b.seq || at(a) - at(b));
  const first = bySeq.findIndex((c) => chain.hashAt(c.seq) !== c.hash);
  if (first < 0) return [];
  const wrong = bySeq[first]!;
  const matching = bySeq
    .slice(0, first)
    .filter((c) => c.seq < wrong.seq)
    .at(-1);
  const disagreeing = bySeq.slice(first).filter((c) => c.seq > wrong.seq && chain.hashAt(c.seq) !== c.hash);
  const later = new Set(disagreeing.map((c) => c.seq)).size;
  const now = chain.hashAt(wrong.seq);
  const where = matching
    ? `between entry ${matching.seq + 1} and entry ${wrong.seq} (entry ${matching.seq} still matches the checkpoint of ${matching.time})`
    : `at or before entry ${wrong.seq}`;
  const what =
    now === undefined
      ? `entry ${wrong.seq} is missing, but the signed checkpoint of ${wrong.time} records it with hash ${wrong.hash}: ` +
        `entries were removed ${where}`
      : `entry ${wrong.seq} has hash ${now}, but the signed checkpoint of ${wrong.time} recorded ${wrong.hash}: ` +
        `the chain was rewritten (entries altered or removed, and hashed again) ${where}`;
  return [{ seq: wrong.seq, problem: later > 0 ? `${what}; ${later} later checkpoint(s) disagree as well` : what }];
}
