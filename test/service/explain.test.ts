import { describe, expect, it } from 'vitest';
import { FEATURE_CATALOGUE, imputationIndicators } from '../../features/index.ts';
import { reasonTerms } from '../../models/index.ts';
import { RECENCY_CAP_MONTHS } from '../../features/sql.ts';
import type { Lang } from '../../config/index.ts';
import { Explainer, type StoredScore } from '../../service/risk/explain.ts';
import { formatNumber } from '../../service/risk/explain-values.ts';

const DATE = '2025-01-01';
const FLAGS = FEATURE_CATALOGUE.filter((f) => f.unit === 'flag');
const RECENCIES = FEATURE_CATALOGUE.filter((f) => f.name.startsWith('months_since_'));

const explainer = new Explainer();
const featureSentence = (
  name: string,
  value: number | null,
  reference: number | null,
  contribution: number,
  referenceDate: string,
  lang: Lang,
) => explainer.featureSentence({ name, value, reference, contribution }, referenceDate, lang);
const explain = (names: string[], stored: StoredScore, medians: number[], referenceDate: string, lang: Lang) =>
  explainer.explain({ names, medians, referenceDate }, stored, lang);
const topReasons = (names: string[], stored: StoredScore, medians: number[], referenceDate: string, lang: Lang) =>
  explainer.topReasons({ names, medians, referenceDate }, stored, lang);

describe('explanations in words', () => {
  it('fills the catalogue sentence with the value, the median and the year before the reference date, and says what the contribution does against an average home', () => {
    expect(featureSentence('kwh_per_m2', 85.26, 31.04, 1.234, DATE, 'nl')).toBe(
      'Elektriciteitsverbruik 2024: 85,3 kWh per m² (mediaan: 31) — verhoogt de score ten opzichte van een gemiddelde woning (+1,23)',
    );
    expect(featureSentence('kwh_per_m2', 12, 31.04, -0.5, DATE, 'en')).toBe(
      'Electricity use 2024: 12 kWh per m² (median: 31) — lowers the score compared with an average home (−0.50)',
    );
    expect(featureSentence('kwh_per_m2', 31, 31, 0.001, DATE, 'nl')).toContain(
      'maakt vrijwel geen verschil ten opzichte van een gemiddelde woning',
    );
    expect(featureSentence('kwh_per_m2', null, 31, 0.2, DATE, 'nl')).toContain('onbekend');
  });

  it('orders contributions by size, keeps their sum with the intercept equal to the logit, and picks the three that raise most', () => {
    const names = ['kwh_per_m2', 'smart_meter', 'energy_missing', 'no_gas_connection'];
    const stored = { score: -3.5, intercept: -4, contributions: [0.9, -0.2, 0.05, -0.25], featureValues: [80, 1, 0, 0] };
    const e = explain(names, stored, [30, 1, 0, 0], DATE, 'nl');
    expect(e.contributions.map((c) => c.feature)).toEqual(['kwh_per_m2', 'no_gas_connection', 'smart_meter', 'energy_missing']);
    expect(e.completenessError).toBeCloseTo(0, 12);
    expect(e.contributions[0]).toMatchObject({ value: 80, reference: 30, contribution: 0.9, valueText: '80', referenceText: '30' });
    expect(topReasons(names, stored, [30, 1, 0, 0], DATE, 'en').map((r) => r.feature)).toEqual(['kwh_per_m2', 'energy_missing']);
  });

  it("shows a pair term of the additive model as a line of its own, read after the features' contributions, within the exact sum", () => {
    const names = ['kwh_peer_ratio', 'ownership_owner_occupied', 'smart_meter'];
    // The stored score holds the features' contributions, then the pair's.
    const stored = { score: -2.6, intercept: -4, contributions: [0.9, -0.2, 0.1, 0.6], featureValues: [3.1, 1, 0] };
    const basis = { names, medians: [1, 0, 1], referenceDate: DATE, pairs: [[0, 1]] as Array<[number, number]> };
    const e = explainer.explain(basis, stored, 'nl');
    expect(e.contributions).toHaveLength(4);
    expect(e.completenessError).toBeCloseTo(0, 12);
    const pair = e.contributions.find((c) => c.pair)!;
    expect(pair).toMatchObject({
      feature: 'kwh_peer_ratio × ownership_owner_occupied',
      pair: ['kwh_peer_ratio', 'ownership_owner_occupied'],
      contribution: 0.6,
    });
    expect(pair.sentence).toMatch(
      /^Samenspel van elektriciteitsverbruik als veelvoud .* en .*, bovenop het effect van elk apart — verhoogt de score/,
    );
    expect(e.contributions.map((c) => c.feature)).toEqual([
      'kwh_peer_ratio',
      'kwh_peer_ratio × ownership_owner_occupied',
      'ownership_owner_occupied',
      'smart_meter',
    ]);
    const reasons = explainer.topReasons(basis, stored, 'en');
    expect(reasons.map((r) => r.feature)).toEqual(['kwh_peer_ratio', 'kwh_peer_ratio × ownership_owner_occupied', 'smart_meter']);
    expect(reasons[1]!.sentence).toMatch(
      /^Interplay of electricity use as a multiple .*, beyond the effect of each alone — raises the score/,
    );
  });
});

describe('reasons from the terms scoring stored', () => {
  const names = ['kwh_peer_ratio', 'ownership_owner_occupied', 'energy_missing', 'smart_meter'];
  const basis = { names, medians: [1, 0, 0, 1], referenceDate: DATE, pairs: [[0, 1]] as Array<[number, number]> };
  const indicators = imputationIndicators(names);
  /** The three largest raising terms as the list picked them before scoring stored them: every term, filtered, sorted (stable), cut. */
  const oracle = (contributions: number[], sign: 1 | -1 = 1) =>
    contributions
      .slice(0, names.length + 1)
      .map((c, j) => ({ j, c }))
      .filter((t) => t.c * sign > 0)
      .sort((a, b) => sign * (b.c - a.c))
      .slice(0, 3)
      .map((t) => t.j);

  it('picks the terms the whole-list sort picked, with ties, lowering terms, NaN and a number past the terms', () => {
    const cases = [
      [0.9, 0.2, 0.1, 0.05, 0.6],
      [0.4, 0.4, -0.9, 0.4, 0.4],
      [Number.NaN, -0.1, 0.3, 0, 0.3, 7],
      [-0.2, -0.4, -0.4, -0.1, -0.3],
      [0, 0, 0, 0, 0],
    ];
    for (const contributions of cases)
      for (const sign of [1, -1] as const) {
        const terms = reasonTerms({ contributions, values: null, features: names.length, pairs: 1, indicators }, 3, sign);
        expect(
          terms.map((t) => t.term),
          `${contributions} sign ${sign}`,
        ).toEqual(oracle(contributions, sign));
      }
  });

  it('reads stored terms in the same words as the reasons picked from every contribution: features, an imputed value, a pair term', () => {
    const stored = { score: -2.6, intercept: -4, contributions: [0.9, 0.2, 0.1, 0, 0.6], featureValues: [3.1, 1, 1, 0] };
    const picked = explainer.topReasons(basis, stored, 'nl');
    expect(picked.map((r) => r.feature)).toEqual([
      'kwh_peer_ratio',
      'kwh_peer_ratio × ownership_owner_occupied',
      'ownership_owner_occupied',
    ]);
    expect(picked[0]!.sentence).toContain('onbekend (aangevuld');
    const terms = [
      { term: 0, contribution: 0.9, value: 3.1, imputed: true },
      { term: 4, contribution: 0.6, value: null, imputed: false },
      { term: 1, contribution: 0.2, value: 1, imputed: false },
    ];
    expect(explainer.reasons(basis, terms, 'nl')).toEqual(picked);
  });

  it("refuses a stored term the list's model does not have, naming it", () => {
    const one = { names: ['kwh_peer_ratio'], medians: [1], referenceDate: DATE };
    expect(() => explainer.reasons(one, [{ term: 3, contribution: 0.2, value: null, imputed: false }], 'en')).toThrow(/term 3/);
  });
});

describe('a yes/no feature reads as its state, never as a 0 or 1', () => {
  it('covers every flag of the catalogue', () => {
    expect(FLAGS.length).toBeGreaterThanOrEqual(15);
    for (const f of FLAGS) expect(f.states, f.name).toBeDefined();
  });

  for (const f of FLAGS) {
    for (const value of [0, 1] as const) {
      it(`${f.name} = ${value}`, () => {
        for (const lang of ['nl', 'en'] as const) {
          const state = f.states![lang][value];
          const text = featureSentence(f.name, value, 1 - value, 0.33, DATE, lang);
          expect(text, `${lang}: ${text}`).toContain(state);
          // The state stands where the number stood: no "(0)", ": 1" or "1 = ja" left over.
          expect(text.split(' — ')[0], `${lang}: ${text}`).not.toMatch(/\d = |\(\d\)|: \d\b/);
          const [c] = explain(
            [f.name],
            { score: 0.33, intercept: 0, contributions: [0.33], featureValues: [value] },
            [1 - value],
            DATE,
            lang,
          ).contributions;
          expect(c!.valueText).toBe(state);
          expect(c!.referenceText).toBe(f.states![lang][1 - value]);
        }
      });
    }
  }

  it('says "geen koopwoning" and "particuliere huur" where it said "koopwoning (0)"', () => {
    expect(featureSentence('ownership_owner_occupied', 0, 0, 0.33, DATE, 'nl')).toBe(
      'Eigendom: geen koopwoning — verhoogt de score ten opzichte van een gemiddelde woning (+0,33)',
    );
    expect(featureSentence('ownership_private_rent', 1, 0, 0.21, DATE, 'nl')).toBe(
      'Eigendom: particuliere huur — verhoogt de score ten opzichte van een gemiddelde woning (+0,21)',
    );
    expect(featureSentence('ownership_social_rent', 0, 0, 0.12, DATE, 'en')).toBe(
      'Ownership: not social rent — raises the score compared with an average home (+0.12)',
    );
    expect(featureSentence('nobody_registered', 1, 0, 0.4, DATE, 'nl')).toBe(
      'Niemand ingeschreven op 1 januari 2025 — verhoogt de score ten opzichte van een gemiddelde woning (+0,40)',
    );
  });
});

describe('placeholders read as what they stand for', () => {
  it('the recency cap is the catalogue\'s "never"', () => {
    expect(RECENCIES.length).toBe(5);
    for (const f of RECENCIES) expect(f.never?.value, f.name).toBe(RECENCY_CAP_MONTHS);
  });

  for (const f of RECENCIES) {
    it(`${f.name} at the cap reads "nooit"/"never", in the sentence and as a median; below it, as months`, () => {
      const nl = featureSentence(f.name, 120, 120, 0.05, DATE, 'nl');
      expect(nl).toContain(': nooit (of meer dan tien jaar geleden)');
      expect(nl).not.toMatch(/120/);
      expect(featureSentence(f.name, 120, 120, 0.05, DATE, 'en')).toContain(': never (or more than ten years ago)');
      const [c] = explain(
        [f.name],
        { score: 0, intercept: 0, contributions: [0.05], featureValues: [120] },
        [120],
        DATE,
        'nl',
      ).contributions;
      expect(c).toMatchObject({
        valueText: 'nooit (of meer dan tien jaar geleden)',
        referenceText: 'nooit (of meer dan tien jaar geleden)',
      });
      expect(featureSentence(f.name, 7, 120, -0.5, DATE, 'nl')).toMatch(/: 7 — verlaagt/);
    });
  }

  it('an imputed energy or WOZ value reads as unknown, with the stand-in named, and drops the words that treat it as measured', () => {
    const names = ['kwh_peer_ratio', 'energy_missing', 'woz_per_m2_ratio', 'woz_missing'];
    const e = explain(
      names,
      { score: 0, intercept: 0, contributions: [0.3, 0.2, 0.1, 0.05], featureValues: [1, 1, 1, 0] },
      [1, 0, 1, 0],
      DATE,
      'nl',
    );
    const byName = new Map(e.contributions.map((c) => [c.feature, c]));
    expect(byName.get('kwh_peer_ratio')).toMatchObject({ valueText: 'onbekend (aangevuld: 1)' });
    expect(byName.get('kwh_peer_ratio')!.sentence).toBe(
      'Elektriciteitsverbruik 2024: onbekend (aangevuld: 1) — verhoogt de score ten opzichte van een gemiddelde woning (+0,30)',
    );
    expect(byName.get('woz_per_m2_ratio')!.sentence).toContain('WOZ-waarde per m²: 1× de mediaan van de buurt');
  });

  it('a year has no thousands separator', () => {
    expect(featureSentence('building_year', 1961, 1985, 0.1, DATE, 'nl')).toMatch(/^Bouwjaar: 1961 — /);
    expect(featureSentence('building_year', 1961, 1985, 0.1, DATE, 'en')).toMatch(/^Building year: 1961 — /);
  });
});

describe('number format', () => {
  it('writes numbers as Intl does for nl-NL and en-GB, over many magnitudes and decimals', () => {
    const values = [0, 1, -1, 0.5, -0.004, 0.0049, 12.345, 999.995, 1234.5, -98765.4321, 1234567.891, 0.1 + 0.2, 1e-9, 31.04, 85.26];
    for (const lang of ['nl', 'en'] as const) {
      for (const max of [0, 1, 2, 3]) {
        for (const v of values) {
          const intl = new Intl.NumberFormat(lang === 'nl' ? 'nl-NL' : 'en-GB', {
            minimumFractionDigits: 0,
            maximumFractionDigits: max,
          }).format(v);
          expect(formatNumber(v, 0, max, lang), `${lang} ${v} ${max}`).toBe(intl);
        }
      }
    }
  });
});
