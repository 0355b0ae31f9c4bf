/**
 * The checkpoint directory: one file per UTC day and writer (`2026-11-29.host.jsonl`), lines
 * only ever appended. A file per writer, because replicas sharing a directory over a
 * network file system cannot count on appends of several processes staying whole.
 */
import { mkdir, open, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { checkpointLineSchema, type CheckpointLine } from './line.ts';

/** A checkpoint file's name: the UTC day and the writer's host. */
const FILE_NAME = /^\d{4}-\d{2}-\d{2}\.[A-Za-z0-9._-]+\.jsonl$/;

export function checkpointFileName(time: Date, writer: string): string {
  const host = writer.replace(/:\d+$/, '').replace(/[^A-Za-z0-9._-]/g, '_') || 'host';
  return `${time.toISOString().slice(0, 10)}.${host}.jsonl`;
}

/** Appends one line and flushes it to the disk before returning: a checkpoint logged is a checkpoint kept. */
export async function appendCheckpoint(dir: string, line: CheckpointLine): Promise<string> {
  await mkdir(dir, { recursive: true });
  const file = checkpointFileName(new Date(line.time), line.writer);
  const handle = await open(join(dir, file), 'a', 0o644);
  try {
    await handle.write(`${JSON.stringify(line)}\n`);
    await handle.datasync();
  } finally {
    await handle.close();
  }
  return file;
}

export interface ReadLine {
  file: string;
  /** 1-based. */
  line: number;
  checkpoint: CheckpointLine | null;
  /** Why the line is not a checkpoint (when `checkpoint` is null). */
  problem?: string;
}

/**
 * Hands every line of every checkpoint file in the directory to `visit`, in file-name
 * order, one file in memory at a time; none when the directory does not exist. Other
 * files (a README, a shipper's state) are left alone.
 */
export async function forEachCheckpoint(dir: string, visit: (line: ReadLine) => void): Promise<void> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((name) => FILE_NAME.test(name)).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw new Error(
      `the audit checkpoint directory ${dir} cannot be read (${(error as Error).message}); check HENNEP_AUDIT_CHECKPOINT_DIR and its permissions`,
      { cause: error },
    );
  }
  for (const file of names) {
    const text = await readFile(join(dir, file), 'utf8');
    text.split('\n').forEach((raw, i) => {
      if (raw.trim() !== '') visit({ file, line: i + 1, ...parseLine(raw) });
    });
    // Checking a file's signatures takes a while: the service answers other requests in between.
    await new Promise((resolve) => setImmediate(resolve));
  }
}

function parseLine(raw: string): Pick<ReadLine, 'checkpoint' | 'problem'> {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { checkpoint: null, problem: 'it is not a checkpoint: not JSON (cut short or changed by hand)' };
  }
  const parsed = checkpointLineSchema.safeParse(json);
  if (parsed.success) return { checkpoint: parsed.data };
  const issue = parsed.error.issues[0]!;
  return { checkpoint: null, problem: `it is not a checkpoint: ${issue.path.join('.') || 'line'}: ${issue.message}` };
}
