import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { importDirectory } from '../../ingest/index.ts';
import { generateMunicipality } from '../../synthetic/index.ts';
import { dumpSourceTables, useTestDatabase } from '../support/database.ts';
import { addressIdOf, addressRow, writeDelivery } from '../support/delivery.ts';
import { temporaryDirectory } from '../support/tmp.ts';

const TODAY = new Date('2026-11-28T12:00:00Z');

/** An inspection row of contract v1.1; `selection_probability` empty unless given. */
function inspection(id: string, reason: string, selectionProbability = '', overrides: Record<string, string> = {}): Record<string, string> {
  return {
    inspection_id: id,
    address_id: addressIdOf(1),
    inspected_on: '2023-05-02',
    reason,
    outcome: 'nothing_found',
    selection_probability: selectionProbability,
    ...overrides,
  };
}

describe('inspections.csv selection_probability (contract v1.1)', () => {
  const db = useTestDatabase();
  beforeEach(() => db.reset());
  const load = (dir: string) => importDirectory(db.pool, dir, { today: TODAY });
  const stored = async () =>
    (await db.pool.query('SELECT inspection_id, selection_probability FROM inspections ORDER BY inspection_id')).rows;

  it('stores the probability of a random control, and null for one without it and for other reasons', async () => {
    const report = await load(
      writeDelivery({
        'addresses.csv': [addressRow(1)],
        'inspections.csv': [
          inspection('I-1', 'random', '0.0125'),
          inspection('I-2', 'random'),
          inspection('I-3', 'tip'),
          inspection('I-4', 'RANDOM', ' 1 '),
        ],
      }),
    );
    expect(report.quarantined).toEqual([]);
    expect(await stored()).toEqual([
      { inspection_id: 'I-1', selection_probability: 0.0125 },
      { inspection_id: 'I-2', selection_probability: null },
      { inspection_id: 'I-3', selection_probability: null },
      { inspection_id: 'I-4', selection_probability: 1 },
    ]);
  });

  it('quarantines 0, 1.5, a non-number and a probability on a tip row with line, column and reason, and loads the rest', async () => {
    const report = await load(
      writeDelivery({
        'addresses.csv': [addressRow(1)],
        'inspections.csv': [
          inspection('I-1', 'random', '0'),
          inspection('I-2', 'random', '1.5'),
          inspection('I-3', 'random', 'abc'),
          inspection('I-4', 'tip', '0.5'),
          inspection('I-5', 'random', '-0.1'),
          inspection('I-6', 'random', '"0,5"'), // a Dutch decimal comma, quoted
          inspection('I-7', 'random', '0.5'),
        ],
      }),
    );
    const refused = (line: number, reason: string) => ({ file: 'inspections.csv', line, column: 'selection_probability', reason });
    const outside = 'is outside (0, 1]: a probability above 0 and at most 1 (leave the field empty when unknown)';
    expect(report.quarantined).toEqual([
      refused(2, `selection_probability '0' ${outside}`),
      refused(3, `selection_probability '1.5' ${outside}`),
      refused(4, "selection_probability 'abc' is not a number (decimals use '.')"),
      refused(5, expect.stringMatching(/^selection_probability '0.5' is given on a control whose reason is 'tip': only random controls/)),
      refused(6, `selection_probability '-0.1' ${outside}`),
      refused(7, "selection_probability '0,5' is not a number (decimals use '.')"),
    ]);
    expect(await stored()).toEqual([{ inspection_id: 'I-7', selection_probability: 0.5 }]);
    const { rows } = await db.pool.query(`SELECT raw FROM quarantine WHERE line = 5`);
    expect(rows[0].raw).toMatchObject({ inspection_id: 'I-4', reason: 'tip', selection_probability: '0.5' });
  });

  it('loads a v1 file without the column as before, every probability null', async () => {
    const v1 =
      'inspection_id,address_id,inspected_on,reason,outcome\n' +
      `I-1,${addressIdOf(1)},2023-05-02,random,nothing_found\nI-2,${addressIdOf(1)},2023-05-03,tip,cultivation\n`;
    const report = await load(writeDelivery({ 'addresses.csv': [addressRow(1)], 'inspections.csv': v1 }));
    expect(report.quarantined).toEqual([]);
    expect(report.files.find((f) => f.file === 'inspections.csv')).toMatchObject({ loaded: 2, warnings: [] });
    expect(await stored()).toEqual([
      { inspection_id: 'I-1', selection_probability: null },
      { inspection_id: 'I-2', selection_probability: null },
    ]);
  });

  it('leaves every table as it was when the same delivery is imported again, counting the rows unchanged', async () => {
    const dir = writeDelivery({
      'addresses.csv': [addressRow(1)],
      'inspections.csv': [inspection('I-1', 'random', '0.004'), inspection('I-2', 'random'), inspection('I-3', 'tip')],
    });
    await load(dir);
    const before = await dumpSourceTables(db.pool);
    const again = await load(dir);
    expect(await dumpSourceTables(db.pool)).toEqual(before);
    expect(again.files.find((f) => f.file === 'inspections.csv')).toMatchObject({ inserted: 0, updated: 0, unchanged: 3 });
  });

  it('counts a row whose probability alone changed as updated and stores the new value', async () => {
    await load(
      writeDelivery({
        'addresses.csv': [addressRow(1)],
        'inspections.csv': [inspection('I-1', 'random', '0.004'), inspection('I-2', 'random')],
      }),
    );
    const report = await load(
      writeDelivery({
        'addresses.csv': [addressRow(1)],
        'inspections.csv': [inspection('I-1', 'random', '0.005'), inspection('I-2', 'random', '0.005')],
      }),
    );
    expect(report.files.find((f) => f.file === 'inspections.csv')).toMatchObject({ inserted: 0, updated: 2, unchanged: 0 });
    expect(await stored()).toEqual([
      { inspection_id: 'I-1', selection_probability: 0.005 },
      { inspection_id: 'I-2', selection_probability: 0.005 },
    ]);
  });

  it('treats a later v1 file as carrying no probability: a stored one is replaced by null (counted updated)', async () => {
    await load(writeDelivery({ 'addresses.csv': [addressRow(1)], 'inspections.csv': [inspection('I-1', 'random', '0.004')] }));
    const v1 = `inspection_id,address_id,inspected_on,reason,outcome\nI-1,${addressIdOf(1)},2023-05-02,random,nothing_found\n`;
    const report = await load(writeDelivery({ 'addresses.csv': [addressRow(1)], 'inspections.csv': v1 }));
    expect(report.files.find((f) => f.file === 'inspections.csv')).toMatchObject({ updated: 1, unchanged: 0 });
    expect(await stored()).toEqual([{ inspection_id: 'I-1', selection_probability: null }]);
  });

  it('stores the probability a generated city writes on each of its random controls', async () => {
    const dir = temporaryDirectory('city');
    await generateMunicipality({ addresses: 3000, seed: 3, startYear: 2016, endYear: 2024, outDir: dir });
    const written = readFileSync(join(dir, 'inspections.csv'), 'utf8')
      .split('\n')
      .filter((line) => line.includes(',random,'));
    const probability = Number(written[0]?.split(',')[5]);
    const report = await load(dir);

    expect(report.quarantinedTotal).toBe(0);
    const { rows } = await db.pool.query(
      `SELECT reason = 'random' AS random, count(*)::int AS controls, count(selection_probability)::int AS with_probability,
              min(selection_probability) AS lowest, max(selection_probability) AS highest
       FROM inspections GROUP BY 1 ORDER BY 1`,
    );
    expect(rows).toEqual([
      { random: false, controls: expect.any(Number), with_probability: 0, lowest: null, highest: null },
      { random: true, controls: written.length, with_probability: written.length, lowest: probability, highest: probability },
    ]);
    expect(written.length).toBeGreaterThan(0);
    expect(probability).toBeGreaterThan(0);
  });

  it('makes the database itself refuse a probability outside (0, 1] or on a control that was not drawn by chance', async () => {
    await load(writeDelivery({ 'addresses.csv': [addressRow(1)] }));
    const insert = (reason: string, p: number) =>
      db.pool.query(
        `INSERT INTO inspections (inspection_id, address_id, inspected_on, reason, outcome, selection_probability)
                     VALUES ($1, $2, '2023-05-02', $3, 'nothing_found', $4)`,
        [`DB-${reason}-${p}`, addressIdOf(1), reason, p],
      );
    await expect(insert('random', 0)).rejects.toThrow(/check constraint/);
    await expect(insert('random', 1.5)).rejects.toThrow(/check constraint/);
    await expect(insert('risk_model', 0.5)).rejects.toThrow(/inspections_selection_probability_random/);
    await insert('random', 1);
    expect(await stored()).toEqual([{ inspection_id: 'DB-random-1', selection_probability: 1 }]);
  });
});
