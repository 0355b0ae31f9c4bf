import { readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type pg from 'pg';
import { withTransaction } from '../db/index.ts';

import { contractFor, SOURCE_FILES, type FileSpec } from './contract.ts';
import type { Delivery } from './delivery.ts';
import { findProbableDuplicates } from './duplicates.ts';
import { DeliveryRejected, FileRejected } from './errors.ts';
import { mergeStaged } from './merge.ts';
import { emptyFileReport, QUARANTINE_LISTED, type ImportReport, type QuarantinedRow } from './report.ts';
import { checkHeader, readDelivery } from './read.ts';
import { checkCapacity } from './capacity.ts';
import { resolveConflicts } from './resolve.ts';
import { createStaging } from './staging.ts';

/** The advisory lock key of an import (the migration lock is 4,242,001, the audit chain's 4,242,002). */
const IMPORT_LOCK = 4_242_003;

export interface ImportOptions {
  /** The delivery date: year bounds of the contract follow it. Default: now. */
  today?: Date;
  /** Bytes read so far of all files, and their total size. */
  onProgress?: (bytesRead: number, bytesTotal: number) => void;
  /** The most addresses the database may hold after this delivery, and why: checked before anything is written. */
  maxAddresses?: { max: number; why: string };
}

/** Files in a delivery directory that are known not to be source data. */
const NOT_SOURCE_DATA: Record<string, string> = {
  'truth.csv': 'the synthetic ground truth is never ingested',
};

/**
 * Imports one delivery directory in one transaction: every valid row is stored and
 * every refused row quarantined, or — when a file breaks the contract as a whole —
 * nothing at all. Either way the run is recorded in import_runs.
 */
export async function importDirectory(pool: pg.Pool, directory: string, options: ImportOptions = {}): Promise<ImportReport> {
  const startedAt = new Date();
  const dir = resolve(directory);
  const specs = contractFor((options.today ?? startedAt).getUTCFullYear());
  const delivery = await surveyDirectory(dir, specs);
  if (options.maxAddresses && delivery.rejections.length === 0) await checkCapacity(pool, dir, options.maxAddresses);
  try {
    if (delivery.rejections.length > 0) throw new DeliveryRejected(delivery.rejections);
    return await withTransaction(pool, (client) => loadDelivery(client, dir, delivery, startedAt, options));
  } catch (error) {
    const rejections = error instanceof DeliveryRejected ? error.rejections : error instanceof FileRejected ? [error] : null;
    if (!rejections) throw error;
    return recordRejection(pool, dir, delivery, startedAt, rejections);
  }
}

async function surveyDirectory(dir: string, specs: readonly FileSpec[]): Promise<Delivery> {
  const delivery: Delivery = { present: [], reports: [], warnings: [], rejections: [], bytesTotal: 0, seconds: {} };
  const info = await stat(dir).catch(() => null);
  if (!info?.isDirectory()) throw new Error(`${dir} is not a directory`);
  for (const spec of specs) {
    const size = await stat(join(dir, spec.file)).then(
      (s) => (s.isFile() ? s.size : null),
      () => null,
    );
    delivery.reports.push(emptyFileReport(spec.file, size !== null));
    if (size === null) {
      if (spec.required)
        delivery.rejections.push(
          new FileRejected(
            spec.file,
            null,
            null,
            'is missing: every delivery needs addresses.csv (it may hold only new or changed addresses)',
          ),
        );
      continue;
    }
    delivery.present.push(spec);
    delivery.bytesTotal += size;
    await checkHeader(join(dir, spec.file), spec).catch((error: unknown) => {
      if (!(error instanceof FileRejected)) throw error;
      delivery.rejections.push(error);
    });
  }
  for (const name of (await readdir(dir)).sort()) {
    if ((SOURCE_FILES as readonly string[]).includes(name)) continue;
    delivery.warnings.push(
      `${name} is not a file of the data contract and was not read${NOT_SOURCE_DATA[name] ? ` (${NOT_SOURCE_DATA[name]})` : ''}`,
    );
  }
  return delivery;
}

async function loadDelivery(
  client: pg.PoolClient,
  dir: string,
  delivery: Delivery,
  startedAt: Date,
  options: ImportOptions,
): Promise<ImportReport> {
  // One import at a time: runs then commit in the order of their run ids, so the newest
  // run id names the newest data (the service keeps filter counts by it).
  await client.query('SELECT pg_advisory_xact_lock($1)', [IMPORT_LOCK]);
  const timer = phaseTimer();
  await createStaging(client, delivery.present);
  await readDelivery(client, dir, delivery, options.onProgress);
  timer.mark('read');
  await resolveConflicts(client, delivery.present);
  const inspections = delivery.present.find((spec) => spec.table === 'inspections');
  const duplicates = inspections ? await findProbableDuplicates(client, inspections) : { total: 0, listed: [] };
  timer.mark('checkAcrossRows');
  for (const spec of delivery.present) {
    const counts = await mergeStaged(client, spec);
    const report = delivery.reports.find((r) => r.file === spec.file)!;
    Object.assign(report, counts, { loaded: counts.inserted + counts.updated + counts.unchanged });
    // Fresh statistics after a bulk change: the feature query plans by them.
    if (counts.inserted + counts.updated > 0) await client.query(`ANALYZE ${spec.table}`);
  }
  timer.mark('merge');
  delivery.seconds = timer.seconds;
  const { rows: perFile } = await client.query<{ file: string; n: number }>('SELECT file, count(*) AS n FROM stg_quarantine GROUP BY file');
  for (const report of delivery.reports) report.quarantined = perFile.find((p) => p.file === report.file)?.n ?? 0;
  const base = baseReport(dir, delivery, startedAt, 'loaded');
  const { rows: run } = await client.query<{ run_id: number }>(
    `INSERT INTO import_runs (directory, started_at, status, report) VALUES ($1, $2, 'loaded', $3) RETURNING run_id`,
    [dir, startedAt, base],
  );
  const runId = run[0]!.run_id;
  await client.query(
    `INSERT INTO quarantine (run_id, file, line, column_name, reason, raw)
     SELECT $1, file, line, column_name, reason, raw FROM stg_quarantine`,
    [runId],
  );
  const { rows: listed } = await client.query<QuarantinedRow>(
    `SELECT file, line, column_name AS column, reason FROM stg_quarantine
     ORDER BY array_position($1::text[], file), line LIMIT ${QUARANTINE_LISTED}`,
    [SOURCE_FILES],
  );
  const report: ImportReport = {
    ...base,
    runId,
    quarantined: listed,
    probableDuplicatesTotal: duplicates.total,
    probableDuplicates: duplicates.listed,
  };
  // The stored report keeps the duplicates' lines: unlike quarantined rows, they are kept nowhere else.
  await client.query('UPDATE import_runs SET report = $2 WHERE run_id = $1', [runId, { ...report, quarantined: [] }]);
  return report;
}

function baseReport(dir: string, delivery: Delivery, startedAt: Date, status: ImportReport['status']): ImportReport {
  const quarantinedTotal = delivery.reports.reduce((n, r) => n + r.quarantined, 0);
  return {
    runId: 0,
    directory: dir,
    status,
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    files: delivery.reports,
    warnings: delivery.warnings,
    errors: [],
    seconds: delivery.seconds,
    quarantinedTotal,
    quarantined: [],
    probableDuplicatesTotal: 0,
    probableDuplicates: [],
  };
}

async function recordRejection(
  pool: pg.Pool,
  dir: string,
  delivery: Delivery,
  startedAt: Date,
  rejections: readonly FileRejected[],
): Promise<ImportReport> {
  for (const r of delivery.reports)
    Object.assign(r, { loaded: 0, inserted: 0, updated: 0, unchanged: 0, replacedAddresses: 0, quarantined: 0 });
  const report: ImportReport = { ...baseReport(dir, delivery, startedAt, 'rejected'), errors: rejections.map((r) => r.toJSON()) };
  const { rows } = await pool.query<{ run_id: number }>(
    `INSERT INTO import_runs (directory, started_at, status, report) VALUES ($1, $2, 'rejected', $3) RETURNING run_id`,
    [dir, startedAt, report],
  );
  return { ...report, runId: rows[0]!.run_id };
}

function phaseTimer() {
  let last = performance.now();
  const seconds: Record<string, number> = {};
  return {
    seconds,
    mark(phase: string) {
      const now = performance.now();
      seconds[phase] = Math.round(now - last) / 1000;
      last = now;
    },
  };
}
