import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { columnOf, END_YEAR, generateCity, records, START_YEAR, truthWithLabels, type GeneratedCity } from './fixtures.ts';
import { max, min } from 'simple-statistics';

const ADDRESSES = 20_000;

function share<T>(items: readonly T[], predicate: (item: T) => boolean): number {
  return items.filter(predicate).length / items.length;
}

function perThousand(counts: Record<number, number>): number[] {
  const values: number[] = [];
  for (let year = START_YEAR; year <= END_YEAR; year++) values.push((1000 * (counts[year] ?? 0)) / ADDRESSES);
  return values;
}

const mean = (values: readonly number[]) => values.reduce((a, b) => a + b, 0) / values.length;

describe('synthetic municipality: realism targets', () => {
  let city: GeneratedCity;
  beforeAll(async () => {
    city = await generateCity(ADDRESSES, 11);
  });
  afterAll(() => city.remove());

  it('has about 3 active cultivations per 1,000 dwellings in a year', () => {
    const active = perThousand(city.summary.activeCultivationsPerYear);
    expect(mean(active)).toBeGreaterThan(2.2);
    expect(mean(active)).toBeLessThan(4);
    for (const value of active) {
      expect(value).toBeGreaterThan(1.5);
      expect(value).toBeLessThan(5);
    }
  });

  it('finds about 1 cultivation per 1,000 dwellings a year', () => {
    const found = perThousand(city.summary.positivesPerYear);
    expect(mean(found)).toBeGreaterThan(0.6);
    expect(mean(found)).toBeLessThan(1.5);
    for (const value of found) {
      expect(value).toBeGreaterThan(0.3);
      expect(value).toBeLessThan(2);
    }
  });

  it('counts positive labels in the summary exactly as the inspections show them', () => {
    const positives: Record<number, number> = {};
    for (const t of truthWithLabels(city)) if (t.label) positives[t.year] = (positives[t.year] ?? 0) + 1;
    expect(positives).toEqual(city.summary.positivesPerYear);
  });

  it('has tip-driven controls that find nothing about one time in five', () => {
    const tips = records(city.read('inspections.csv')).filter((i) => i.reason === 'tip' && i.outcome !== 'no_access');
    expect(tips.length).toBeGreaterThan(100);
    const negative = share(tips, (i) => i.outcome === 'nothing_found');
    expect(negative).toBeGreaterThan(0.1);
    expect(negative).toBeLessThan(0.33);
  });

  it('has a Dutch-like housing stock', () => {
    const addresses = records(city.read('addresses.csv'));
    const targets: [string, string, number][] = [
      ['dwelling_type', 'apartment', 0.35],
      ['dwelling_type', 'terraced', 0.35],
      ['dwelling_type', 'semi_detached', 0.12],
      ['dwelling_type', 'detached', 0.1],
      ['dwelling_type', 'other', 0.08],
      ['ownership', 'owner_occupied', 0.55],
      ['ownership', 'social_rent', 0.28],
      ['ownership', 'private_rent', 0.15],
      ['ownership', 'unknown', 0.02],
    ];
    for (const [column, value, target] of targets) {
      expect(Math.abs(share(addresses, (a) => a[column] === value) - target), `${column}=${value}`).toBeLessThan(0.05);
    }
    const areas = (type: string) => addresses.filter((a) => a.dwelling_type === type).map((a) => Number(a.floor_area_m2));
    expect(min(areas('apartment'))).toBeGreaterThanOrEqual(45);
    expect(max(areas('apartment'))).toBeLessThanOrEqual(110);
    expect(min(areas('detached'))).toBeGreaterThanOrEqual(120);
    expect(max(areas('detached'))).toBeLessThanOrEqual(250);
    expect(share(addresses, (a) => Number(a.building_year) >= 1976)).toBeGreaterThan(0.9);
  });

  it('gives dwellings built from 2018 on no gas connection, and lets metered use rise when cultivating', () => {
    const builtFrom2018 = new Set(
      records(city.read('addresses.csv'))
        .filter((a) => Number(a.building_year) >= 2018)
        .map((a) => a.address_id),
    );
    const energy = city.read('energy.csv');
    const [ids, years, kwh, gas] = ['address_id', 'year', 'electricity_kwh', 'gas_m3'].map((name) => columnOf(energy, name)) as [
      string[],
      string[],
      string[],
      string[],
    ];
    expect(ids.every((id, i) => !builtFrom2018.has(id) || gas[i] === '')).toBe(true);
    const cultivating = new Set(
      truthWithLabels(city)
        .filter((t) => t.cultivating)
        .map((t) => `${t.addressId}|${t.year}`),
    );
    const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
    const grown = kwh.filter((_, i) => cultivating.has(`${ids[i]}|${years[i]}`)).map(Number);
    expect(grown.length).toBeGreaterThan(100);
    expect(median(grown)).toBeGreaterThan(1.2 * median(kwh.map(Number)));
  });

  it('never records nothing_found in a cultivating year nor a find in an idle one', () => {
    const state = new Map(truthWithLabels(city).map((t) => [`${t.addressId}|${t.year}`, t.cultivating]));
    for (const i of records(city.read('inspections.csv'))) {
      const cultivating = state.get(`${i.address_id}|${i.inspected_on?.slice(0, 4)}`);
      if (i.outcome === 'nothing_found') expect(cultivating).toBe(false);
      if (i.outcome === 'cultivation' || i.outcome === 'preparation') expect(cultivating).toBe(true);
    }
  });
});
