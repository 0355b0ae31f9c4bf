import { describe, expect, it } from 'vitest';
import {
  averageRanks,
  compareWithTruth,
  parseTruthCsv,
  spearmanCorrelation,
  TRUTH_HEADER,
  type ScoredYear,
  type TruthRow,
} from '../../training/truth.ts';

const truthFile = (...lines: string[]) => [TRUTH_HEADER, ...lines].join('\n') + '\n';

describe('reading truth.csv', () => {
  it("keeps the requested year's rows, keyed by address id", () => {
    const text = truthFile('A,2023,false,0.01,a', 'A,2024,true,0.25,a', 'B,2024,false,0,b', 'B,2023,false,0.5,b');
    const truth = parseTruthCsv(text, 'truth.csv', 2024);
    expect([...truth.entries()]).toEqual([
      ['A', { cultivating: true, pBayes: 0.25, group: 'a' }],
      ['B', { cultivating: false, pBayes: 0, group: 'b' }],
    ]);
  });

  it('accepts a byte-order mark, CRLF line ends and a missing final line end', () => {
    const text = `\uFEFF${TRUTH_HEADER}\r\nA,2024,true,1,b\r\nB,2024,false,0.0000000001,a`;
    const truth = parseTruthCsv(text, 'truth.csv', 2024);
    expect(truth.get('A')).toEqual({ cultivating: true, pBayes: 1, group: 'b' });
    expect(truth.get('B')?.pBayes).toBe(1e-10);
  });

  it("refuses a file whose header is not exactly the generator's", () => {
    expect(() => parseTruthCsv('address_id,year,cultivating,p_bayes\nA,2024,true,0.1\n', 'x/truth.csv', 2024)).toThrow(
      /^x\/truth\.csv line 1: expected the header "address_id,year,cultivating,p_bayes,group"/,
    );
    expect(() => parseTruthCsv('', 'x/truth.csv', 2024)).toThrow('x/truth.csv line 1: expected the header');
  });

  it.each([
    ['a line with four columns', 'B,2024,true,0.1', 'line 3: expected 5 columns'],
    ['a line with six columns', 'B,2024,true,0.1,a,extra', 'line 3: expected 5 columns'],
    ['an empty line in the middle', '', 'line 3: expected 5 columns'],
    ['an empty address id', ',2024,true,0.1,a', 'line 3, column address_id'],
    ['an address id with spaces around it', ' B,2024,true,0.1,a', 'line 3, column address_id'],
    ['a year that is not four digits', 'B,24,true,0.1,a', 'line 3, column year: "24" is not a year'],
    ['cultivating written as 1', 'B,2024,1,0.1,a', 'line 3, column cultivating: "1" is not true or false'],
    ['p_bayes above 1', 'B,2024,true,1.5,a', 'line 3, column p_bayes: "1.5" is not a probability'],
    ['p_bayes negative', 'B,2024,true,-0.1,a', 'line 3, column p_bayes'],
    ['p_bayes empty', 'B,2024,true,,a', 'line 3, column p_bayes'],
    ['p_bayes in exponent notation', 'B,2024,true,1e-5,a', 'line 3, column p_bayes'],
    ['a group other than a or b', 'B,2024,true,0.1,c', 'line 3, column group: "c" is not a or b'],
    ['a second row of the year for one address', 'A,2024,false,0.2,a', 'line 3, column address_id: address A has a second row for 2024'],
  ])('names the file and the line of %s', (_, bad, message) => {
    const text = truthFile('A,2024,true,0.1,a', bad, 'C,2024,false,0.1,a');
    expect(() => parseTruthCsv(text, 'city/truth.csv', 2024)).toThrow(`city/truth.csv ${message}`);
  });

  it('checks the lines of other years as well', () => {
    expect(() => parseTruthCsv(truthFile('A,2024,true,0.1,a', 'A,2023,yes,0.1,a'), 'truth.csv', 2024)).toThrow(
      'truth.csv line 3, column cultivating',
    );
  });

  it('says which years the file covers when the requested one is absent', () => {
    expect(() => parseTruthCsv(truthFile('A,2016,true,0.1,a', 'A,2019,true,0.1,a'), 'truth.csv', 2024)).toThrow(
      'truth.csv: no row is of 2024; the file covers 2016–2019',
    );
    expect(() => parseTruthCsv(truthFile(), 'truth.csv', 2024)).toThrow('truth.csv: the file has no rows');
  });
});

/**
 * Six addresses, two found (A and D) and three cultivating (A, C, D). p_bayes ranks both
 * found addresses first; the model ranks them first and fourth.
 */
function smallCity(): { scored: ScoredYear; truth: Map<string, TruthRow> } {
  const ids = ['A', 'B', 'C', 'D', 'E', 'F'];
  const pBayes = [0.5, 0.1, 0.3, 0.4, 0.05, 0.02];
  const cultivating = [true, false, true, true, false, false];
  const truth = new Map(ids.map((id, i) => [id, { cultivating: cultivating[i]!, pBayes: pBayes[i]!, group: 'a' as const }]));
  const scored = {
    year: 2024,
    addressIds: ids,
    logits: [3, 2, 1, 0, -1, -2],
    probabilities: [0.4, 0.3, 0.2, 0.1, 0.05, 0.01],
    labels: [1, 0, 0, 1, 0, 0],
  };
  return { scored, truth };
}

describe('comparing a scored year with the truth', () => {
  it('states the model against p_bayes on the observed labels and on the latent state', () => {
    const { scored, truth } = smallCity();
    const c = compareWithTruth(scored, truth);
    expect(c).toMatchObject({ year: 2024, addresses: 6, positives: 2, cultivating: 3 });
    // Found addresses at model ranks 1 and 4: AP = ½ · 1/1 + ½ · 2/4.
    expect(c.model.averagePrecision).toBeCloseTo(0.75, 12);
    expect(c.bayes.averagePrecision).toBe(1);
    expect(c.averagePrecisionRatio).toBeCloseTo(0.75, 12);
    // Cultivating at model ranks 1, 3, 4: AP = ⅓ (1/1 + 2/3 + 3/4).
    expect(c.model.latentAveragePrecision).toBeCloseTo(29 / 36, 12);
    expect(c.bayes.latentAveragePrecision).toBe(1);
    // D (logit 0) outranks only E and F of the four negatives; A outranks all.
    expect(c.model.rocAuc).toBe(0.75);
    expect(c.bayes.rocAuc).toBe(1);
    expect(c.model.atK).toEqual([50, 100, 250].map((k) => ({ k, precision: 2 / 6 })));
  });

  it('correlates the ranks of probability and p_bayes, and compares their means with the observed rate', () => {
    const { scored, truth } = smallCity();
    const c = compareWithTruth(scored, truth);
    // Ranks differ only for B (5 vs 3) and D (3 vs 5): ρ = 1 − 6 · 8 / (6 · 35).
    expect(c.spearman).toBeCloseTo(27 / 35, 12);
    expect(c.calibration.meanProbability).toBeCloseTo(1.06 / 6, 12);
    expect(c.calibration.meanPBayes).toBeCloseTo(1.37 / 6, 12);
    expect(c.calibration.observedRate).toBeCloseTo(2 / 6, 12);
  });

  it('refuses addresses the truth does not know, naming how many and the first', () => {
    const { scored, truth } = smallCity();
    truth.delete('C');
    truth.delete('E');
    expect(() => compareWithTruth(scored, truth)).toThrow('2 of the 6 scored addresses have no truth row for 2024 (first: C)');
  });

  it('refuses a truth in which a found address was not cultivating: it belongs to another city', () => {
    const { scored, truth } = smallCity();
    truth.set('D', { cultivating: false, pBayes: 0.4, group: 'a' });
    expect(() => compareWithTruth(scored, truth)).toThrow(
      'according to the truth, an address with a positive label was not cultivating in 2024 (first: D)',
    );
  });

  it('refuses a year without positive labels and labels other than 0 and 1', () => {
    const { scored, truth } = smallCity();
    expect(() => compareWithTruth({ ...scored, labels: [0, 0, 0, 0, 0, 0] }, truth)).toThrow('no address has a positive label in 2024');
    expect(() => compareWithTruth({ ...scored, labels: [1, 0, 0, 2, 0, 0] }, truth)).toThrow('address D: label is 2');
  });
});

describe('Spearman rank correlation', () => {
  it('gives tied values the mean of their ranks', () => {
    expect(Array.from(averageRanks([5, 6, 7, 8, 7]))).toEqual([1, 2, 3.5, 5, 3.5]);
  });

  it('is the Pearson correlation of the average ranks (worked by hand with a tie)', () => {
    // Rank deviations (−2, −1, 0, 1, 2) and (−2, −1, ½, 2, ½): 8 / √(10 · 9.5).
    expect(spearmanCorrelation([1, 2, 3, 4, 5], [5, 6, 7, 8, 7])).toBeCloseTo(8 / Math.sqrt(95), 12);
  });

  it('is 1 for any increasing relation, −1 for a decreasing one, NaN when one side is constant', () => {
    expect(spearmanCorrelation([1, 2, 3, 4], [0.001, 0.01, 0.5, 100])).toBeCloseTo(1, 12);
    expect(spearmanCorrelation([1, 2, 3, 4], [4, 3, 2, 1])).toBeCloseTo(-1, 12);
    expect(spearmanCorrelation([1, 2, 3], [0, 0, 0])).toBeNaN();
  });
});
