import { describe, expect, it } from 'vitest';
import { explain, featureSentence, formatNumber, topReasons } from '../../service/explain.ts';

describe('explanations in words', () => {
  it('fills the catalogue sentence with the value, the median and the year before the reference date, and says which way it pushes', () => {
    expect(featureSentence('kwh_per_m2', 85.26, 31.04, 1.234, '2025-01-01', 'nl')).toBe('Elektriciteitsverbruik 2024: 85,3 kWh per m² (mediaan: 31) — verhoogt de score (+1,23)');
    expect(featureSentence('kwh_per_m2', 12, 31.04, -0.5, '2025-01-01', 'en')).toBe('Electricity use 2024: 12 kWh per m² (median: 31) — lowers the score (−0.50)');
    expect(featureSentence('kwh_per_m2', 31, 31, 0.001, '2025-01-01', 'nl')).toContain('vrijwel geen invloed op de score');
    expect(featureSentence('kwh_per_m2', null, 31, 0.2, '2025-01-01', 'nl')).toContain('onbekend');
  });

  it('orders contributions by size, keeps their sum with the intercept equal to the logit, and picks the three that raise most', () => {
    const names = ['kwh_per_m2', 'smart_meter', 'energy_missing', 'no_gas_connection'];
    const stored = { score: -3.5, intercept: -4, contributions: [0.9, -0.2, 0.05, -0.25], featureValues: [80, 1, 0, 0] };
    const e = explain(names, stored, [30, 1, 0, 0], '2025-01-01', 'nl');
    expect(e.contributions.map((c) => c.feature)).toEqual(['kwh_per_m2', 'no_gas_connection', 'smart_meter', 'energy_missing']);
    expect(e.completenessError).toBeCloseTo(0, 12);
    expect(e.contributions[0]).toMatchObject({ value: 80, reference: 30, contribution: 0.9 });
    expect(topReasons(names, stored, [30, 1, 0, 0], '2025-01-01', 'en').map((r) => r.feature)).toEqual(['kwh_per_m2', 'energy_missing']);
  });
});

describe('number format', () => {
  it('writes numbers as Intl does for nl-NL and en-GB, over many magnitudes and decimals', () => {
    const values = [0, 1, -1, 0.5, -0.004, 0.0049, 12.345, 999.995, 1234.5, -98765.4321, 1234567.891, 0.1 + 0.2, 1e-9, 31.04, 85.26];
    for (const lang of ['nl', 'en'] as const) {
      for (const max of [0, 1, 2, 3]) {
        for (const v of values) {
          const intl = new Intl.NumberFormat(lang === 'nl' ? 'nl-NL' : 'en-GB', { minimumFractionDigits: 0, maximumFractionDigits: max }).format(v);
          expect(formatNumber(v, 0, max, lang), `${lang} ${v} ${max}`).toBe(intl);
        }
      }
    }
  });
});
