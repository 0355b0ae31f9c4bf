import type { Queryable } from '../../features/index.ts';
import { GENESIS, verifyAuditLog, type VerifyResult } from '../audit.ts';
import { compareWithCheckpoints } from './compare.ts';
import { readCheckpoints } from './files.ts';
import { signatureProblem, type CheckpointLine } from './line.ts';

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

export interface CheckpointReport {
  /** Checkpoint lines read, tampered ones included. */
  found: number;
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
export async function verifyAuditLogWithCheckpoints(db: Queryable, dir: string, maxProblems = 50, recordedHead?: { seq: number; hash: string }): Promise<VerifiedAuditLog> {
  const lines = await readCheckpoints(dir);
  const fileProblems: CheckpointFileProblem[] = [];
  const signed: CheckpointLine[] = [];
  for (const { file, line, checkpoint, problem } of lines) {
    const failure = checkpoint ? signatureProblem(checkpoint) : problem!;
    if (failure === null) signed.push(checkpoint!);
    else fileProblems.push({ file, line, problem: checkpoint ? `${failure} (it claims entry ${checkpoint.seq} at ${checkpoint.time})` : failure });
  }
  const wanted = new Set(lines.flatMap((l) => (l.checkpoint ? [l.checkpoint.seq] : [])));
  const hashes = new Map<number, string>();
  const chain = await verifyAuditLog(db, maxProblems, recordedHead, (seq, hash) => {
    if (wanted.has(seq)) hashes.set(seq, hash);
  });
  const found = compareWithCheckpoints(signed, { head: chain.head, hashAt: (seq) => hashes.get(seq) });
  const problems = [...chain.problems, ...found].slice(0, maxProblems);
  const problemCount = chain.problemCount + found.length;
  const checkpoints: CheckpointReport = {
    found: lines.length,
    newest: newestOf(lines, (seq) => hashes.get(seq)),
    problems: fileProblems.slice(0, maxProblems),
    problemCount: fileProblems.length,
  };
  return { ...chain, ok: problemCount === 0 && fileProblems.length === 0, problemCount, problems, checkpoints };
}

function newestOf(lines: Awaited<ReturnType<typeof readCheckpoints>>, hashAt: (seq: number) => string | undefined): CheckpointSummary | null {
  let newest: CheckpointSummary | null = null;
  for (const { file, checkpoint: c } of lines) {
    if (!c || (newest && Date.parse(c.time) <= Date.parse(newest.time))) continue;
    const matchesChain = c.seq === 0 ? c.hash === GENESIS : hashAt(c.seq) === c.hash;
    newest = { seq: c.seq, hash: c.hash, time: c.time, keyId: c.keyId, writer: c.writer, file, signatureValid: signatureProblem(c) === null, matchesChain };
  }
  return newest;
}
