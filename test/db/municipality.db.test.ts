import { beforeAll, describe, expect, it } from 'vitest';
import { importDirectory } from '../../ingest/index.ts';
import { useTestDatabase } from '../support/database.ts';
import { addressIdOf, addressRow, writeDelivery } from '../support/delivery.ts';

/**
 * The municipality code (migration 012) is carried by every table that holds rows per
 * address, so that a regional database can partition them by municipality; it always
 * agrees with the address's district code.
 */
describe('the municipality code on every row per address', () => {
  const db = useTestDatabase();
  const id = addressIdOf;
  const codeOf = async (table: string, where: string, value: string) =>
    (await db.pool.query<{ m: string }>(`SELECT municipality_code AS m FROM ${table} WHERE ${where} = $1`, [value])).rows.map((r) => r.m);

  beforeAll(async () => {
    const dir = writeDelivery({
      'addresses.csv': [addressRow(1), addressRow(2, { district_code: 'WK036301', neighbourhood_code: 'BU03630101' })],
      'energy.csv': [{ address_id: id(2), year: '2022', electricity_kwh: '3000', gas_m3: '900', smart_meter: 'true' }],
      'occupancy.csv': [{ address_id: id(2), valid_from: '2020-01-01', valid_to: '', registered_persons: '2' }],
      'reports.csv': [
        { report_id: 'R-1', address_id: id(1), reported_on: '2022-03-01', category: 'odour', source: 'police' },
        { report_id: 'R-2', address_id: id(2), reported_on: '2022-04-01', category: 'odour', source: 'police' },
      ],
      'inspections.csv': [{ inspection_id: 'I-1', address_id: id(2), inspected_on: '2022-05-01', reason: 'tip', outcome: 'nothing_found' }],
      'companies.csv': [{ address_id: id(2), registered_from: '2021-01-01', registered_to: '', sbi_code: '0113' }],
    });
    expect((await importDirectory(db.pool, dir)).status).toBe('loaded');
  });

  it('is the four digits after WK of the district code, on the address and on each of its rows as ingested', async () => {
    expect(await codeOf('addresses', 'address_id', id(1))).toEqual(['0034']);
    expect(await codeOf('addresses', 'address_id', id(2))).toEqual(['0363']);
    expect(await codeOf('reports', 'report_id', 'R-1')).toEqual(['0034']);
    for (const table of ['energy', 'occupancy', 'reports', 'inspections', 'companies'])
      expect(await codeOf(table, 'address_id', id(2)), table).toEqual(['0363']);
  });

  it('is filled from the address for a row written without it, and a row that names another municipality is refused', async () => {
    await db.pool.query(
      `INSERT INTO inspections (inspection_id, address_id, inspected_on, reason, outcome) VALUES ('I-2', $1, '2023-01-05', 'tip', 'nothing_found')`,
      [id(1)],
    );
    expect(await codeOf('inspections', 'inspection_id', 'I-2')).toEqual(['0034']);
    await expect(
      db.pool.query(
        `INSERT INTO inspections (inspection_id, address_id, inspected_on, reason, outcome, municipality_code) VALUES ('I-3', $1, '2023-01-05', 'tip', 'nothing_found', '0363')`,
        [id(1)],
      ),
    ).rejects.toThrow(/inspections_address_fkey/);
    await expect(
      db.pool.query(
        `INSERT INTO inspections (inspection_id, address_id, inspected_on, reason, outcome) VALUES ('I-4', '0000000000000999', '2023-01-05', 'tip', 'nothing_found')`,
      ),
    ).rejects.toThrow(/municipality_code/);
  });

  it('follows an address into another municipality, and a row moved to another address takes that one', async () => {
    await db.pool.query(`UPDATE addresses SET district_code = 'WK003402' WHERE address_id = $1`, [id(2)]);
    for (const table of ['energy', 'occupancy', 'reports', 'inspections', 'companies'])
      expect(await codeOf(table, 'address_id', id(2)), table).toEqual(['0034']);
    await db.pool.query(`UPDATE addresses SET district_code = 'WK036301' WHERE address_id = $1`, [id(2)]);
    await db.pool.query(`UPDATE reports SET address_id = $1 WHERE report_id = 'R-1'`, [id(2)]);
    expect(await codeOf('reports', 'report_id', 'R-1')).toEqual(['0363']);
  });

  it('stays on a stored record as it was written: a signal keeps the code of its address when it was proposed', async () => {
    const { rows } = await db.pool.query<{ m: string }>(
      `INSERT INTO models (family, backend, feature_names, artefact, training, data_fingerprint, metrics, fairness, drift, gate, training_seconds)
       VALUES ('logistic', 'wasm', '{}', '{}', '{}', 'x', '{}', '{}', '{}', '{}', 0) RETURNING version AS m`,
    );
    const version = Number(rows[0]!.m);
    await db.pool.query(
      `INSERT INTO signals (address_id, model_version, rank, explanation, proposed_by, proposed_at, proposal_reason, purpose)
       VALUES ($1, $2, 1, '{}', 'analist', now(), 'a proposal of the test', 'test')`,
      [id(1), version],
    );
    expect(await codeOf('signals', 'address_id', id(1))).toEqual(['0034']);
    await db.pool.query(`UPDATE addresses SET district_code = 'WK036302' WHERE address_id = $1`, [id(1)]);
    expect(await codeOf('signals', 'address_id', id(1))).toEqual(['0034']);
    expect(await codeOf('inspections', 'inspection_id', 'I-2')).toEqual(['0363']);
    // The derivation is guarded: a code that disagrees with the district cannot be stored by going around the trigger.
    await expect(
      db.pool.query(
        `ALTER TABLE addresses DISABLE TRIGGER addresses_municipality; UPDATE addresses SET municipality_code = '9999' WHERE address_id = '${id(1)}'`,
      ),
    ).rejects.toThrow(/addresses_municipality_of_district|violates/);
    await db.pool.query('ALTER TABLE addresses ENABLE TRIGGER addresses_municipality');
  });

  it('is on every table with an address_id column but the audit log, so that none is left out of a partition', async () => {
    const { rows } = await db.pool.query<{ table_name: string; has: boolean }>(
      `SELECT c.table_name, bool_or(m.column_name IS NOT NULL) AS has
       FROM information_schema.columns c
       JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
       LEFT JOIN information_schema.columns m ON m.table_schema = c.table_schema AND m.table_name = c.table_name AND m.column_name = 'municipality_code'
       WHERE c.table_schema = current_schema() AND c.column_name = 'address_id'
       GROUP BY c.table_name ORDER BY c.table_name`,
    );
    // The audit log gets a chain per municipality instead (docs/scale.md §6), not a copy outside its hashes.
    expect(rows.filter((r) => !r.has).map((r) => r.table_name)).toEqual(['audit_log']);
    expect(rows.map((r) => r.table_name)).toEqual(
      expect.arrayContaining(['addresses', 'energy', 'inspections', 'risk_scores', 'sample_members', 'signals']),
    );
  });
});
