/**
 * Staging: each delivered file is first loaded, validated row by row, into a
 * temporary table of the same shape plus its line number; rows that break a rule go
 * to a temporary quarantine. Rules that look across rows (keys, references, overlaps)
 * then run as set-based SQL before anything is merged. Temporary tables vanish with
 * the transaction, committed or not.
 */
import type pg from 'pg';
import type { FileSpec } from './contract.ts';

export const stagingTable = (spec: FileSpec) => `stg_${spec.table}`;

const BATCH_ROWS = 10_000;

export async function createStaging(client: pg.PoolClient, specs: readonly FileSpec[]): Promise<void> {
  for (const spec of specs) {
    await client.query(`CREATE TEMP TABLE ${stagingTable(spec)} (line bigint NOT NULL, LIKE ${spec.table}) ON COMMIT DROP`);
    // The contract's columns only: the municipality is not delivered, the merge takes it from the address (migration 012).
    await client.query(`ALTER TABLE ${stagingTable(spec)} DROP COLUMN IF EXISTS municipality_code`);
  }
  await client.query(`CREATE TEMP TABLE stg_quarantine (
    file text NOT NULL, line bigint NOT NULL, column_name text, reason text NOT NULL, raw jsonb NOT NULL
  ) ON COMMIT DROP`);
}

export interface QuarantineEntry {
  line: number;
  column: string | null;
  reason: string;
  raw: Record<string, string>;
}

/** Buffers rows of one file and writes them in bulk (one statement per batch). */
export class StagingWriter {
  private lines: number[] = [];
  private columns: unknown[][];
  private refused: QuarantineEntry[] = [];
  /** The batch being written while the next one is parsed; at most one at a time. */
  private inflight: Promise<unknown> = Promise.resolve();
  rowsLoaded = 0;
  rowsQuarantined = 0;

  constructor(
    private readonly client: pg.PoolClient,
    private readonly spec: FileSpec,
  ) {
    this.columns = spec.columns.map(() => []);
  }

  async add(line: number, values: readonly unknown[]): Promise<void> {
    this.lines.push(line);
    values.forEach((v, i) => this.columns[i]!.push(v));
    this.rowsLoaded += 1;
    if (this.lines.length >= BATCH_ROWS) await this.flushRows();
  }

  async quarantine(entry: QuarantineEntry): Promise<void> {
    this.refused.push(entry);
    this.rowsQuarantined += 1;
    if (this.refused.length >= BATCH_ROWS) await this.flushQuarantine();
  }

  async flush(): Promise<void> {
    await this.flushRows();
    await this.flushQuarantine();
    await this.inflight;
  }

  private async flushRows(): Promise<void> {
    if (this.lines.length === 0) return;
    const names = ['line', ...this.spec.columns.map((c) => c.name)];
    const casts = ['bigint', ...this.spec.columns.map((c) => c.type.sqlType)].map((t, i) => `$${i + 1}::${t}[]`);
    const values = [arrayLiteral(this.lines), ...this.columns.map(arrayLiteral)];
    await this.inflight;
    this.inflight = this.client.query(
      `INSERT INTO ${stagingTable(this.spec)} (${names.join(', ')}) SELECT * FROM unnest(${casts.join(', ')})`,
      values,
    );
    // An error surfaces at the next await of `inflight`; until then it must not count as unhandled.
    this.inflight.catch(() => undefined);
    this.lines = [];
    this.columns = this.spec.columns.map(() => []);
  }

  private async flushQuarantine(): Promise<void> {
    if (this.refused.length === 0) return;
    const r = this.refused;
    await this.client.query(
      `INSERT INTO stg_quarantine (file, line, column_name, reason, raw)
       SELECT $1, line, column_name, reason, raw::jsonb FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[]) AS q(line, column_name, reason, raw)`,
      [this.spec.file, r.map((e) => e.line), r.map((e) => e.column), r.map((e) => e.reason), r.map((e) => JSON.stringify(e.raw))],
    );
    this.refused = [];
  }
}

/**
 * A PostgreSQL array literal. Built here because node-postgres' own array encoding is
 * slower, and encoding dominates the staging of large files (ingest times: README,
 * Performance). Every element is quoted, so text needs only `"` and `\\` escaped.
 */
export function arrayLiteral(values: readonly unknown[]): string {
  const parts = new Array<string>(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined) parts[i] = 'NULL';
    else if (typeof v === 'number') parts[i] = String(v);
    else if (typeof v === 'boolean') parts[i] = v ? 't' : 'f';
    else parts[i] = `"${String(v).replace(/["\\]/g, '\\$&')}"`;
  }
  return `{${parts.join(',')}}`;
}
