import { describe, expect, it } from 'vitest';
import { imputationIndicators } from '../../features/index.ts';
import { reasonsOfStored, reasonTerms, storedReasonsText } from '../../models/index.ts';

/**
 * The reasons scoring stores with every address: the terms that raise its score most,
 * largest first, with the value each came from and whether it was imputed.
 */
describe('the reasons of a score', () => {
  const names = ['kwh_per_m2', 'smart_meter', 'energy_missing', 'no_gas_connection'];
  const indicators = imputationIndicators(names);

  it("finds each feature's imputation indicator in the model's list, -1 for none", () => {
    expect(Array.from(indicators)).toEqual([2, -1, -1, -1]);
    expect(Array.from(imputationIndicators(['kwh_per_m2']))).toEqual([-1]);
  });

  it('keeps the largest raising terms, largest first, equal ones in term order, and never a term of 0 or one that lowers', () => {
    const contributions = [0.4, -0.9, 0, 0.7, 0.4, 0.1];
    const terms = reasonTerms({ contributions, values: [80, 1, 0, 1], features: 4, pairs: 2, indicators }, 3);
    expect(terms.map((t) => t.term)).toEqual([3, 0, 4]);
    expect(terms.map((t) => t.contribution)).toEqual([0.7, 0.4, 0.4]);
    expect(reasonTerms({ contributions, values: null, features: 4, pairs: 2, indicators }, 10).map((t) => t.term)).toEqual([3, 0, 4, 5]);
    expect(reasonTerms({ contributions: [0, -1, 0, 0], values: null, features: 4, pairs: 2, indicators }, 3)).toEqual([]);
  });

  it("never takes a number past the model's features and pair terms for a reason", () => {
    const terms = reasonTerms({ contributions: [0.1, 0, 0, 0, 0.2, 5], values: null, features: 4, pairs: 1, indicators }, 3);
    expect(terms.map((t) => t.term)).toEqual([4, 0]);
  });

  it('with sign -1 keeps the terms that lower the score most', () => {
    const terms = reasonTerms({ contributions: [0.4, -0.9, -0.1, -0.5], values: null, features: 4, pairs: 2, indicators }, 2, -1);
    expect(terms.map((t) => [t.term, t.contribution])).toEqual([
      [1, -0.9],
      [3, -0.5],
    ]);
  });

  it('gives a feature its value and whether its indicator marks it imputed; a pair term (past the features) neither', () => {
    const imputed = reasonTerms({ contributions: [0.5, 0, 0, 0, 0.8], values: [31, 0, 1, 0], features: 4, pairs: 2, indicators }, 3);
    expect(imputed).toEqual([
      { term: 4, contribution: 0.8, value: null, imputed: false },
      { term: 0, contribution: 0.5, value: 31, imputed: true },
    ]);
    const measured = reasonTerms({ contributions: [0.5, 0, 0, 0], values: [31, 0, 0, 0], features: 4, pairs: 2, indicators }, 3);
    expect(measured).toEqual([{ term: 0, contribution: 0.5, value: 31, imputed: false }]);
  });

  it('writes them as the rows of a two-dimensional array and reads them back as they were', () => {
    const terms = reasonTerms(
      { contributions: [0.1 + 0.2, 0, 0, 0, 1e-7], values: [85.26, 0, 1, 0], features: 4, pairs: 2, indicators },
      3,
    );
    const text = storedReasonsText(terms);
    expect(text).toBe('{{0,0.30000000000000004,85.26,1},{4,1e-7,NULL,0}}');
    expect(storedReasonsText([])).toBe('{}');
    const rows = [
      [0, 0.30000000000000004, 85.26, 1],
      [4, 1e-7, null, 0],
    ] as Array<[number, number, number | null, number]>;
    expect(reasonsOfStored(rows)).toEqual(terms);
  });
});
