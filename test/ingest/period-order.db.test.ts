import { beforeEach, describe, expect, it } from 'vitest';
import { importDirectory } from '../../ingest/index.ts';
import { useTestDatabase } from '../support/database.ts';
import { addressIdOf, addressRow, writeDelivery } from '../support/delivery.ts';

const TODAY = new Date('2026-11-28T12:00:00Z');

const period = (from: string, to: string) => ({ address_id: addressIdOf(1), valid_from: from, valid_to: to, registered_persons: '2' });
const registration = (from: string, to: string) => ({
  address_id: addressIdOf(1),
  registered_from: from,
  registered_to: to,
  sbi_code: '4120',
});

/** Contract v1.1 states how a period's end relates to its start and to a reference date. */
describe('period ends', () => {
  const db = useTestDatabase();
  beforeEach(() => db.reset());
  const load = (files: Record<string, Array<Record<string, string>>>) =>
    importDirectory(db.pool, writeDelivery({ 'addresses.csv': [addressRow(1)], ...files }), { today: TODAY });

  it('refuses an occupancy period whose valid_to is not after its valid_from, naming valid_to', async () => {
    const report = await load({
      'occupancy.csv': [period('2015-01-01', '2018-01-01'), period('2019-03-01', '2019-03-01'), period('2020-09-01', '2020-07-01')],
    });
    expect(report.quarantined).toEqual([
      { file: 'occupancy.csv', line: 3, column: 'valid_to', reason: 'valid_to is not after valid_from (2019-03-01)' },
      { file: 'occupancy.csv', line: 4, column: 'valid_to', reason: 'valid_to is not after valid_from (2020-09-01)' },
    ]);
    expect((await db.pool.query('SELECT valid_from FROM occupancy')).rows).toEqual([{ valid_from: '2015-01-01' }]);
  });

  it('refuses a company registration that ends before it starts, and keeps one that ends the day it starts', async () => {
    const report = await load({ 'companies.csv': [registration('2022-05-01', '2021-05-01'), registration('2022-05-01', '2022-05-01')] });
    expect(report.quarantined).toEqual([
      { file: 'companies.csv', line: 2, column: 'registered_to', reason: 'registered_to is before registered_from (2022-05-01)' },
    ]);
    const { rows } = await db.pool.query('SELECT registered_from, registered_to FROM companies');
    expect(rows).toEqual([{ registered_from: '2022-05-01', registered_to: '2022-05-01' }]);
  });

  it('keeps periods that end after the delivery date: features treat them as open, ingest stores them as delivered', async () => {
    const report = await load({
      'occupancy.csv': [period('2015-01-01', '2027-06-01')],
      'companies.csv': [registration('2020-01-01', '2028-01-01')],
    });
    expect(report.quarantined).toEqual([]);
    expect((await db.pool.query('SELECT valid_to FROM occupancy')).rows).toEqual([{ valid_to: '2027-06-01' }]);
    expect((await db.pool.query('SELECT registered_to FROM companies')).rows).toEqual([{ registered_to: '2028-01-01' }]);
  });
});
