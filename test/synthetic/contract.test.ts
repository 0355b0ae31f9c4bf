import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { columnProblems, CONTRACT } from './contract-checker.ts';
import { END_YEAR, generateCity, records, START_YEAR, type GeneratedCity } from './fixtures.ts';
import { max } from 'simple-statistics';

const SOURCE_FILES = ['addresses.csv', 'occupancy.csv', 'energy.csv', 'reports.csv', 'inspections.csv', 'companies.csv'];
const FORBIDDEN = [
  'bsn',
  'name',
  'naam',
  'birth',
  'geboorte',
  'nationality',
  'nationaliteit',
  'ethnic',
  'etniciteit',
  'religion',
  'religie',
  'health',
  'gezondheid',
  'income',
  'inkomen',
  'benefit',
  'uitkering',
];
const ADDRESSES = 5000;

function duplicates(values: readonly string[]): string[] {
  const seen = new Set<string>();
  return values.filter((v) => (seen.has(v) ? true : (seen.add(v), false)));
}

describe('synthetic municipality: data contract', () => {
  let city: GeneratedCity;
  beforeAll(async () => {
    city = await generateCity(ADDRESSES, 7);
  });
  afterAll(() => city.remove());

  it('writes every file with exactly the contract columns, UTF-8 without BOM, \\n line ends and no quoting', () => {
    for (const file of [...SOURCE_FILES, 'truth.csv']) {
      const bytes = readFileSync(join(city.dir, file));
      expect(bytes.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf])), `${file} has a BOM`).toBe(false);
      const text = bytes.toString('utf8');
      expect(text.includes('\r'), `${file} has \\r`).toBe(false);
      expect(text.includes('"'), `${file} has quotes`).toBe(false);
      expect(text.endsWith('\n')).toBe(true);
      expect(city.read(file).header).toEqual(Object.keys(CONTRACT[file] ?? {}));
    }
  });

  it('carries no forbidden column and no protected attribute in the source files', () => {
    for (const file of SOURCE_FILES) {
      for (const column of city.read(file).header) {
        expect(
          FORBIDDEN.some((word) => column.toLowerCase().includes(word)),
          `${file}: ${column}`,
        ).toBe(false);
        expect(column).not.toBe('group');
      }
    }
  });

  it('passes every column rule in every row', () => {
    for (const file of [...SOURCE_FILES, 'truth.csv']) {
      const table = city.read(file);
      expect(table.rows.length, file).toBeGreaterThan(0);
      expect(columnProblems(file, table), file).toEqual([]);
    }
  });

  it('has a checker that would notice a selection probability of 0 or one on a control not drawn by chance', () => {
    const header = Object.keys(CONTRACT['inspections.csv'] ?? {});
    const row = (reason: string, p: string) => ['I-1', '0034010000000001', '2021-03-02', reason, 'nothing_found', p];
    const table = { header, rows: [row('random', '0.0003'), row('random', '0'), row('tip', '0.0003'), row('tip', '')] };
    expect(columnProblems('inspections.csv', table)).toEqual([
      'inspections.csv:3 selection_probability "0"',
      'inspections.csv:4 selection_probability "0.0003" on reason tip',
    ]);
  });

  it('gives unique 16-digit ids of municipality code, 01 and a sequence, with nested CBS codes and clustered RD coordinates', () => {
    const addresses = records(city.read('addresses.csv'));
    expect(addresses).toHaveLength(ADDRESSES);
    expect(duplicates(addresses.map((a) => a.address_id ?? ''))).toEqual([]);
    const misplaced = addresses.filter(
      (a) =>
        !/^003401[0-9]{10}$/.test(a.address_id ?? '') ||
        !/^WK0034[0-9]{2}$/.test(a.district_code ?? '') ||
        a.neighbourhood_code?.slice(2, 8) !== a.district_code?.slice(2) ||
        !(Number(a.x_rd) >= 140000 && Number(a.x_rd) <= 152000 && Number(a.y_rd) >= 480000 && Number(a.y_rd) <= 492000),
    );
    expect(misplaced.slice(0, 5)).toEqual([]);
    const districts = new Set(addresses.map((a) => a.district_code));
    expect(districts.size).toBeGreaterThanOrEqual(8);
    expect(districts.size).toBeLessThanOrEqual(12);
    const keys = addresses.map((a) => `${a.postcode}|${a.house_number}|${a.house_suffix}`);
    expect(duplicates(keys)).toEqual([]);
  });

  it('references only known addresses and keeps report, inspection and (address, year) energy keys unique', () => {
    const known = new Set(records(city.read('addresses.csv')).map((a) => a.address_id));
    for (const file of SOURCE_FILES.slice(1)) {
      const unknown = records(city.read(file)).filter((r) => !known.has(r.address_id));
      expect(unknown.length, file).toBe(0);
    }
    const energy = records(city.read('energy.csv'));
    expect(duplicates(energy.map((e) => `${e.address_id}|${e.year}`))).toEqual([]);
    expect(max(energy.map((e) => Number(e.year)))).toBeLessThanOrEqual(END_YEAR);
    expect(duplicates(records(city.read('reports.csv')).map((r) => r.report_id ?? ''))).toEqual([]);
    expect(duplicates(records(city.read('inspections.csv')).map((r) => r.inspection_id ?? ''))).toEqual([]);
  });

  it('writes occupancy periods that end after they start and never overlap', () => {
    const byAddress = new Map<string, Record<string, string>[]>();
    for (const period of records(city.read('occupancy.csv'))) {
      byAddress.set(period.address_id ?? '', [...(byAddress.get(period.address_id ?? '') ?? []), period]);
    }
    for (const [address, periods] of byAddress) {
      periods.sort((p, q) => (p.valid_from ?? '').localeCompare(q.valid_from ?? ''));
      periods.forEach((p, i) => {
        if (p.valid_to) expect(p.valid_to > (p.valid_from ?? ''), address).toBe(true);
        const next = periods[i + 1];
        if (next) expect(p.valid_to !== '' && (p.valid_to ?? '') <= (next.valid_from ?? ''), `${address} overlaps`).toBe(true);
      });
    }
  });

  it('dates signals inside the simulated years but never on 1 January, and company ends after their starts', () => {
    const dated = [
      ...records(city.read('reports.csv')).map((r) => r.reported_on ?? ''),
      ...records(city.read('inspections.csv')).map((r) => r.inspected_on ?? ''),
    ];
    for (const d of dated) {
      expect(Number(d.slice(0, 4))).toBeGreaterThanOrEqual(START_YEAR);
      expect(Number(d.slice(0, 4))).toBeLessThanOrEqual(END_YEAR);
      expect(d.endsWith('-01-01'), d).toBe(false);
    }
    for (const c of records(city.read('companies.csv')))
      if (c.registered_to) expect((c.registered_to ?? '') >= (c.registered_from ?? '')).toBe(true);
  });

  it('writes one truth row per address and year', () => {
    const truth = records(city.read('truth.csv'));
    expect(truth).toHaveLength(ADDRESSES * (END_YEAR - START_YEAR + 1));
    expect(duplicates(truth.map((t) => `${t.address_id}|${t.year}`))).toEqual([]);
  });
});
