import { describe, expect, it } from 'vitest';
import { chooseExtraControls, type PolicyContext } from '../../simulate/policies.ts';
import { Rng } from '../../synthetic/index.ts';

const N = 1000;

function context(overrides: Partial<PolicyContext> = {}): PolicyContext {
  const existing = Array.from({ length: N }, (_, i) => i);
  return {
    year: 2024,
    capacity: 20,
    sampleShare: 0.25,
    existing,
    // The list ranks addresses in reverse index order; p_bayes ranks by index.
    listOrder: [...existing].reverse(),
    pBayes: Float64Array.from(existing, (i) => i / N),
    rng: new Rng(3, 4),
    ...overrides,
  };
}

const indices = (controls: { addressIndex: number }[]) => controls.map((c) => c.addressIndex);

describe('policies for the extra controls', () => {
  it('sends nothing under the status quo', () => {
    expect(chooseExtraControls('status-quo', context())).toEqual([]);
  });

  it('draws the random controls uniformly from the existing dwellings, each once, with probability K/N', () => {
    const existing = Array.from({ length: N / 2 }, (_, i) => 2 * i);
    const controls = chooseExtraControls('random', context({ existing }));
    expect(controls).toHaveLength(20);
    expect(new Set(indices(controls)).size).toBe(20);
    expect(
      controls.every((c) => existing.includes(c.addressIndex) && c.reason === 'random' && c.selectionProbability === 20 / (N / 2)),
    ).toBe(true);
  });

  it('sends the model controls to the top of the list, and the limit controls to the top by p_bayes', () => {
    const model = chooseExtraControls('model', context());
    expect(indices(model)).toEqual(Array.from({ length: 20 }, (_, i) => N - 1 - i));
    expect(model.every((c) => c.reason === 'risk_model' && c.selectionProbability === null)).toBe(true);
    const limit = chooseExtraControls('limit', context({ listOrder: null }));
    expect(indices(limit).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => N - 20 + i));
    expect(chooseExtraControls('model', context({ listOrder: null }))).toEqual([]);
  });

  it('splits model+sample into a stratified sample with its probabilities and the top of the list, each address once', () => {
    const controls = chooseExtraControls('model+sample', context());
    expect(controls).toHaveLength(20);
    expect(new Set(indices(controls)).size).toBe(20);
    const sampled = controls.filter((c) => c.reason === 'random');
    expect(sampled).toHaveLength(5);
    const top = new Set(Array.from({ length: 20 }, (_, i) => N - 1 - i));
    const inTop = sampled.filter((c) => top.has(c.addressIndex));
    expect(inTop).toHaveLength(3);
    expect(inTop.every((c) => c.selectionProbability === 3 / 20)).toBe(true);
    expect(sampled.filter((c) => !top.has(c.addressIndex)).every((c) => c.selectionProbability === 2 / (N - 20))).toBe(true);
    const listed = controls.filter((c) => c.reason === 'risk_model').map((c) => c.addressIndex);
    const expected = Array.from({ length: N }, (_, i) => N - 1 - i)
      .filter((i) => !sampled.some((s) => s.addressIndex === i))
      .slice(0, 15);
    expect(listed).toEqual(expected);
  });

  it('draws the whole sample uniformly when there is no list yet', () => {
    const controls = chooseExtraControls('model+sample', context({ listOrder: null }));
    expect(controls).toHaveLength(5);
    expect(controls.every((c) => c.reason === 'random' && c.selectionProbability === 5 / N)).toBe(true);
  });

  it('dates every control within the year, never on 1 January, and repeats itself for the same random numbers', () => {
    const controls = chooseExtraControls('random', context({ capacity: 400, year: 2024 }));
    expect(controls.every((c) => c.day >= 2 && c.day <= 366)).toBe(true);
    expect(chooseExtraControls('random', context({ capacity: 400, year: 2024 }))).toEqual(controls);
  });
});
