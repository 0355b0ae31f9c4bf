/**
 * The scale table: every step at every size, its time as a multiple of the same step's
 * time at the smallest size that step finished on the same database, and the peaks of
 * memory; then one line saying whether every step finished.
 */
import type { ScaleBench, ScaleRow } from './scale-types.ts';

/** The note of the steps after the embedded database refused a city above its limit, as it must: not run, and rightly so. */
export const AFTER_REFUSAL = 'not run: ingest refused this size, as it must';

const finished = (r: ScaleRow) => r.status === 'ok' || r.status === 'cached' || (r.status === 'not run' && r.note === AFTER_REFUSAL);
const done = (r: ScaleRow) => (r.status === 'ok' || r.status === 'cached') && r.seconds !== null;

function reference(rows: readonly ScaleRow[], row: ScaleRow): ScaleRow | undefined {
  return rows.filter((r) => r.database === row.database && r.step === row.step && done(r)).sort((a, b) => a.addresses - b.addresses)[0];
}

const mb = (value: number | null) => (value === null ? '–' : value.toFixed(0));
const seconds = (value: number | null) => (value === null ? '–' : value < 1 ? value.toFixed(3) : value.toFixed(1));

export function allFinished(bench: ScaleBench): boolean {
  return bench.rows.length > 0 && bench.rows.every(finished);
}

export function printScale(bench: ScaleBench): void {
  const { options, machine } = bench;
  const smallest = options.sizes[0]!;
  const sizes = options.sizes.map((s) => `${s.toLocaleString('en')}${s === smallest ? '' : ` (${(s / smallest).toFixed(1)}×)`}`).join(', ');
  console.log(
    `\nScale: ${sizes} addresses × 9 years; ${options.databases.join(' and ')}; family ${options.family}, ${options.trainYears} training years; ` +
      `each step a process of its own, ended after ${options.stepTimeoutSeconds} s; ${machine.cores} ` +
      `cores, ${machine.memoryGiB.toFixed(1)} GiB, Node ${machine.node}. ` +
      'Reads: the median of 5 requests through the service; under load, the 99th percentile of every request of 20 users at once. ' +
      "Peak RSS: the step's process (the embedded database runs inside it); " +
      'PostgreSQL backends: their private memory summed (shared buffers not counted).\n',
  );
  console.log(
    '| addresses | database | step | seconds | × smallest size | peak RSS MB | PostgreSQL backends MB | result |\n|---|---|---|---|---|---|---|---|',
  );
  for (const row of bench.rows) {
    const ref = done(row) ? reference(bench.rows, row) : undefined;
    const ratio = ref && ref !== row ? `${(row.seconds! / ref.seconds!).toFixed(2)}×` : ref ? '1.00×' : '–';
    const mark =
      row.status === 'ok' ? '✓' : row.status === 'cached' ? '✓ cached' : row.note === AFTER_REFUSAL ? '–' : `✗ ${row.status.toUpperCase()}`;
    const result = `${mark}${row.note ? ` — ${row.note}` : ''}`;
    console.log(
      `| ${row.addresses.toLocaleString('en')} | ${row.database} | ${row.step} | ${seconds(row.seconds)} ` +
        `| ${ratio} | ${mb(row.maxRssMb)} | ${mb(row.serverMb)} | ${result} |`,
    );
  }
  const load = `load average (1 min) ${machine.loadAtStart.toFixed(1)} at the start, ${machine.loadAtEnd?.toFixed(1) ?? '–'} at the end`;
  console.log(`\nThe machine is shared: ${load}.`);
  const missing = bench.rows.filter((r) => !finished(r));
  if (allFinished(bench))
    console.log(
      `\nEvery step finished: ${bench.rows.length} steps at ${options.sizes.length} size${options.sizes.length > 1 ? 's' : ''}. Logs: ${bench.logs}`,
    );
  else {
    const by = (status: string) => missing.filter((r) => r.status === status).length;
    const counts = `${by('failed')} failed, ${by('timed out')} timed out, ${by('not run')} not run (of ${bench.rows.length})`;
    console.log(`\nNOT every step finished: ${counts}; see the result column and the logs in ${bench.logs}`);
  }
}
