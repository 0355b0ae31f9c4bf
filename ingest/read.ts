import { join } from 'node:path';
import type pg from 'pg';
import { parseField } from './columns.ts';
import type { FileSpec, RowProblem } from './contract.ts';
import { readCsv } from './csv.ts';
import type { CsvRecord } from './csv-lines.ts';
import { planHeader, type HeaderPlan } from './header.ts';
import type { Delivery } from './delivery.ts';
import { stagingTable, StagingWriter } from './staging.ts';

/** Reads just the header of a file and checks it, so that all refusals come before any load. */
export async function checkHeader(path: string, spec: FileSpec): Promise<void> {
  for await (const { header } of readCsv(path, spec.file)) {
    planHeader(spec, header);
    return;
  }
}

/** Streams every delivered file into staging, row by row validated against the contract. */
export async function readDelivery(
  client: pg.PoolClient,
  dir: string,
  delivery: Delivery,
  onProgress: (bytesRead: number, bytesTotal: number) => void = () => undefined,
): Promise<void> {
  let bytesRead = 0;
  const countBytes = (n: number) => onProgress((bytesRead += n), delivery.bytesTotal);
  for (const spec of delivery.present) {
    const report = delivery.reports.find((r) => r.file === spec.file)!;
    const writer = new StagingWriter(client, spec);
    let plan: HeaderPlan | null = null;
    for await (const batch of readCsv(join(dir, spec.file), spec.file, countBytes)) {
      plan ??= planHeader(spec, batch.header);
      for (const record of batch.records) {
        report.rowsRead += 1;
        const parsed = parseRecord(spec, plan, record);
        if ('values' in parsed) await writer.add(record.line, parsed.values);
        else await writer.quarantine({ line: record.line, column: parsed.column, reason: parsed.reason, raw: rawRow(plan, record) });
      }
    }
    await writer.flush();
    // Fresh temporary tables have no statistics; without them the planner picks
    // nested loops for the checks across rows.
    await client.query(`ANALYZE ${stagingTable(spec)}`);
    if (plan && plan.unknownColumns.length > 0) {
      report.warnings.push(
        `column${plan.unknownColumns.length > 1 ? 's' : ''} ${plan.unknownColumns.map((c) => `'${c}'`).join(', ')} not in the data contract: ignored`,
      );
    }
  }
}

type Parsed = { values: unknown[] } | { column: string | null; reason: string };

/**
 * Validates one row. The first failing column (in contract order) is the one named;
 * the reason lists every failing column so that one correction round suffices.
 */
export function parseRecord(spec: FileSpec, plan: HeaderPlan, record: CsvRecord): Parsed {
  if (record.fields.length !== plan.names.length) {
    return { column: null, reason: `the row has ${record.fields.length} fields where the header has ${plan.names.length}` };
  }
  const values: unknown[] = [];
  const problems: RowProblem[] = [];
  const byName: Record<string, unknown> = {};
  spec.columns.forEach((col, i) => {
    const index = plan.indexes[i]!;
    const raw = index === -1 ? '' : record.fields[index]!;
    const result = parseField(col, raw);
    if (result.ok) {
      values.push(result.value);
      byName[col.name] = result.value;
    } else problems.push({ column: col.name, reason: `${col.name} '${raw.trim()}' ${result.reason}` });
  });
  if (problems.length === 0 && spec.rowRule) {
    const problem = spec.rowRule(byName);
    if (problem) problems.push({ column: problem.column, reason: `${problem.column} ${problem.reason}` });
  }
  if (problems.length > 0) return { column: problems[0]!.column, reason: problems.map((p) => p.reason).join('; ') };
  return { values };
}

function rawRow(plan: HeaderPlan, record: CsvRecord): Record<string, string> {
  const raw: Record<string, string> = {};
  plan.names.forEach((name, i) => (raw[name || `column ${i + 1}`] = record.fields[i] ?? ''));
  return raw;
}
