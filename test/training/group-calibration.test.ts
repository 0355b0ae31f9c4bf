import { describe, expect, it } from 'vitest';
import { calibrateGroups, calibrationFindings } from '../../training/group-calibration.ts';

describe('calibration within groups', () => {
  /**
   * Group b: the scores carry false tips, so its predicted rate is high while controls find
   * no more there than in group a. Group c: a truly higher rate, predicted as such.
   */
  function constructed() {
    const probabilities: number[] = [];
    const labels: number[] = [];
    const groupOf: string[] = [];
    const add = (group: string, n: number, predicted: number, positives: number) => {
      for (let i = 0; i < n; i++) {
        probabilities.push(predicted);
        labels.push(i < positives ? 1 : 0);
        groupOf.push(group);
      }
    };
    add('a', 6000, 0.005, 30);
    add('b', 3000, 0.02, 15);
    add('c', 1000, 0.03, 30);
    return { probabilities, labels, groupOf };
  }

  it('names the group predicted above its observed rate, and not the group whose rate is truly higher', () => {
    const groups = calibrateGroups(constructed());
    expect(groups.map((g) => [g.group, g.verdict])).toEqual([
      ['a', 'consistent'],
      ['b', 'over'],
      ['c', 'consistent'],
    ]);
    const b = groups.find((g) => g.group === 'b')!;
    expect(b.observedRate).toBeCloseTo(0.005, 12);
    expect(b.meanPredicted).toBeCloseTo(0.02, 12);
    expect(b.high).toBeLessThan(0.02);
    const findings = calibrationFindings('group', groups);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatch(
      /^group b: predicted 2\.0 % a year, found 0\.50 % \(15 of 3000; 90 % interval .*\): flagged more than its finds support$/,
    );
  });

  it('flags a group predicted below its finds, leaves addresses without a group out, and refuses arrays of different lengths', () => {
    const groups = calibrateGroups({ probabilities: [0.001, 0.001, 0.001, 0.5], labels: [1, 1, 0, 1], groupOf: ['x', 'x', 'x', null] });
    expect(groups).toEqual([expect.objectContaining({ group: 'x', addresses: 3, positives: 2, verdict: 'under' })]);
    expect(() => calibrateGroups({ probabilities: [0.1], labels: [0, 1], groupOf: ['a', 'a'] })).toThrow('differ in length');
  });
});
