/** What the scale bench is asked to run and what it records: shared by its runner, its steps, its options and its report. */

export interface ScaleOptions {
  sizes: number[];
  databases: Array<'postgres' | 'embedded'>;
  family: string;
  /** Largest size run on the embedded database. */
  embeddedMax: number;
  stepTimeoutSeconds: number;
  trainYears: number;
}

export interface ScaleRow {
  addresses: number;
  database: string;
  step: string;
  status: 'ok' | 'cached' | 'failed' | 'timed out' | 'not run';
  /** Wall time of the step's process, as `time hennep …` shows it; for a read, the median request. */
  seconds: number | null;
  /** The step's work alone, without starting Node and loading the code. */
  taskSeconds?: number;
  /** Peak resident memory of the step's process (for the embedded database: the database too). */
  maxRssMb: number | null;
  /** Peak private memory of the PostgreSQL backends serving the bench database. */
  serverMb: number | null;
  note?: string;
}

export interface ScaleBench {
  at: string;
  options: ScaleOptions;
  /** The machine is shared: its load average (1 minute) when the run began and ended. */
  machine: { cores: number; memoryGiB: number; node: string; loadAtStart: number; loadAtEnd?: number };
  rows: ScaleRow[];
  logs: string;
}
