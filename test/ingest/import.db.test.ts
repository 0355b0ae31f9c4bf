import { beforeEach, describe, expect, it } from 'vitest';
import { importDirectory } from '../../ingest/index.ts';
import { countRows, dumpSourceTables, useTestDatabase } from '../support/database.ts';
import { addressIdOf, addressRow, writeDelivery } from '../support/delivery.ts';

const TODAY = new Date('2026-11-28T12:00:00Z');

describe('importDirectory', () => {
  const db = useTestDatabase();
  beforeEach(() => db.reset());
  const load = (dir: string) => importDirectory(db.pool, dir, { today: TODAY });

  it('loads every valid row and quarantines an invalid postcode, an unknown address and a repeated report_id', async () => {
    const dir = writeDelivery({
      'addresses.csv': [addressRow(1), addressRow(2, { postcode: '0123AB' }), addressRow(3)],
      'reports.csv': [
        { report_id: 'R-1', address_id: addressIdOf(1), reported_on: '2022-03-01', category: 'odour', source: 'municipality' },
        { report_id: 'R-2', address_id: addressIdOf(99), reported_on: '2022-03-02', category: 'noise', source: 'police' },
        { report_id: 'R-1', address_id: addressIdOf(3), reported_on: '2022-03-03', category: 'humidity', source: 'police' },
        { report_id: 'R-3', address_id: addressIdOf(3), reported_on: '2022-03-04', category: 'other', source: 'anonymous' },
      ],
    });
    const report = await load(dir);

    expect(report.status).toBe('loaded');
    expect(report.quarantinedTotal).toBe(3);
    expect(report.quarantined).toEqual([
      { file: 'addresses.csv', line: 3, column: 'postcode', reason: expect.stringContaining("'0123AB'") },
      { file: 'reports.csv', line: 3, column: 'address_id', reason: expect.stringContaining('unknown address') },
      { file: 'reports.csv', line: 4, column: 'report_id', reason: expect.stringContaining('first is kept, at line 2') },
    ]);
    expect(report.files.find((f) => f.file === 'reports.csv')).toMatchObject({ rowsRead: 4, loaded: 2, quarantined: 2 });
    expect(await countRows(db.pool, 'addresses')).toBe(2);
    const { rows } = await db.pool.query('SELECT report_id, address_id FROM reports ORDER BY report_id');
    expect(rows).toEqual([
      { report_id: 'R-1', address_id: addressIdOf(1) },
      { report_id: 'R-3', address_id: addressIdOf(3) },
    ]);
  });

  it('keeps the delivered row, its line and the reason of each quarantined row in the quarantine table', async () => {
    const dir = writeDelivery({ 'addresses.csv': [addressRow(1), addressRow(2, { floor_area_m2: '5', dwelling_type: 'castle' })] });
    const report = await load(dir);
    const { rows } = await db.pool.query('SELECT run_id, file, line, column_name, reason, raw FROM quarantine');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ run_id: report.runId, file: 'addresses.csv', line: 3, column_name: 'floor_area_m2' });
    expect(rows[0].reason).toContain("floor_area_m2 '5' is outside 10–10000");
    expect(rows[0].reason).toContain("dwelling_type 'castle'");
    expect(rows[0].raw).toMatchObject({ address_id: addressIdOf(2), floor_area_m2: '5' });
  });

  it('leaves every table as it was when the same directory is imported again, counting the rows unchanged', async () => {
    const dir = writeDelivery({
      'addresses.csv': [addressRow(1), addressRow(2)],
      'occupancy.csv': [{ address_id: addressIdOf(1), valid_from: '2015-01-01', valid_to: '', registered_persons: '2' }],
      'energy.csv': [{ address_id: addressIdOf(1), year: '2022', electricity_kwh: '3100.5', gas_m3: '', smart_meter: 'ja' }],
      'companies.csv': [{ address_id: addressIdOf(2), registered_from: '2020-02-02', registered_to: '', sbi_code: '0113' }],
    });
    await load(dir);
    const before = await dumpSourceTables(db.pool);
    const again = await load(dir);
    expect(await dumpSourceTables(db.pool)).toEqual(before);
    const f = (file: string) => again.files.find((r) => r.file === file)!;
    expect(f('addresses.csv')).toMatchObject({ inserted: 0, updated: 0, unchanged: 2 });
    expect(f('energy.csv')).toMatchObject({ inserted: 0, updated: 0, unchanged: 1 });
    expect(f('occupancy.csv')).toMatchObject({ inserted: 0, replacedAddresses: 0, unchanged: 1 });
  });

  it('stores nothing of a delivery whose file turns out undecodable deep down, and keeps what was stored before', async () => {
    await load(writeDelivery({ 'addresses.csv': [addressRow(1)] }));
    const before = await dumpSourceTables(db.pool);
    const energy = Array.from({ length: 30_000 }, (_, i) => `${addressIdOf(1)},${2000 + (i % 20)},${i},,true`);
    const bytes = Buffer.concat([
      Buffer.from(`address_id,year,electricity_kwh,gas_m3,smart_meter\n${energy.join('\n')}\n`),
      Buffer.from(`${addressIdOf(1)},2021,1,,tru`),
      Buffer.from([0xff]),
      Buffer.from('\n'),
    ]);
    const report = await load(writeDelivery({ 'addresses.csv': [addressRow(1), addressRow(2)], 'energy.csv': bytes }));

    expect(report.status).toBe('rejected');
    expect(report.errors[0]).toMatchObject({ file: 'energy.csv', line: 30_002, column: 'smart_meter' });
    expect(await dumpSourceTables(db.pool)).toEqual(before);
    const runs = await db.pool.query('SELECT status FROM import_runs ORDER BY run_id');
    expect(runs.rows.map((r) => r.status)).toEqual(['loaded', 'rejected']);
  });

  it('names every refused file at once when several headers break the contract', async () => {
    const report = await load(
      writeDelivery({
        'addresses.csv': [addressRow(1)],
        'reports.csv': 'report_id,address_id,reported_on,category,source,melder_naam\n',
        'energy.csv': 'address_id,year,gas_m3,smart_meter\n',
      }),
    );
    expect(report.errors.map((e) => [e.file, e.column])).toEqual([
      ['energy.csv', 'electricity_kwh'],
      ['reports.csv', 'melder_naam'],
    ]);
    expect(await countRows(db.pool, 'addresses')).toBe(0);
  });

  it('keeps the first of overlapping periods and a later one that overlaps only a refused period', async () => {
    const period = (from: string, to: string) => ({ address_id: addressIdOf(1), valid_from: from, valid_to: to, registered_persons: '1' });
    const report = await load(
      writeDelivery({
        'addresses.csv': [addressRow(1)],
        'occupancy.csv': [period('2015-01-01', '2018-01-01'), period('2017-06-01', '2019-01-01'), period('2018-06-01', '')],
      }),
    );
    expect(report.quarantined.map((q) => [q.line, q.column])).toEqual([[3, 'valid_from']]);
    const { rows } = await db.pool.query('SELECT valid_from FROM occupancy ORDER BY valid_from');
    expect(rows.map((r) => r.valid_from)).toEqual(['2015-01-01', '2018-06-01']);
  });

  it('replaces all stored periods of an address a later delivery carries, and only of those', async () => {
    const period = (id: number, from: string, persons: string) => ({
      address_id: addressIdOf(id),
      valid_from: from,
      valid_to: '',
      registered_persons: persons,
    });
    await load(
      writeDelivery({
        'addresses.csv': [addressRow(1), addressRow(2)],
        'occupancy.csv': [period(1, '2015-01-01', '2'), period(2, '2016-01-01', '3')],
      }),
    );
    const report = await load(writeDelivery({ 'addresses.csv': [addressRow(3)], 'occupancy.csv': [period(1, '2020-05-01', '0')] }));

    expect(report.files.find((f) => f.file === 'occupancy.csv')).toMatchObject({ replacedAddresses: 1, inserted: 1 });
    const { rows } = await db.pool.query('SELECT address_id, valid_from, registered_persons FROM occupancy ORDER BY address_id');
    expect(rows).toEqual([
      { address_id: addressIdOf(1), valid_from: '2020-05-01', registered_persons: 0 },
      { address_id: addressIdOf(2), valid_from: '2016-01-01', registered_persons: 3 },
    ]);
  });

  it('quarantines a row with a field too many or too few instead of guessing which is which', async () => {
    const dir = writeDelivery({
      'addresses.csv': [addressRow(1)],
      'companies.csv': `address_id,registered_from,registered_to,sbi_code\n${addressIdOf(1)},2020-01-01,,0113,extra\n`,
    });
    const report = await load(dir);
    expect(report.quarantined).toEqual([
      { file: 'companies.csv', line: 2, column: null, reason: 'the row has 5 fields where the header has 4' },
    ]);
  });

  it('refuses a period that ends before it starts and an energy year after the delivery year', async () => {
    const report = await load(
      writeDelivery({
        'addresses.csv': [addressRow(1)],
        'occupancy.csv': [{ address_id: addressIdOf(1), valid_from: '2020-01-01', valid_to: '2019-01-01', registered_persons: '1' }],
        'energy.csv': [{ address_id: addressIdOf(1), year: '2027', electricity_kwh: '1', gas_m3: '', smart_meter: '0' }],
      }),
    );
    expect(report.quarantined.map((q) => [q.file, q.column])).toEqual([
      ['occupancy.csv', 'valid_to'],
      ['energy.csv', 'year'],
    ]);
  });
});
