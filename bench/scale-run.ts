/**
 * Runs one scale-bench step as a child process (bench/scale-step.ts) with its output in a
 * log file, and ends it when it runs past its time limit. The wall time is the whole
 * process's, as `time hennep …` would show it.
 */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, rmSync } from 'node:fs';
import type { StepOutcome } from './scale-step.ts';

export interface StepRun {
  status: 'ok' | 'failed' | 'timed out';
  seconds: number;
  outcome: StepOutcome | null;
  /** What the step wrote to its standard output. */
  stdout: string;
  /** Why it failed: the step's own error or the last lines of its log. */
  reason?: string;
}

export interface StepSpec {
  task: 'hennep' | 'features' | 'reads';
  args: string[];
  env: NodeJS.ProcessEnv;
  /** Its standard output goes to LOG.out, its standard error to LOG.err. */
  logFile: string;
  timeoutSeconds: number;
}

function tail(file: string, lines = 6): string {
  if (!existsSync(file)) return '';
  // Progress bars redraw with \r: only the last state of each line is worth showing.
  const text = readFileSync(file, 'utf8')
    .split('\n')
    .map((l) => l.split('\r').at(-1) ?? '');
  return text
    .filter((l) => l.trim())
    .slice(-lines)
    .join(' ⏎ ');
}

const read = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8') : '');

export async function runStep(spec: StepSpec): Promise<StepRun> {
  const resultFile = `${spec.logFile}.result.json`;
  rmSync(resultFile, { force: true });
  const out = openSync(`${spec.logFile}.out`, 'w');
  const err = openSync(`${spec.logFile}.err`, 'w');
  const started = performance.now();
  // Its own process group, so that a step past its limit is ended with all it started.
  const child = spawn(process.execPath, ['bin/run-ts.js', 'bench/scale-step.ts', resultFile, spec.task, ...spec.args], {
    env: spec.env,
    stdio: ['ignore', out, err],
    detached: true,
  });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }, spec.timeoutSeconds * 1000);
  const { code, signal } = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (exitCode, exitSignal) => resolve({ code: exitCode, signal: exitSignal }));
  }).finally(() => {
    clearTimeout(timer);
    closeSync(out);
    closeSync(err);
  });
  const seconds = (performance.now() - started) / 1000;
  const outcome = existsSync(resultFile) ? (JSON.parse(readFileSync(resultFile, 'utf8')) as StepOutcome) : null;
  const stdout = read(`${spec.logFile}.out`);
  const lastWords = () => tail(`${spec.logFile}.err`) || tail(`${spec.logFile}.out`);
  if (timedOut)
    return {
      status: 'timed out',
      seconds,
      outcome,
      stdout,
      reason: `ended after ${spec.timeoutSeconds} s (the step's time limit); last output: ${lastWords()}`,
    };
  if (code !== 0 || !outcome || outcome.exitCode !== 0) {
    const how = signal ? `was ended by ${signal}` : `exited with ${code}`;
    return { status: 'failed', seconds, outcome, stdout, reason: `${how}: ${outcome?.error ?? lastWords()}` };
  }
  return { status: 'ok', seconds, outcome, stdout };
}
