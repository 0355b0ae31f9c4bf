import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drawControls } from '../../synthetic/controls.ts';
import { CONTROLS } from '../../synthetic/params.ts';
import { RANDOM_SELECTION_PROBABILITY } from '../../synthetic/rates.ts';
import { Rng } from '../../synthetic/rng.ts';
import { generateCity, records, type GeneratedCity } from './fixtures.ts';

/**
 * The generator's random controls are a sample with a known chance: each year every
 * address is drawn with one probability, independently of everything, and the
 * inspections carry that probability as their selection_probability.
 */
describe('synthetic municipality: random controls', () => {
  let city: GeneratedCity;
  beforeAll(async () => {
    city = await generateCity(5000, 11);
  });
  afterAll(() => city.remove());

  it('draws an address for a year as often as the probability it writes says (within four standard errors)', () => {
    const rng = new Rng(5, 99);
    const draws = 4_000_000;
    let drawn = 0;
    const written = new Set<number | null>();
    let mostInOneYear = 0;
    for (let i = 0; i < draws; i++) {
      const random = drawControls(rng, 2021, [], i % 2 === 0).filter((c) => c.reason === 'random');
      drawn += random.length;
      mostInOneYear = Math.max(mostInOneYear, random.length);
      for (const control of random) written.add(control.selectionProbability);
    }
    expect(mostInOneYear).toBe(1);
    expect([...written]).toEqual([RANDOM_SELECTION_PROBABILITY]);
    const expected = draws * RANDOM_SELECTION_PROBABILITY;
    expect(Math.abs(drawn - expected)).toBeLessThan(4 * Math.sqrt(expected * (1 - RANDOM_SELECTION_PROBABILITY)));
  });

  it('states the probability of drawing an address as 1 − e^(−rate) of the configured rate', () => {
    expect(RANDOM_SELECTION_PROBABILITY).toBeCloseTo(1 - Math.exp(-CONTROLS.random), 15);
    expect(RANDOM_SELECTION_PROBABILITY).toBeGreaterThan(0);
  });

  it('writes that probability, read back exactly, on every random control and on no other', () => {
    const inspections = records(city.read('inspections.csv'));
    const random = inspections.filter((i) => i.reason === 'random');
    expect(random.length).toBeGreaterThan(0);
    expect(random.filter((i) => Number(i.selection_probability) !== RANDOM_SELECTION_PROBABILITY)).toEqual([]);
    expect(inspections.filter((i) => i.reason !== 'random' && i.selection_probability !== '')).toEqual([]);
  });

  it('controls an address at most once a year at random', () => {
    const keys = records(city.read('inspections.csv'))
      .filter((i) => i.reason === 'random')
      .map((i) => `${i.address_id}|${i.inspected_on?.slice(0, 4)}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
