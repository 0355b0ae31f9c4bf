import { describe, expect, it } from 'vitest';
import { FEATURE_CATALOGUE, FEATURE_NAMES, formatCatalogue } from '../../features/index.ts';
import { FORBIDDEN_COLUMN_WORDS, SOURCE_FILES } from '../../ingest/index.ts';

const PLACEHOLDERS = new Set(['value', 'reference', 'year', 'date']);

describe('the feature catalogue', () => {
  it.each(FEATURE_CATALOGUE.map((f) => [f.name, f] as const))('documents %s completely', (_name, f) => {
    for (const text of [f.name, f.unit, f.missing, f.purpose, f.description.nl, f.description.en, f.sentence.nl, f.sentence.en]) {
      expect(text.trim().length).toBeGreaterThan(0);
    }
    expect(f.name).toMatch(/^[a-z][a-z0-9_]*$/);
    expect(f.sources.length).toBeGreaterThan(0);
    expect(f.sentence.nl).toContain('{value}');
    expect(f.sentence.en).toContain('{value}');
    const used = [...`${f.sentence.nl} ${f.sentence.en}`.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
    expect(used.filter((p) => !PLACEHOLDERS.has(p))).toEqual([]);
  });

  it('draws only on files of the data contract and on no forbidden category', () => {
    for (const f of FEATURE_CATALOGUE) {
      for (const source of f.sources) expect(SOURCE_FILES).toContain(source);
      const words = FORBIDDEN_COLUMN_WORDS.filter((w) => f.name.includes(w));
      expect(words, `${f.name} names a forbidden category`).toEqual([]);
    }
  });

  it('has unique names', () => {
    expect(new Set(FEATURE_NAMES).size).toBe(FEATURE_NAMES.length);
  });

  it('prints as a table listing every feature, in Dutch and in English', () => {
    for (const lang of ['nl', 'en'] as const) {
      const table = formatCatalogue(lang);
      for (const f of FEATURE_CATALOGUE) expect(table).toContain(f.description[lang]);
    }
    expect(formatCatalogue('en', true)).toContain(FEATURE_CATALOGUE[0]!.purpose);
  });
});
