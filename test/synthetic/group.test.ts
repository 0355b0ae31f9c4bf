import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { columnOf, generateCity, records, truthWithLabels, type GeneratedCity, type TruthRow } from './fixtures.ts';

/**
 * The protected group g never enters the source files and does not change cultivation, but
 * it triples the false anonymous tips: the bias a risk model can learn from tip-driven labels.
 */
describe('synthetic municipality: protected group', () => {
  let city: GeneratedCity;
  let truth: TruthRow[];
  let neighbourhoodOf: Map<string, string>;
  /** Address-years in which the dwelling exists (it has an energy row), keyed `id|year`. */
  let existing: Set<string>;

  beforeAll(async () => {
    city = await generateCity(30_000, 5);
    truth = truthWithLabels(city);
    neighbourhoodOf = new Map(records(city.read('addresses.csv')).map((a) => [a.address_id ?? '', a.neighbourhood_code ?? '']));
    const energy = city.read('energy.csv');
    const years = columnOf(energy, 'year');
    existing = new Set(columnOf(energy, 'address_id').map((id, i) => `${id}|${years[i]}`));
  });
  afterAll(() => city.remove());

  it('does not change the share of addresses that ever cultivate, within each neighbourhood (Mantel-Haenszel)', () => {
    const perAddress = new Map<string, { group: string; ever: boolean }>();
    for (const t of truth) {
      const entry = perAddress.get(t.addressId) ?? { group: t.group, ever: false };
      entry.ever ||= t.cultivating;
      perAddress.set(t.addressId, entry);
    }
    const strata = new Map<string, { n: number; b: number; ever: number; everB: number }>();
    for (const [id, a] of perAddress) {
      const s = strata.get(neighbourhoodOf.get(id) ?? '') ?? { n: 0, b: 0, ever: 0, everB: 0 };
      s.n += 1;
      s.b += a.group === 'b' ? 1 : 0;
      s.ever += a.ever ? 1 : 0;
      s.everB += a.ever && a.group === 'b' ? 1 : 0;
      strata.set(neighbourhoodOf.get(id) ?? '', s);
    }
    let observed = 0;
    let expected = 0;
    let variance = 0;
    for (const s of strata.values()) {
      if (s.n < 2) continue;
      observed += s.everB;
      expected += (s.b * s.ever) / s.n;
      variance += (s.b * (s.n - s.b) * s.ever * (s.n - s.ever)) / (s.n * s.n * (s.n - 1));
    }
    expect(observed).toBeGreaterThan(100);
    expect(Math.abs(observed - expected) / Math.sqrt(variance)).toBeLessThan(3);
  });

  it('gives group b about three times the false anonymous tips and more negative tip controls', () => {
    const state = new Map(truth.map((t) => [`${t.addressId}|${t.year}`, t]));
    const idleYears = { a: 0, b: 0 };
    for (const t of truth) if (!t.cultivating && existing.has(`${t.addressId}|${t.year}`)) idleYears[t.group === 'b' ? 'b' : 'a'] += 1;
    const falseTips = { a: 0, b: 0 };
    for (const r of records(city.read('reports.csv'))) {
      const t = state.get(`${r.address_id}|${r.reported_on?.slice(0, 4)}`);
      if (r.category === 'anonymous_tip' && t && !t.cultivating) falseTips[t.group === 'b' ? 'b' : 'a'] += 1;
    }
    const negativeTipControls = { a: 0, b: 0 };
    for (const i of records(city.read('inspections.csv'))) {
      const t = state.get(`${i.address_id}|${i.inspected_on?.slice(0, 4)}`);
      if (i.reason === 'tip' && i.outcome === 'nothing_found' && t) negativeTipControls[t.group === 'b' ? 'b' : 'a'] += 1;
    }
    const rate = (counts: { a: number; b: number }, g: 'a' | 'b') => counts[g] / idleYears[g];
    expect(falseTips.a).toBeGreaterThan(20);
    expect(rate(falseTips, 'b') / rate(falseTips, 'a')).toBeGreaterThan(2);
    expect(rate(falseTips, 'b') / rate(falseTips, 'a')).toBeLessThan(7);
    expect(rate(negativeTipControls, 'b')).toBeGreaterThan(rate(negativeTipControls, 'a'));
  });
});
