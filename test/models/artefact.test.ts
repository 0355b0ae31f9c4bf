import { describe, expect, it } from 'vitest';
import { explainRows, parseArtefact, type ModelArtefact } from '../../models/artefact.ts';

/** A registry row is read back through the schema: a damaged one is refused, never half-used. */
describe('stored model artefacts', () => {
  const additive: ModelArtefact = {
    family: 'additive',
    names: ['a', 'b'],
    model: {
      bins: [
        { name: 'a', edges: [0.5] },
        { name: 'b', edges: [1, 2] },
      ],
      terms: [
        [-0.5, 0.5],
        [0, 1, 2],
      ],
      intercept: -6,
    },
    calibration: { method: 'platt', a: 1, b: 0 },
  };

  it('reads a consistent artefact back unchanged and scores with it exactly', () => {
    const parsed = parseArtefact(JSON.parse(JSON.stringify(additive)), 'model 1');
    expect(parsed).toEqual(additive);
    const explained = explainRows(parsed, Float64Array.from([1, 1.5, 0, 3]), 2);
    // Row 1: a = 1 → bin 1 (+0.5), b = 1.5 → bin 1 (+1); row 2: a = 0 → −0.5, b = 3 → +2.
    expect(Array.from(explained.logits)).toEqual([-6 + 0.5 + 1, -6 - 0.5 + 2]);
    expect(explained.completenessError.max).toBe(0);
  });

  it('refuses a term table that does not fit its bins, naming the feature', () => {
    const broken = {
      ...additive,
      model: {
        ...additive.model,
        terms: [
          [-0.5, 0.5],
          [0, 1],
        ],
      },
    };
    expect(() => parseArtefact(broken, 'model 7')).toThrow(
      'model 7: the stored model is inconsistent: feature b: 2 term values for 3 bins',
    );
  });

  it('refuses a spread that does not fit the terms and a monotone declaration of a feature the model does not have', () => {
    const spread = [
      [0.1, 0.1],
      [0.2, 0.2, 0.2],
    ];
    expect(parseArtefact({ ...additive, spread, bags: 5 }, 'model 8')).toMatchObject({ spread, bags: 5 });
    expect(() => parseArtefact({ ...additive, spread: [[0.1, 0.1], [0.2]] }, 'model 8')).toThrow(
      'model 8: the stored model is inconsistent: the spread does not match the terms (feature b)',
    );
    expect(() => parseArtefact({ ...additive, monotone: { c: 'increasing' } }, 'model 9')).toThrow(
      'monotone feature c is not one of the features',
    );
    expect(() => parseArtefact({ ...additive, monotone: { a: 'upwards' } }, 'model 9')).toThrow('does not parse at monotone.a');
  });

  it('refuses a missing field and an MLP whose layers do not chain', () => {
    expect(() => parseArtefact({ ...additive, calibration: undefined }, 'model 2')).toThrow(
      'model 2: the stored model does not parse at calibration',
    );
    const mlp = {
      family: 'mlp',
      names: ['a', 'b'],
      scaling: [
        { name: 'a', low: 0, high: 1, mean: 0, sd: 1 },
        { name: 'b', low: 0, high: 1, mean: 0, sd: 1 },
      ],
      model: {
        layers: [
          { inputs: 2, outputs: 3, weights: [0, 0, 0, 0, 0, 0], bias: [0, 0, 0] },
          { inputs: 2, outputs: 1, weights: [0, 0], bias: [0] },
        ],
      },
      calibration: { method: 'platt', a: 1, b: 0 },
    };
    expect(() => parseArtefact(mlp, 'model 3')).toThrow('layer 1 does not fit: 2→1 after 3 inputs');
  });
});
