import { beforeAll, describe, expect, it } from 'vitest';
import { buildFeatures, FEATURE_NAMES, forEachFeatureBatch, forEachFeatureBatchIn, type FeatureMatrix } from '../../features/index.ts';
import { importDirectory } from '../../ingest/index.ts';
import { useTestDatabase } from '../support/database.ts';
import { addressIdOf, addressRow, writeDelivery } from '../support/delivery.ts';

const T = '2023-01-01';
const DAYS_PER_MONTH = 30.436875;

/** Three homes with hand-picked histories; every expected value below is worked out by hand. */
function smallCity(): string {
  const id = addressIdOf;
  const energy = (a: number, year: number, kwh: number, gas: string, smart: string) => ({
    address_id: id(a),
    year: String(year),
    electricity_kwh: String(kwh),
    gas_m3: gas,
    smart_meter: smart,
  });
  const report = (n: number, a: number, on: string, category: string) => ({
    report_id: `R-${n}`,
    address_id: id(a),
    reported_on: on,
    category,
    source: 'municipality',
  });
  const inspection = (n: number, a: number, on: string, outcome: string) => ({
    inspection_id: `I-${n}`,
    address_id: id(a),
    inspected_on: on,
    reason: 'tip',
    outcome,
  });
  return writeDelivery({
    'addresses.csv': [
      addressRow(1, {
        dwelling_type: 'terraced',
        floor_area_m2: '100',
        x_rd: '145000',
        y_rd: '485000',
        woz_value_eur: '300000',
        ownership: 'private_rent',
      }),
      addressRow(2, { dwelling_type: 'terraced', floor_area_m2: '100', x_rd: '145100', y_rd: '485000', woz_value_eur: '200000' }),
      addressRow(3, {
        dwelling_type: 'apartment',
        floor_area_m2: '50',
        x_rd: '146000',
        y_rd: '485000',
        woz_value_eur: '',
        neighbourhood_code: 'BU00340102',
      }),
    ],
    'energy.csv': [
      energy(1, 2022, 5000, '1000', 'true'),
      energy(1, 2021, 2500, '900', 'true'),
      energy(1, 2023, 99999, '1', 'false'),
      energy(2, 2022, 2000, '', 'false'),
    ],
    'occupancy.csv': [
      { address_id: id(1), valid_from: '2015-01-01', valid_to: '2022-07-01', registered_persons: '2' },
      { address_id: id(1), valid_from: '2023-01-01', valid_to: '', registered_persons: '5' },
      { address_id: id(2), valid_from: '2020-01-01', valid_to: '2023-06-01', registered_persons: '3' },
    ],
    'reports.csv': [
      report(1, 1, '2022-12-31', 'odour'),
      report(2, 1, '2022-01-01', 'odour'),
      report(3, 1, '2021-12-31', 'odour'),
      report(4, 1, '2023-01-01', 'odour'),
      report(5, 1, '2022-07-01', 'anonymous_tip'),
    ],
    'inspections.csv': [
      inspection(1, 1, '2021-03-01', 'cultivation'),
      inspection(2, 2, '2022-05-01', 'nothing_found'),
      inspection(3, 2, '2023-03-01', 'preparation'),
      inspection(4, 3, '2024-01-01', 'cultivation'),
    ],
    'companies.csv': [
      { address_id: id(2), registered_from: '2022-06-01', registered_to: '', sbi_code: '0113' },
      { address_id: id(2), registered_from: '2023-02-01', registered_to: '', sbi_code: '0113' },
      { address_id: id(1), registered_from: '2019-01-01', registered_to: '2022-12-01', sbi_code: '4690' },
      { address_id: id(1), registered_from: '2018-01-01', registered_to: '2023-05-01', sbi_code: '8121' },
    ],
  });
}

describe('buildFeatures', () => {
  const db = useTestDatabase();
  let matrix: FeatureMatrix;
  const feature = (address: number, name: string) => {
    const row = matrix.addressIds.indexOf(addressIdOf(address));
    return matrix.values[row * matrix.names.length + matrix.names.indexOf(name)];
  };

  beforeAll(async () => {
    expect((await importDirectory(db.pool, smallCity())).status).toBe('loaded');
    matrix = await buildFeatures(db.pool, T);
  });

  it('gives one row per address with every catalogue feature and finite values', () => {
    expect(matrix.addressIds).toEqual([1, 2, 3].map(addressIdOf));
    expect(matrix.names).toEqual(FEATURE_NAMES);
    expect(matrix.values.every(Number.isFinite)).toBe(true);
  });

  it('labels a find in the year from the reference date on, and not one a year later', () => {
    expect(matrix.labelsComplete).toBe(true);
    expect(matrix.labels).toEqual([0, 1, 0]);
  });

  it('uses energy of the year before only, compared with the peers of the same type', () => {
    expect(feature(1, 'kwh_per_m2')).toBe(50);
    expect(feature(1, 'kwh_peer_ratio')).toBeCloseTo(5000 / 3500, 12);
    expect(feature(1, 'kwh_change_ratio')).toBe(2);
    expect(feature(1, 'gas_m3_per_m2')).toBe(10);
    expect(feature(1, 'smart_meter')).toBe(1);
    expect([feature(2, 'no_gas_connection'), feature(2, 'gas_m3_per_m2'), feature(2, 'energy_missing')]).toEqual([1, 0, 0]);
    expect([feature(3, 'energy_missing'), feature(3, 'kwh_peer_ratio'), feature(3, 'kwh_change_ratio')]).toEqual([1, 1, 1]);
    // No apartment has energy data: the median kWh/m² of all dwellings (30 and 20) stands in.
    expect(feature(3, 'kwh_per_m2')).toBe(35);
  });

  it('reads occupancy as it stood just before the reference date, an end on or after it as unknown', () => {
    expect([feature(1, 'registered_persons'), feature(1, 'nobody_registered'), feature(1, 'm2_per_person')]).toEqual([0, 1, 100]);
    expect(feature(1, 'months_unoccupied_24m')).toBeCloseTo(184 / DAYS_PER_MONTH, 12);
    expect(feature(1, 'registration_changes_24m')).toBe(1);
    expect([feature(2, 'registered_persons'), feature(2, 'months_unoccupied_24m'), feature(2, 'registration_changes_24m')]).toEqual([
      3, 0, 0,
    ]);
  });

  it('counts reports within 12 and 36 months before the reference date, not on it', () => {
    expect(feature(1, 'reports_odour_12m')).toBe(2);
    expect(feature(1, 'reports_odour_36m')).toBe(3);
    expect(feature(1, 'months_since_anonymous_tip')).toBeCloseTo(184 / DAYS_PER_MONTH, 12);
    expect(feature(2, 'months_since_anonymous_tip')).toBe(120);
  });

  it('counts earlier finds at, near and around the address, never its own as a neighbour', () => {
    expect(feature(1, 'months_since_find')).toBeCloseTo(671 / DAYS_PER_MONTH, 12);
    expect(feature(2, 'negative_controls')).toBe(1);
    expect([1, 2, 3].map((a) => feature(a, 'finds_within_250m_36m'))).toEqual([0, 1, 0]);
    expect([1, 2, 3].map((a) => feature(a, 'finds_in_neighbourhood_36m'))).toEqual([0, 1, 0]);
  });

  it('describes the dwelling, its WOZ against the neighbourhood and its companies', () => {
    expect([feature(1, 'type_terraced'), feature(1, 'ownership_private_rent'), feature(3, 'type_apartment')]).toEqual([1, 1, 1]);
    expect(feature(1, 'woz_per_m2_ratio')).toBeCloseTo(1.2, 12);
    expect(feature(2, 'woz_per_m2_ratio')).toBeCloseTo(0.8, 12);
    expect([feature(3, 'woz_per_m2_ratio'), feature(3, 'woz_missing')]).toEqual([1, 1]);
    expect([feature(1, 'companies_registered'), feature(1, 'companies_started_12m')]).toEqual([1, 0]);
    expect([feature(2, 'companies_registered'), feature(2, 'companies_started_12m')]).toEqual([1, 1]);
  });

  it('leaves labels empty for a year whose data is not complete yet', async () => {
    const later = await buildFeatures(db.pool, '2024-01-01');
    expect(later.labelsComplete).toBe(false);
    expect(later.labels).toEqual([null, null, null]);
  });

  it('reads the same matrix through the cursor a row at a time as in one batch, batch by batch, and from a client in a transaction', async () => {
    const byRow = await buildFeatures(db.pool, T, 1);
    expect(byRow.addressIds).toEqual(matrix.addressIds);
    expect(byRow.labels).toEqual(matrix.labels);
    expect(byRow.values.length).toBe(matrix.addressIds.length * matrix.names.length);
    expect(Array.from(byRow.values)).toEqual(Array.from(matrix.values));
    const batches: FeatureMatrix[] = [];
    await forEachFeatureBatch(db.pool, T, (b) => void batches.push(b), 2);
    expect(batches.map((b) => b.addressIds.length)).toEqual([2, 1]);
    expect(batches.flatMap((b) => b.addressIds)).toEqual(matrix.addressIds);
    expect(batches.flatMap((b) => Array.from(b.values))).toEqual(Array.from(matrix.values));
    const client = await db.pool.connect();
    try {
      await client.query('BEGIN');
      const inTransaction = await buildFeatures(client, T);
      // Through a cursor of the caller's transaction, writing on the same connection between batches.
      await client.query('CREATE TEMPORARY TABLE seen (address_id text) ON COMMIT DROP');
      const ofTransaction: FeatureMatrix[] = [];
      await forEachFeatureBatchIn(
        client,
        T,
        async (b) => {
          ofTransaction.push(b);
          await client.query('INSERT INTO seen SELECT unnest($1::text[])', [b.addressIds]);
        },
        2,
      );
      const seen = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM seen');
      await client.query('COMMIT');
      expect(Array.from(inTransaction.values)).toEqual(Array.from(matrix.values));
      expect(ofTransaction.map((b) => b.addressIds.length)).toEqual([2, 1]);
      expect(ofTransaction.flatMap((b) => Array.from(b.values))).toEqual(Array.from(matrix.values));
      expect(seen.rows[0]!.n).toBe(3);
    } finally {
      client.release();
    }
  });

  it('refuses a reference date that is not a 1 January', async () => {
    await expect(buildFeatures(db.pool, '2023-03-01')).rejects.toThrow('1 January');
  });
});
