import { describe, expect, it } from 'vitest';
import { CONTROLS, TRIGGERS } from '../../synthetic/params.ts';
import { policeLogLikelihood, policeMatchWeights, triggeredDayProbability } from '../../synthetic/police.ts';

const TRIGGER = TRIGGERS.suspicious_activity?.probability ?? Number.NaN;
const DELAY = CONTROLS.maxDelayDays;

describe('police controls: triggered by a report or by intelligence', () => {
  it('spreads a triggered control uniformly over the days after its report', () => {
    expect(triggeredDayProbability(100, 100, 365)).toBe(0);
    expect(triggeredDayProbability(100, 101, 365)).toBeCloseTo(1 / DELAY);
    expect(triggeredDayProbability(100, 100 + DELAY, 365)).toBeCloseTo(1 / DELAY);
    expect(triggeredDayProbability(100, 101 + DELAY, 365)).toBe(0);
  });

  it('holds controls that would fall in the next year on 31 December, and the day masses add up to one', () => {
    expect(triggeredDayProbability(362, 365, 365)).toBeCloseTo((DELAY - 2) / DELAY);
    expect(triggeredDayProbability(365, 365, 365)).toBe(1);
    for (const reportDay of [2, 200, 340, 350, 364, 365]) {
      let total = 0;
      for (let day = 1; day <= 365; day++) total += triggeredDayProbability(reportDay, day, 365);
      expect(total, String(reportDay)).toBeCloseTo(1, 12);
    }
  });

  it('weighs a control after a report as triggered or as intelligence, and one before it only as intelligence', () => {
    const after = policeMatchWeights({ controlDays: [110], reportDays: [100] }, 365);
    expect(after[0]).toBeCloseTo(TRIGGER / DELAY);
    expect(after[1]).toBeCloseTo(1 - TRIGGER);
    const before = policeMatchWeights({ controlDays: [90], reportDays: [100] }, 365);
    expect(before[0]).toBe(0);
    expect(before[1]).toBeCloseTo(1 - TRIGGER);
  });

  it('counts each report at most once when two controls could both come from it', () => {
    const w = policeMatchWeights({ controlDays: [110, 111], reportDays: [100] }, 365);
    // Both from intelligence; or either one triggered and the other intelligence; never both triggered.
    expect(w[0]).toBe(0);
    expect(w[1]).toBeCloseTo(2 * (TRIGGER / DELAY));
    expect(w[2]).toBeCloseTo(1 - TRIGGER);
  });

  it('makes police controls without a report more likely under a higher intelligence rate', () => {
    const weights = policeMatchWeights({ controlDays: [50], reportDays: [] }, 365);
    expect(policeLogLikelihood(weights, CONTROLS.policeCultivating, 365)).toBeGreaterThan(
      policeLogLikelihood(weights, CONTROLS.policeIdle, 365),
    );
    const none = policeMatchWeights({ controlDays: [], reportDays: [] }, 365);
    expect(policeLogLikelihood(none, CONTROLS.policeCultivating, 365)).toBeCloseTo(-CONTROLS.policeCultivating);
  });
});
