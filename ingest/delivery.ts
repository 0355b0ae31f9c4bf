/**
 * One delivery directory as the import sees it once surveyed: the contract files present,
 * their reports as they fill, and the refusals found before anything is loaded. Shared by
 * the import run, which surveys and records it, and the reader, which fills it.
 */
import type { FileSpec } from './contract.ts';
import type { FileRejected } from './errors.ts';
import type { FileReport } from './report.ts';

export interface Delivery {
  present: FileSpec[];
  reports: FileReport[];
  warnings: string[];
  rejections: FileRejected[];
  bytesTotal: number;
  /** Seconds per phase of the load, for operators and benchmarks. */
  seconds: Record<string, number>;
}
