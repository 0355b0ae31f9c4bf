import { describe, expect, it } from 'vitest';
import type { ModelArtefact } from '../../models/index.ts';
import { additiveSentence, pairSweepWords } from '../../training/card-additive.ts';

const additive: ModelArtefact = {
  family: 'additive',
  names: ['kwh_per_m2', 'woz_value', 'months_since_find'],
  model: {
    bins: [
      { name: 'kwh_per_m2', edges: [1] },
      { name: 'woz_value', edges: [2] },
      { name: 'months_since_find', edges: [12] },
    ],
    terms: [
      [0, 1],
      [0, 1],
      [1, 0],
    ],
    intercept: -6,
    pairs: [{ features: [0, 1], edges: [[1], [2]], terms: [0.1, -0.1, -0.1, 0.1] }],
  },
  spread: [
    [0.1, 0.1],
    [0.2, 0.2],
    [0, 0],
  ],
  bags: 5,
  monotone: { months_since_find: 'decreasing' },
  calibration: { method: 'platt', a: 1, b: 0 },
};

describe("the card's sentence on the additive model, read from the stored model", () => {
  it('names the bags and their error bars, each pair, and each monotone shape with its direction, in both languages', () => {
    const en = additiveSentence(additive, 'en');
    expect(en).toContain('The mean of 5 fits');
    expect(en).toContain('1 pair terms (kwh_per_m2 × woz_value)');
    expect(en).toContain('months_since_find (decreasing)');
    const nl = additiveSentence(additive, 'nl');
    expect(nl).toContain('Het gemiddelde van 5 fits');
    expect(nl).toContain('(kwh_per_m2 × woz_value)');
    expect(nl).toContain('months_since_find (dalend)');
  });

  it('says nothing it cannot back: no bags, pairs or monotone shapes stored, no words on them; nothing for another family', () => {
    const plain: ModelArtefact = { ...additive, model: { ...additive.model, pairs: [] }, bags: 1, monotone: {} };
    expect(additiveSentence(plain, 'en')).toBe('');
    const logistic: ModelArtefact = {
      family: 'logistic',
      names: ['a'],
      scaling: [{ name: 'a', low: 0, high: 1, mean: 0, sd: 1 }],
      model: { weights: [1], bias: 0 },
      calibration: { method: 'platt', a: 1, b: 0 },
    };
    expect(additiveSentence(logistic, 'nl')).toBe('');
    expect(pairSweepWords(undefined, 'en')).toBe('');
    expect(pairSweepWords(0, 'nl')).toBe('');
    expect(pairSweepWords(7, 'en')).toBe(' and 7 sweeps over the pair terms');
  });
});
