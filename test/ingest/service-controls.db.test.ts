import { beforeEach, describe, expect, it } from 'vitest';
import { formatReport, importDirectory } from '../../ingest/index.ts';
import { useTestDatabase } from '../support/database.ts';
import { addressIdOf, addressRow, writeDelivery } from '../support/delivery.ts';

const TODAY = new Date('2026-11-28T12:00:00Z');

function inspection(id: string, address: number, on: string, reason: string, outcome = 'nothing_found'): Record<string, string> {
  return { inspection_id: id, address_id: addressIdOf(address), inspected_on: on, reason, outcome };
}

/**
 * Controls whose outcome the service records are stored under ids it gives them
 * (`risk_model-…`, `sample-…`); contract v1.1 keeps deliveries off those ids.
 */
describe('deliveries and the controls recorded by the service (contract v1.1)', () => {
  const db = useTestDatabase();
  const load = (dir: string) => importDirectory(db.pool, dir, { today: TODAY });
  /** As the service stores an outcome it records. */
  const recordByService = (id: string, address: number, on: string, reason: string, outcome: string) =>
    db.pool.query('INSERT INTO inspections (inspection_id, address_id, inspected_on, reason, outcome) VALUES ($1, $2, $3, $4, $5)', [
      id,
      addressIdOf(address),
      on,
      reason,
      outcome,
    ]);

  beforeEach(async () => {
    await db.reset();
    await load(writeDelivery({ 'addresses.csv': [addressRow(1), addressRow(2)] }));
    await recordByService('risk_model-17', 1, '2023-05-02', 'risk_model', 'cultivation');
    await recordByService('sample-4', 2, '2023-06-01', 'random', 'nothing_found');
  });

  it('quarantines a delivered id reserved for the service and leaves the recorded outcome alone', async () => {
    const report = await load(
      writeDelivery({
        'addresses.csv': [addressRow(1)],
        'inspections.csv': [
          inspection('risk_model-17', 1, '2023-05-02', 'risk_model'),
          inspection('sample-9', 2, '2023-07-01', 'random'),
          inspection('risk_model_17', 1, '2023-05-04', 'tip'),
          inspection('I-sample-1', 1, '2023-05-05', 'tip'),
        ],
      }),
    );
    const reserved = expect.stringContaining('id reserved for controls recorded by the service');
    expect(report.quarantined).toEqual([
      { file: 'inspections.csv', line: 2, column: 'inspection_id', reason: reserved },
      { file: 'inspections.csv', line: 3, column: 'inspection_id', reason: reserved },
    ]);
    expect(report.quarantined[0]!.reason).toMatch(/^inspection_id 'risk_model-17' begins with 'risk_model-'/);
    const { rows } = await db.pool.query('SELECT inspection_id, outcome FROM inspections ORDER BY inspection_id');
    expect(rows).toEqual([
      { inspection_id: 'I-sample-1', outcome: 'nothing_found' },
      { inspection_id: 'risk_model-17', outcome: 'cultivation' },
      { inspection_id: 'risk_model_17', outcome: 'nothing_found' },
      { inspection_id: 'sample-4', outcome: 'nothing_found' },
    ]);
  });

  it('lists a delivered risk_model or random control on the address and date of a recorded one as a probable duplicate, and loads it', async () => {
    const report = await load(
      writeDelivery({
        'addresses.csv': [addressRow(1)],
        'inspections.csv': [
          inspection('GEM-1', 1, '2023-05-02', 'risk_model', 'cultivation'),
          inspection('GEM-2', 1, '2023-05-02', 'tip'),
          inspection('GEM-3', 1, '2023-05-03', 'risk_model'),
          inspection('GEM-4', 2, '2023-06-01', 'random'),
          inspection('GEM-5', 2, '2023-06-01', 'random', 'found'),
        ],
      }),
    );
    expect(report.probableDuplicates).toEqual([
      { file: 'inspections.csv', line: 2, inspectionId: 'GEM-1', recordedAs: 'risk_model-17' },
      { file: 'inspections.csv', line: 5, inspectionId: 'GEM-4', recordedAs: 'sample-4' },
    ]);
    expect(report.probableDuplicatesTotal).toBe(2);
    expect(report.files.find((f) => f.file === 'inspections.csv')).toMatchObject({ loaded: 4, quarantined: 1 });
    expect(formatReport(report)).toContain('inspections.csv line 2, GEM-1: as risk_model-17');

    const run = await db.pool.query('SELECT report FROM import_runs WHERE run_id = $1', [report.runId]);
    expect(run.rows[0].report.probableDuplicates).toEqual(report.probableDuplicates);
  });

  it('lists no probable duplicates when the service recorded nothing on those days', async () => {
    const report = await load(
      writeDelivery({
        'addresses.csv': [addressRow(1)],
        'inspections.csv': [inspection('GEM-1', 1, '2023-05-01', 'risk_model'), inspection('GEM-2', 2, '2023-06-02', 'random')],
      }),
    );
    expect(report.probableDuplicates).toEqual([]);
    expect(report.probableDuplicatesTotal).toBe(0);
    expect(formatReport(report)).not.toContain('Probable duplicates');
  });
});
