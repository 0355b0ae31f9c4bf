import { describe, expect, it } from 'vitest';
import type { LabelProvenance } from '../../training/label-weighting.ts';
import { excludedOf, withoutExcluded } from '../../training/negative-sampling.ts';

const year = (referenceDate: string, labels: Array<0 | 1>) => ({
  referenceDate,
  names: ['f'],
  addressIds: labels.map((_, i) => `a${i}`),
  values: new Float64Array(labels.length),
  labels,
  labelsComplete: true,
});

const listDriven: LabelProvenance = { listDriven: true, random: false, probability: null };
const provenance = new Map([
  [
    2022,
    new Map([
      ['a0', listDriven],
      ['a2', listDriven],
      ['a3', { ...listDriven, listDriven: false }],
    ]),
  ],
  [2023, new Map([['a1', listDriven]])],
]);

describe('what exclude-model drops, counted on whole years for the sampling record', () => {
  it('counts the list-driven address-years and their negatives, only for exclude-model', () => {
    expect(excludedOf(year('2022-01-01', [1, 0, 0, 0]), provenance, 'exclude-model')).toEqual({ rows: 2, negatives: 1 });
    expect(excludedOf(year('2023-01-01', [0, 0]), provenance, 'exclude-model')).toEqual({ rows: 1, negatives: 1 });
    expect(excludedOf(year('2022-01-01', [1, 0, 0, 0]), provenance, 'ipw')).toEqual({ rows: 0, negatives: 0 });
  });

  it('takes them off the planned rows and negatives of the years sampled, keeping the rate', () => {
    const excluded = new Map([
      [2022, { rows: 2, negatives: 1 }],
      [2023, { rows: 1, negatives: 1 }],
    ]);
    expect(withoutExcluded({ rate: 0.25, rows: 1000, negatives: 990 }, [2022, 2023], excluded)).toEqual({
      rate: 0.25,
      rows: 997,
      negatives: 988,
    });
    expect(withoutExcluded({ rate: 0.25, rows: 1000, negatives: 990 }, [2024], excluded)).toEqual({
      rate: 0.25,
      rows: 1000,
      negatives: 990,
    });
  });
});
