import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateCity, type GeneratedCity } from './fixtures.ts';

const FILES = ['addresses.csv', 'occupancy.csv', 'energy.csv', 'reports.csv', 'inspections.csv', 'companies.csv', 'truth.csv'];

describe('synthetic municipality: determinism', () => {
  const cities: GeneratedCity[] = [];
  afterAll(() => cities.forEach((city) => city.remove()));

  it('writes byte-identical files when run twice with one seed', async () => {
    const first = await generateCity(2000, 42);
    const second = await generateCity(2000, 42);
    cities.push(first, second);
    for (const file of FILES) {
      const a = readFileSync(join(first.dir, file));
      const b = readFileSync(join(second.dir, file));
      expect(a.length, file).toBeGreaterThan(0);
      expect(a.equals(b), `${file} differs between runs`).toBe(true);
    }
    expect(second.summary.rows).toEqual(first.summary.rows);
  });

  it('writes a different city for another seed', async () => {
    const other = await generateCity(2000, 43);
    cities.push(other);
    const reference = cities[0];
    if (!reference) throw new Error('the first test did not run');
    expect(readFileSync(join(other.dir, 'addresses.csv')).equals(readFileSync(join(reference.dir, 'addresses.csv')))).toBe(false);
  });

  it('reports row counts in its summary that match the files', async () => {
    const city = cities[0];
    if (!city) throw new Error('the first test did not run');
    for (const file of FILES) expect(city.summary.rows[file], file).toBe(city.read(file).rows.length);
    expect(city.summary.addresses).toBe(2000);
    expect(city.summary.years).toEqual([2016, 2024]);
  });
});
