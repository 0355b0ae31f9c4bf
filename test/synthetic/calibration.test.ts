import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DETECTION_PROBABILITY } from '../../synthetic/rates.ts';
import { END_YEAR, generateCity, records, START_YEAR, truthWithLabels, type GeneratedCity, type TruthRow } from './fixtures.ts';
import { averagePrecision, binCalibration, CHI_SQUARE_10_999, zScore } from './metrics.ts';

/**
 * p_bayes claims to be the exact probability of the label given the observable past. Label
 * minus p_bayes is then a martingale difference, so sums over addresses and years have
 * variance Σ p(1 − p) and the usual binomial bounds apply.
 */
describe('synthetic municipality: p_bayes is exact', () => {
  let city: GeneratedCity;
  let truth: TruthRow[];
  beforeAll(async () => {
    city = await generateCity(30_000, 2024);
    truth = truthWithLabels(city);
  });
  afterAll(() => city.remove());

  const labelled = () => truth.map((t) => ({ probability: t.pBayes, positive: t.label }));

  it('has a mean p_bayes within three standard errors of the observed positive rate', () => {
    const positives = truth.filter((t) => t.label).length;
    expect(positives).toBeGreaterThan(150);
    expect(Math.abs(zScore(labelled()))).toBeLessThan(3);
  });

  it('matches observed positives in ten bins of equal expected mass (chi-square, 10 df, 99.9 %)', () => {
    const { chiSquare, spread } = binCalibration(labelled());
    expect(chiSquare).toBeLessThan(CHI_SQUARE_10_999);
    // The bins must really differ for the check to mean something.
    expect(spread).toBeGreaterThan(50);
  });

  it('divided by the detection probability, matches the latent cultivation rate of every year', () => {
    for (let year = START_YEAR; year <= END_YEAR; year++) {
      const rows = truth
        .filter((t) => t.year === year)
        .map((t) => ({ probability: t.pBayes / DETECTION_PROBABILITY, positive: t.cultivating }));
      expect(Math.abs(zScore(rows)), String(year)).toBeLessThan(3.5);
    }
  });

  it('ranks positives far above the base rate (average precision)', () => {
    const later = truth.filter((t) => t.year > START_YEAR);
    const baseRate = later.filter((t) => t.label).length / later.length;
    const ap = averagePrecision(later.map((t) => ({ score: t.pBayes, positive: t.label })));
    expect(ap).toBeGreaterThan(20 * baseRate);
  });

  it('is zero, with no cultivation, in years before a dwelling is built, and never above the detection probability', () => {
    const built = new Map(records(city.read('addresses.csv')).map((a) => [a.address_id, Number(a.building_year)]));
    const beforeBuilt = truth.filter((t) => t.year < (built.get(t.addressId) ?? 0));
    expect(beforeBuilt.length).toBeGreaterThan(0);
    expect(beforeBuilt.every((t) => t.pBayes === 0 && !t.cultivating && !t.label)).toBe(true);
    expect(truth.every((t) => t.pBayes >= 0 && t.pBayes <= DETECTION_PROBABILITY)).toBe(true);
  });
});
