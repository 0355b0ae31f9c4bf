/**
 * One step of the scale bench in a process of its own, so that the step's peak resident
 * memory is its own: `run-ts.js bench/scale-step.ts RESULT.json TASK [ARGS]`, where TASK
 * is `hennep` (ARGS as for the hennep command), `features DATE` or `reads`. The database
 * comes from the environment, as for `hennep`. Writes the exit code, the task's own
 * seconds and the process's peak RSS to RESULT.json.
 */
import { writeFileSync } from 'node:fs';
import { main } from '../cli/index.ts';
import { withDatabase } from '../cli/index.ts';
import { buildFeatures } from '../features/index.ts';
import { riskListReads, type ReadTiming } from './scale-reads.ts';
import type { StoredList } from './scale-stored.ts';

export interface StepOutcome {
  exitCode: number;
  /** The task alone, without starting Node and loading the code. */
  taskSeconds: number;
  maxRssMb: number;
  reads?: ReadTiming[];
  /** After the reads: what the list takes on disk. */
  stored?: StoredList;
  error?: string;
}

async function runTask(task: string, args: string[]): Promise<Omit<StepOutcome, 'taskSeconds' | 'maxRssMb'>> {
  if (task === 'hennep') return { exitCode: await main(args) };
  if (task === 'features') {
    const matrix = await withDatabase((db) => buildFeatures(db.pool, args[0]!));
    process.stdout.write(`features as of ${matrix.referenceDate}: ${matrix.addressIds.length} addresses × ${matrix.names.length}\n`);
    return { exitCode: 0 };
  }
  if (task === 'reads') return { exitCode: 0, ...(await riskListReads((m) => process.stdout.write(`${m}\n`))) };
  throw new Error(`unknown scale step task '${task}'`);
}

const [resultFile, task, ...args] = process.argv.slice(2);
if (!resultFile || !task) {
  console.error('usage: run-ts.js bench/scale-step.ts RESULT.json hennep|features|reads [ARGS]');
  process.exit(2);
}
const started = performance.now();
let outcome: Omit<StepOutcome, 'taskSeconds' | 'maxRssMb'>;
try {
  outcome = await runTask(task, args);
} catch (error) {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  outcome = { exitCode: 1, error: (error as Error).message };
}
const taskSeconds = (performance.now() - started) / 1000;
// maxRSS is in kilobytes (KiB on Linux).
const result: StepOutcome = { ...outcome, taskSeconds, maxRssMb: process.resourceUsage().maxRSS / 1024 };
writeFileSync(resultFile, JSON.stringify(result));
// Whatever handles a library left open (a tfjs thread pool, a timer), the step is over.
process.exit(outcome.exitCode);
