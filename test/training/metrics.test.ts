import { describe, expect, it } from 'vitest';
import {
  averagePrecision,
  averagePrecisionInterval,
  brierScore,
  calibration,
  expectedAveragePrecision,
  liftAtK,
  pairedBootstrapAp,
  precisionAtK,
  precisionRecallCurve,
  rocAuc,
} from '../../training/metrics.ts';
import { selfSelection, selfSelectionSentence } from '../../training/evaluate.ts';

describe('ranking metrics', () => {
  const scores = [0.9, 0.8, 0.7, 0.6];
  const labels = [1, 0, 1, 0];

  it('average precision sums precision at each step of recall', () => {
    expect(averagePrecision(scores, labels)).toBeCloseTo(0.5 * 1 + 0.5 * (2 / 3), 12);
    expect(averagePrecision([0.1, 0.2], [1, 1])).toBe(1);
  });

  it('average precision treats tied scores as one threshold, whatever their order', () => {
    expect(averagePrecision([0.5, 0.5], [1, 0])).toBe(0.5);
    expect(averagePrecision([0.5, 0.5], [0, 1])).toBe(0.5);
    expect(averagePrecision([0.9, 0.5, 0.5, 0.5], [0, 1, 0, 0])).toBeCloseTo(0.25, 12);
  });

  it('ROC-AUC is the share of positive–negative pairs ranked right, ties counting half', () => {
    expect(rocAuc(scores, labels)).toBe(0.75);
    expect(rocAuc([0.5, 0.5, 0.2], [1, 0, 0])).toBe(0.75);
    expect(rocAuc([0.1, 0.9], [1, 0])).toBe(0);
  });

  it('precision and lift at k look at the k highest scores', () => {
    expect(precisionAtK(scores, labels, 1)).toBe(1);
    expect(precisionAtK(scores, labels, 3)).toBeCloseTo(2 / 3, 12);
    expect(liftAtK(scores, labels, 1)).toBe(2);
    expect(precisionAtK(scores, labels, 100)).toBe(0.5);
  });

  it('answers NaN where a metric is undefined, and refuses arrays of different length', () => {
    expect(averagePrecision([0.3], [0])).toBeNaN();
    expect(rocAuc([0.3, 0.4], [1, 1])).toBeNaN();
    expect(() => averagePrecision([0.1], [1, 0])).toThrow('differ in length');
  });
});

describe('probability metrics', () => {
  it('Brier score is the mean squared error', () => {
    expect(brierScore([0.9, 0.2], [1, 0])).toBeCloseTo((0.01 + 0.04) / 2, 12);
  });

  it('calibration bins by equal counts and weights the gaps by size', () => {
    const probabilities = [0.1, 0.1, 0.1, 0.1, 0.6, 0.6, 0.6, 0.6];
    const outcomes = [0, 0, 0, 1, 1, 1, 0, 1];
    const { curve, expectedCalibrationError } = calibration(probabilities, outcomes, 2);
    expect(curve).toEqual([
      { count: 4, meanPredicted: 0.1, observedRate: 0.25 },
      { count: 4, meanPredicted: 0.6, observedRate: 0.75 },
    ]);
    expect(expectedCalibrationError).toBeCloseTo(0.15, 12);
  });
});

describe('paired bootstrap of an AP difference', () => {
  // 2,000 rows, 40 positives; `good` ranks positives high with noise, `poor` barely at all.
  const rows = 2000;
  const labels = Array.from({ length: rows }, (_, i) => (i % 50 === 0 ? 1 : 0));
  const noise = (i: number) => ((i * 7919) % 1000) / 1000;
  const good = labels.map((y, i) => y * 0.6 + noise(i));
  const poor = labels.map((y, i) => y * 0.05 + noise(i * 31 + 7));

  it('reports the plain AP difference, and no spread between a model and itself', () => {
    const same = pairedBootstrapAp(good, good, labels);
    expect(same).toEqual({ difference: 0, sd: 0 });
    const apart = pairedBootstrapAp(good, poor, labels);
    expect(apart.difference).toBeCloseTo(averagePrecision(good, labels) - averagePrecision(poor, labels), 12);
  });

  it('gives a spread that shrinks as the positives grow, and the same resamples for the same seed', () => {
    const small = pairedBootstrapAp(good, poor, labels, 200, 3);
    expect(small.sd).toBeGreaterThan(0.01);
    expect(pairedBootstrapAp(good, poor, labels, 200, 3)).toEqual(small);
    const repeat = <T>(xs: T[]) => [...xs, ...xs, ...xs, ...xs];
    const large = pairedBootstrapAp(repeat(good), repeat(poor), repeat(labels), 200, 3);
    // Four times the rows: the standard deviation about halves.
    expect(large.sd / small.sd).toBeGreaterThan(0.35);
    expect(large.sd / small.sd).toBeLessThan(0.7);
  });
});

describe('bootstrap interval of an AP', () => {
  const rows = 2000;
  const labels = Array.from({ length: rows }, (_, i) => (i % 50 === 0 ? 1 : 0));
  const noise = (i: number) => ((i * 7919) % 1000) / 1000;
  const scores = labels.map((y, i) => y * 0.6 + noise(i));

  it('holds the AP of the year, is the same for the same seed, and narrows about by half with four times the addresses', () => {
    const ap = averagePrecision(scores, labels);
    const small = averagePrecisionInterval(scores, labels, { seed: 3 });
    expect(small.level).toBe(0.9);
    expect(small.low).toBeLessThan(ap);
    expect(small.high).toBeGreaterThan(ap);
    expect(averagePrecisionInterval(scores, labels, { seed: 3 })).toEqual(small);
    const repeat = <T>(xs: T[]) => [...xs, ...xs, ...xs, ...xs];
    const large = averagePrecisionInterval(repeat(scores), repeat(labels), { seed: 3 });
    const ratio = (large.high - large.low) / (small.high - small.low);
    expect(ratio).toBeGreaterThan(0.35);
    expect(ratio).toBeLessThan(0.7);
  });

  it('is wider at a higher level, and empty (NaN) without a single find', () => {
    const ninety = averagePrecisionInterval(scores, labels);
    const ninetyNine = averagePrecisionInterval(scores, labels, { level: 0.99 });
    expect(ninetyNine.high - ninetyNine.low).toBeGreaterThan(ninety.high - ninety.low);
    const none = averagePrecisionInterval(scores, new Array(rows).fill(0));
    expect(Number.isNaN(none.low) && Number.isNaN(none.high)).toBe(true);
  });
});

describe('precision-recall curve', () => {
  it('has one point per rise in recall, ending at recall 1, and its step area is the AP', () => {
    const scores = [0.9, 0.8, 0.7, 0.6, 0.5, 0.4];
    const labels = [1, 0, 1, 0, 0, 1];
    const curve = precisionRecallCurve(scores, labels);
    expect(curve).toEqual([
      { recall: 1 / 3, precision: 1 },
      { recall: 2 / 3, precision: 2 / 3 },
      { recall: 1, precision: 0.5 },
    ]);
    let area = 0;
    let last = 0;
    for (const p of curve) {
      area += (p.recall - last) * p.precision;
      last = p.recall;
    }
    expect(area).toBeCloseTo(averagePrecision(scores, labels), 12);
  });

  it('thins a long curve to the asked number of points, keeping the last', () => {
    const n = 5000;
    const scores = Array.from({ length: n }, (_, i) => n - i);
    const labels = scores.map((_, i) => (i % 7 === 0 ? 1 : 0));
    const curve = precisionRecallCurve(scores, labels, 50);
    expect(curve).toHaveLength(50);
    expect(curve.at(-1)!.recall).toBe(1);
  });
});

describe('expected AP under labels drawn from known probabilities', () => {
  it('approaches the exact expectation (over draws with a positive), the same for every model on the same draws', () => {
    // Enumerated by hand over the 7 label vectors with a positive: 0.9629 ranked by p, 0.5092 reversed.
    const p = [0.9, 0.5, 0.1];
    const [byP, reversed] = expectedAveragePrecision([p, [0.1, 0.5, 0.9]], p, 20_000, 3);
    expect(byP!.mean).toBeCloseTo(0.9629, 2);
    expect(reversed!.mean).toBeCloseTo(0.5092, 2);
    expect(byP!.sd).toBeGreaterThan(0);
    // Paired: every model is scored on the same draws, so one model passed twice scores the same.
    const [first, second] = expectedAveragePrecision(
      [
        [0.2, 0.7, 0.4],
        [0.2, 0.7, 0.4],
      ],
      p,
      50,
      5,
    );
    expect(first).toEqual(second);
    expect(expectedAveragePrecision([p], p, 500, 9)).toEqual(expectedAveragePrecision([p], p, 500, 9));
    expect(() => expectedAveragePrecision([[1, 2]], p)).toThrow();
  });
});

describe('self-selection of a test year', () => {
  const logits = [5, 4, 3, 2, 1, 0];
  const labels = [1, 0, 0, 1, 0, 1];
  const none = labels.map(() => null);

  it('counts the addresses a risk list sent controls to and the finds of those controls, and gives the AP of the others', () => {
    // The list sent controls to the top two and found the first: the year's other finds rank lower.
    const prompted = [{ found: true }, { found: false }, null, null, null, null];
    expect(selfSelection(logits, labels, prompted)).toEqual({
      controlled: 2,
      finds: 1,
      averagePrecisionWithout: averagePrecision([3, 2, 1, 0], [0, 1, 0, 1]),
    });
    expect(selfSelection(logits, labels, prompted).averagePrecisionWithout).toBeLessThan(averagePrecision(logits, labels));
    // A positive found by a tip at an address the list's control found nothing at: not the list's find, still left out.
    expect(selfSelection(logits, labels, [null, null, null, { found: false }, null, null])).toEqual({
      controlled: 1,
      finds: 0,
      averagePrecisionWithout: averagePrecision([5, 4, 3, 1, 0], [1, 0, 0, 0, 1]),
    });
  });

  it('leaves the AP as it is when no control was prompted, and has none when no other find is left', () => {
    expect(selfSelection(logits, labels, none)).toEqual({
      controlled: 0,
      finds: 0,
      averagePrecisionWithout: averagePrecision(logits, labels),
    });
    expect(
      selfSelection(
        logits,
        labels,
        labels.map((l) => (l === 1 ? { found: true } : null)),
      ),
    ).toEqual({ controlled: 3, finds: 3, averagePrecisionWithout: null });
  });

  it('says which it is in one sentence, with the AP with and without those addresses', () => {
    expect(selfSelectionSentence(2024, 0.08, { controlled: 0, finds: 0, averagePrecisionWithout: 0.08 })).toBe(
      'No control of 2024 is recorded with reason risk_model: no test label comes from a control that a risk list prompted.',
    );
    const sentence = selfSelectionSentence(2024, 0.0791, { controlled: 6, finds: 5, averagePrecisionWithout: 0.07123 });
    expect(sentence).toContain('6 addresses were controlled in 2024 because of a risk list (reason risk_model), 5 of them with a find');
    expect(sentence).toContain('Test AP with them 0.0791, without them 0.0712.');
  });
});
