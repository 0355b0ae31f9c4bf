/**
 * The steps of the scale bench at one size on one database, as a user runs them (`hennep
 * migrate`, `hennep ingest`, `hennep train`, `hennep score`; the features of one reference date and the
 * service's risk-list reads by bench/scale-step.ts), and what each step's output says
 * beyond its time.
 */
import type { ScaleOptions } from './scale-types.ts';

export interface Step {
  /** For log file names. */
  key: string;
  name: string;
  task: 'hennep' | 'features' | 'reads';
  args: string[];
}

/** The reference date of the pipeline section's feature figure, for comparison. */
export const FEATURES_DATE = '2023-01-01';

export function stepsFor(cityDir: string, options: Pick<ScaleOptions, 'family' | 'trainYears'>): Step[] {
  return [
    // The schema first, so that creating the embedded database is not counted as ingest.
    { key: 'migrate', name: 'migrate (create the schema)', task: 'hennep', args: ['migrate'] },
    { key: 'ingest', name: 'ingest', task: 'hennep', args: ['ingest', '--dir', cityDir, '--json'] },
    { key: 'features', name: `features as of ${FEATURES_DATE}`, task: 'features', args: [FEATURES_DATE] },
    {
      key: 'train',
      name: `train (${options.family}, ${options.trainYears} training years)`,
      task: 'hennep',
      args: ['train', '--family', options.family, '--json'],
    },
    { key: 'score', name: 'score', task: 'hennep', args: ['score'] },
    { key: 'reads', name: 'risk-list reads', task: 'reads', args: [] },
  ];
}

/** The JSON object a command printed last (tfjs and others may print lines of their own before it). */
function lastJson<T>(stdout: string): T | null {
  const start = Math.max(stdout.lastIndexOf('\n{'), stdout.startsWith('{') ? 0 : -1);
  if (start < 0) return null;
  try {
    return JSON.parse(stdout.slice(start)) as T;
  } catch {
    return null;
  }
}

interface IngestReport {
  status: string;
  seconds: Record<string, number>;
  quarantinedTotal: number;
}

interface TrainOutcome {
  backend: string;
  promoted: boolean;
  reasons: string[];
  plan: { train: number[]; validation: number; test: number };
  candidates: Array<{ family: string; seconds: number; epochs: number }>;
}

/** A note for the table from what a finished step printed; `failed` when it finished without doing its work. */
export function noteOf(step: Step, stdout: string): { note?: string; failed?: boolean } {
  if (step.key === 'ingest') {
    const report = lastJson<IngestReport>(stdout);
    if (!report) return { note: 'no import report printed', failed: true };
    const phases = Object.entries(report.seconds)
      .map(([phase, s]) => `${phase} ${s.toFixed(1)} s`)
      .join(', ');
    return { note: `${phases}; ${report.quarantinedTotal} rows quarantined`, failed: report.status !== 'loaded' };
  }
  if (step.key === 'train') {
    const outcome = lastJson<TrainOutcome>(stdout);
    if (!outcome) return { note: 'no training outcome printed', failed: true };
    const fits = outcome.candidates.map((c) => `${c.family} fitted in ${c.seconds.toFixed(1)} s, ${c.epochs} epochs`).join('; ');
    const years = `train ${outcome.plan.train.join(', ')}, validate ${outcome.plan.validation}, test ${outcome.plan.test}`;
    if (!outcome.promoted) return { note: `not promoted, so nothing to score: ${outcome.reasons.join('; ')}`, failed: true };
    return { note: `${outcome.backend}; ${years}; ${fits}` };
  }
  if (step.key === 'score') return { note: stdout.split('\n').find((l) => l.startsWith('Risk list')) };
  return {};
}
