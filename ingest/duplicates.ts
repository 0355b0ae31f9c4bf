import type pg from 'pg';
import { SERVICE_INSPECTION_ID_PREFIXES, type FileSpec } from './contract.ts';
import { QUARANTINE_LISTED, type ProbableDuplicate } from './report.ts';
import { stagingTable } from './staging.ts';

/**
 * Delivered `risk_model` and `random` controls on the address and date of a control the
 * service recorded itself. They are loaded (a second control that day is possible), but
 * more likely the municipality's systems deliver the service's control again under an
 * id of their own, which would count its outcome twice; the report lists them so that
 * someone can tell.
 */
export async function findProbableDuplicates(
  client: pg.PoolClient,
  inspections: FileSpec,
): Promise<{ total: number; listed: ProbableDuplicate[] }> {
  const { rows } = await client.query<ProbableDuplicate & { total: number }>(
    `SELECT s.line, s.inspection_id AS "inspectionId", t.inspection_id AS "recordedAs", count(*) OVER () AS total
     FROM ${stagingTable(inspections)} s
     JOIN inspections t ON t.address_id = s.address_id AND t.inspected_on = s.inspected_on
     WHERE s.reason IN ('risk_model', 'random')
       AND EXISTS (SELECT 1 FROM unnest($1::text[]) AS p(prefix) WHERE starts_with(t.inspection_id, p.prefix))
     ORDER BY s.line, t.inspection_id
     LIMIT ${QUARANTINE_LISTED}`,
    [SERVICE_INSPECTION_ID_PREFIXES],
  );
  return {
    total: rows[0]?.total ?? 0,
    listed: rows.map(({ line, inspectionId, recordedAs }) => ({ file: 'inspections.csv', line, inspectionId, recordedAs })),
  };
}
