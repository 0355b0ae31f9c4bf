/** The audit log verified: its chain walked, and held against every signed checkpoint of its head. */
import { GENESIS, type Queryable } from '../../../db/index.ts';
import { verifyAuditLog, type VerifyResult } from '../verify.ts';
import { compareWithCheckpoints } from './compare.ts';
import { forEachCheckpoint } from './files.ts';
import { signatureProblem, type DecodedKeys } from './line.ts';

export interface CheckpointSummary {
  seq: number;
  hash: string;
  time: string;
  keyId: string;
  writer: string;
  file: string;
  signatureValid: boolean;
  /** The chain holds entry `seq` with exactly this hash. */
  matchesChain: boolean;
}

export interface CheckpointFileProblem {
  file: string;
  line: number;
  problem: string;
}

export interface SigningKey {
  keyId: string;
  /** Lines whose signature verifies under this key. */
  lines: number;
  first: string;
  last: string;
}

export interface CheckpointReport {
  /** Checkpoint lines read, tampered ones included. */
  found: number;
  /**
   * The keys that signed valid lines, oldest first. Anyone may sign a line with a key of
   * their own: a key no replica holds (each logs its key id with every checkpoint) means
   * lines from someone else.
   */
  keys: SigningKey[];
  /** The latest by its time, whatever its state: null when there is none. */
  newest: CheckpointSummary | null;
  /** Lines that are not checkpoints or whose signature fails (the first `maxProblems`). */
  problems: CheckpointFileProblem[];
  problemCount: number;
}

export interface VerifiedAuditLog extends VerifyResult {
  checkpoints: CheckpointReport;
}

/**
 * The chain walked (verifyAuditLog) and held against every signed checkpoint in `dir`:
 * entries removed from the end and a rewritten chain become problems of the chain; a line
 * whose signature fails is a problem of the checkpoint files, and says nothing about the
 * chain. No checkpoints is no problem: the report says there are none.
 */
export async function verifyAuditLogWithCheckpoints(
  db: Queryable,
  dir: string,
  maxProblems = 50,
  recordedHead?: { seq: number; hash: string },
): Promise<VerifiedAuditLog> {
  // What each line says, kept small: a year of checkpoints is some 100,000 lines a replica.
  const held: Array<Omit<CheckpointSummary, 'matchesChain'>> = [];
  const fileProblems: CheckpointFileProblem[] = [];
  let found = 0;
  let fileProblemCount = 0;
  const keys: DecodedKeys = new Map();
  await forEachCheckpoint(dir, ({ file, line, checkpoint: c, problem }) => {
    found++;
    const failure = c ? signatureProblem(c, keys) : problem!;
    if (failure !== null && fileProblemCount++ < maxProblems) {
      fileProblems.push({ file, line, problem: c ? `${failure} (it claims entry ${c.seq} at ${c.time})` : failure });
    }
    if (c) held.push({ seq: c.seq, hash: c.hash, time: c.time, keyId: c.keyId, writer: c.writer, file, signatureValid: failure === null });
  });
  const wanted = new Set(held.map((c) => c.seq));
  const hashes = new Map<number, string>();
  const chain = await verifyAuditLog(db, maxProblems, recordedHead, (seq, hash) => {
    if (wanted.has(seq)) hashes.set(seq, hash);
  });
  const findings = compareWithCheckpoints(
    held.filter((c) => c.signatureValid),
    { head: chain.head, hashAt: (seq) => hashes.get(seq) },
  );
  const problemCount = chain.problemCount + findings.length;
  const newest = held.reduce<(typeof held)[number] | null>((a, b) => (a === null || Date.parse(b.time) > Date.parse(a.time) ? b : a), null);
  const matches = (c: { seq: number; hash: string }) => (c.seq === 0 ? c.hash === GENESIS : hashes.get(c.seq) === c.hash);
  const checkpoints: CheckpointReport = {
    found,
    keys: signingKeys(held),
    newest: newest && { ...newest, matchesChain: matches(newest) },
    problems: fileProblems,
    problemCount: fileProblemCount,
  };
  const problems = [...chain.problems, ...findings].slice(0, maxProblems);
  return { ...chain, ok: problemCount === 0 && fileProblemCount === 0, problemCount, problems, checkpoints };
}

function signingKeys(held: ReadonlyArray<{ keyId: string; time: string; signatureValid: boolean }>): SigningKey[] {
  const keys = new Map<string, SigningKey>();
  for (const { keyId, time, signatureValid } of held) {
    if (!signatureValid) continue;
    const key = keys.get(keyId);
    if (!key) keys.set(keyId, { keyId, lines: 1, first: time, last: time });
    else {
      key.lines++;
      if (Date.parse(time) < Date.parse(key.first)) key.first = time;
      if (Date.parse(time) > Date.parse(key.last)) key.last = time;
    }
  }
  return [...keys.values()].sort((a, b) => Date.parse(a.first) - Date.parse(b.first));
}
