/**
 * XGBoost as a peer of the TensorFlow.js models: bench/peer.py is trained on exactly the
 * matrix and split those models see, and only returns test-set probabilities, so that
 * every model is scored by the same metric code in training/metrics.ts.
 */
import { spawn } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** One split: `x` row-major `[rows, features]` in raw (unscaled) units, `y` 0/1 labels `[rows]`. */
export interface PeerSplit {
  x: Float64Array;
  y: ArrayLike<number>;
  rows: number;
}

export interface PeerResult {
  peer: 'xgboost';
  version: string;
  /** Wall time of the fit alone, in seconds. */
  fitSeconds: number;
  bestIteration: number;
  /** Average precision on the validation split, computed by scikit-learn: a sanity check only. */
  validAp: number;
  /** Predicted probabilities `[test rows]`, in test-row order. */
  testScores: Float64Array;
}

export type PeerOutcome = { ran: true; result: PeerResult } | { ran: false; reason: string };

const DEFAULT_PYTHON = '/usr/bin/python3';
const INSTALL_HINT = 'install with: apt-get install -y python3-sklearn python3-xgboost';
const SCRIPT = fileURLToPath(new URL('./peer.py', import.meta.url));
const STDERR_LINES = 20;

const scriptReport = z.object({
  peer: z.literal('xgboost'),
  version: z.string(),
  fitSeconds: z.number(),
  bestIteration: z.number().int().nonnegative(),
  validAp: z.number(),
  testScores: z.literal('test.scores.f64'),
});

interface ProcessResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a program without a shell; rejects only when it cannot be started. */
function run(program: string, args: readonly string[]): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function lastLines(text: string, count: number): string {
  return text.trimEnd().split('\n').slice(-count).join('\n');
}

/** Why the peer cannot run with this python, or null when it can. */
async function pythonProblem(python: string): Promise<string | null> {
  try {
    const check = await run(python, ['-c', 'import xgboost, sklearn.metrics, numpy']);
    if (check.code === 0) return null;
    return `${python} cannot import xgboost and scikit-learn (${lastLines(check.stderr, 1) || `exit code ${check.code}`}); ${INSTALL_HINT}`;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const what = code === 'ENOENT' ? 'does not exist' : `cannot be started (${code ?? String(error)})`;
    return `python ${python} ${what}; ${INSTALL_HINT}`;
  }
}

/** One split as little-endian float32, row-major `[rows, 1 + features]`, the label first. */
function encodeSplit(name: string, split: PeerSplit, features: number): Uint8Array {
  if (split.x.length !== split.rows * features || split.y.length !== split.rows) {
    throw new Error(
      `${name} split: expected ${split.rows} rows of ${features} features and ${split.rows} labels, got ${split.x.length} values and ${split.y.length} labels`,
    );
  }
  const width = 1 + features;
  const view = new DataView(new ArrayBuffer(split.rows * width * 4));
  for (let row = 0; row < split.rows; row++) {
    view.setFloat32(row * width * 4, split.y[row]!, true);
    for (let f = 0; f < features; f++) view.setFloat32((row * width + 1 + f) * 4, split.x[row * features + f]!, true);
  }
  return new Uint8Array(view.buffer);
}

async function writeInputs(
  workDir: string,
  split: Record<'train' | 'valid' | 'test', PeerSplit>,
  features: readonly string[],
  seed: number,
  threads: number,
): Promise<void> {
  await mkdir(workDir, { recursive: true });
  for (const name of ['train', 'valid', 'test'] as const) {
    await writeFile(join(workDir, `${name}.f32`), encodeSplit(name, split[name], features.length));
  }
  const rows = { train: split.train.rows, valid: split.valid.rows, test: split.test.rows };
  await writeFile(join(workDir, 'meta.json'), JSON.stringify({ features, rows, seed, threads }));
}

async function readScores(path: string, rows: number): Promise<Float64Array> {
  const bytes = await readFile(path);
  if (bytes.length !== rows * 8) throw new Error(`${path} holds ${bytes.length} bytes, expected ${rows} float64 scores`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  return Float64Array.from({ length: rows }, (_, i) => view.getFloat64(i * 8, true));
}

/**
 * Trains XGBoost on the given split and returns its test-set probabilities. Answers
 * `{ ran: false }` when the python lacks xgboost, so that the benchmark runs without it;
 * throws when the script itself fails.
 */
export async function runXgboostPeer(
  split: { train: PeerSplit; valid: PeerSplit; test: PeerSplit },
  features: readonly string[],
  options: { seed: number; threads?: number; workDir: string; python?: string },
): Promise<PeerOutcome> {
  const python = options.python ?? DEFAULT_PYTHON;
  const problem = await pythonProblem(python);
  if (problem !== null) return { ran: false, reason: problem };

  await writeInputs(options.workDir, split, features, options.seed, options.threads ?? availableParallelism());
  const script = await run(python, [SCRIPT, options.workDir]);
  if (script.code !== 0) throw new Error(`bench/peer.py failed with exit code ${script.code}:\n${lastLines(script.stderr, STDERR_LINES)}`);

  const reportLine = lastLines(script.stdout, 1);
  let report: z.infer<typeof scriptReport>;
  try {
    report = scriptReport.parse(JSON.parse(reportLine));
  } catch (error) {
    throw new Error(`bench/peer.py printed an unexpected report: ${reportLine}`, { cause: error });
  }
  const testScores = await readScores(join(options.workDir, report.testScores), split.test.rows);
  return { ran: true, result: { ...report, testScores } };
}
