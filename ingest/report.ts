import type { SourceFile } from './contract.ts';

export interface FileReport {
  file: SourceFile;
  present: boolean;
  /** Data rows read (the header and blank lines not counted). */
  rowsRead: number;
  /** Valid rows taken: inserted + updated + unchanged. */
  loaded: number;
  inserted: number;
  updated: number;
  unchanged: number;
  /** History files only: addresses whose stored rows this delivery replaced. */
  replacedAddresses: number;
  quarantined: number;
  warnings: string[];
}

export interface QuarantinedRow {
  file: string;
  line: number;
  column: string | null;
  reason: string;
}

/**
 * A delivered `risk_model` or `random` control on the address and date of a control the
 * service recorded (`recordedAs`): loaded, but probably that same control again.
 */
export interface ProbableDuplicate {
  file: 'inspections.csv';
  line: number;
  inspectionId: string;
  recordedAs: string;
}

export interface RejectionDetail {
  file: string;
  line: number | null;
  column: string | null;
  message: string;
}

export interface ImportReport {
  runId: number;
  directory: string;
  status: 'loaded' | 'rejected';
  startedAt: string;
  finishedAt: string;
  files: FileReport[];
  warnings: string[];
  /** Why the delivery was refused (status 'rejected'); nothing of it was stored. */
  errors: RejectionDetail[];
  /** Seconds per phase of a loaded run (read and stage, checks across rows, merge). */
  seconds: Record<string, number>;
  quarantinedTotal: number;
  /** The first QUARANTINE_LISTED refused rows; all are in the quarantine table. */
  quarantined: QuarantinedRow[];
  probableDuplicatesTotal: number;
  /** The first QUARANTINE_LISTED of them. */
  probableDuplicates: ProbableDuplicate[];
}

export const QUARANTINE_LISTED = 1000;

export function emptyFileReport(file: SourceFile, present: boolean): FileReport {
  return {
    file,
    present,
    rowsRead: 0,
    loaded: 0,
    inserted: 0,
    updated: 0,
    unchanged: 0,
    replacedAddresses: 0,
    quarantined: 0,
    warnings: [],
  };
}

/** The report as a person reads it on a terminal. */
export function formatReport(report: ImportReport): string {
  const out: string[] = [];
  const verdict = report.status === 'loaded' ? 'loaded' : 'REFUSED — nothing of this delivery was stored';
  out.push(`Import run ${report.runId} of ${report.directory}: ${verdict}`);
  for (const e of report.errors) out.push(`  error: ${e.message}`);
  out.push('');
  if (report.status === 'rejected') {
    out.push(
      `Files delivered: ${
        report.files
          .filter((f) => f.present)
          .map((f) => f.file)
          .join(', ') || 'none'
      }`,
    );
    out.push('Correct the file(s) named above and deliver the whole directory again.');
    for (const l of warningLines(report.warnings)) out.push(l);
    return out.join('\n');
  }
  const header = ['file', 'read', 'loaded', 'new', 'updated', 'unchanged', 'quarantined'];
  const rows = report.files.map((f) =>
    f.present
      ? [f.file, f.rowsRead, f.loaded, f.inserted, f.updated, f.unchanged, f.quarantined].map(String)
      : [f.file, '(not delivered)', '', '', '', '', ''],
  );
  const widths = header.map((h, i) => rows.reduce((w, r) => Math.max(w, r[i]!.length), h.length));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  out.push(line(header));
  for (const r of rows) out.push(line(r));
  const warnings = [...report.warnings, ...report.files.flatMap((f) => f.warnings.map((w) => `${f.file}: ${w}`))];
  for (const l of warningLines(warnings)) out.push(l);
  if (report.quarantinedTotal > 0) {
    out.push('', `Quarantined rows (${report.quarantinedTotal}; all kept in the quarantine table with run ${report.runId}):`);
    for (const q of report.quarantined.slice(0, 50)) out.push(`  ${q.file} line ${q.line}${q.column ? `, ${q.column}` : ''}: ${q.reason}`);
    if (report.quarantinedTotal > 50) out.push(`  … and ${report.quarantinedTotal - 50} more (--json lists up to ${QUARANTINE_LISTED})`);
  }
  for (const l of formatDuplicates(report)) out.push(l);
  return out.join('\n');
}

function formatDuplicates(report: ImportReport): string[] {
  if (report.probableDuplicatesTotal === 0) return [];
  const total = report.probableDuplicatesTotal;
  const out = ['', `Probable duplicates of controls recorded by the service (${total}; loaded — same address and date):`];
  for (const d of report.probableDuplicates.slice(0, 50)) out.push(`  ${d.file} line ${d.line}, ${d.inspectionId}: as ${d.recordedAs}`);
  if (total > 50) out.push(`  … and ${total - 50} more (--json lists up to ${QUARANTINE_LISTED})`);
  out.push('  Leave controls the service recorded out of later deliveries: otherwise each outcome counts twice.');
  return out;
}

/** The exit status of `hennep ingest`: 0 loaded, 2 refused whole. */
export function exitCodeFor(report: ImportReport): 0 | 2 {
  return report.status === 'loaded' ? 0 : 2;
}

function warningLines(warnings: readonly string[]): string[] {
  return warnings.length === 0 ? [] : ['', 'Warnings:', ...warnings.map((w) => `  ${w}`)];
}
