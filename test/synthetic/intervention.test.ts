import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectionProbability, type YearTruth } from '../../synthetic/index.ts';
import { readTable } from './fixtures.ts';
import { binCalibration, CHI_SQUARE_10_999, zScore } from './metrics.ts';
import { runYearByYear, topAndRandom, type YearByYearRun } from './year-by-year.ts';

const FIRST = 2019;
const isFind = (outcome: string) => outcome === 'cultivation' || outcome === 'preparation';

/** Rows of a delivery file without the id column, sorted: what is left when sequence numbers shift. */
function rowsWithoutId(dir: string, file: string): string[] {
  return readTable(join(dir, file))
    .rows.map((r) => r.slice(1).join(','))
    .sort();
}

function extraCounts(truth: YearTruth): Map<number, number> {
  const counts = new Map<number, number>();
  for (const e of truth.extra) counts.set(e.addressIndex, (counts.get(e.addressIndex) ?? 0) + 1);
  return counts;
}

describe('synthetic municipality with extra controls: the same city', () => {
  let base: YearByYearRun;
  let intervened: YearByYearRun;
  beforeAll(async () => {
    const options = { addresses: 4000, seed: 9, startYear: 2016, endYear: 2022, historyThrough: FIRST - 1 };
    base = await runYearByYear(options);
    intervened = await runYearByYear(options, topAndRandom(30, 5, FIRST));
  });
  afterAll(() => {
    base.remove();
    intervened.remove();
  });

  const delivery = (run: YearByYearRun, year: number) => run.deliveries[1 + year - FIRST]!;
  const truthOf = (run: YearByYearRun, year: number) => run.truths.find((t) => t.year === year)!;

  it('leaves every other row of the first intervened year as it was, and adds the extra controls with outcomes that follow the latent state', () => {
    for (const file of ['energy.csv', 'reports.csv', 'companies.csv', 'occupancy.csv']) {
      expect(readTable(join(delivery(intervened, FIRST), file)).rows, file).toEqual(readTable(join(delivery(base, FIRST), file)).rows);
    }
    const before = truthOf(base, FIRST);
    const after = truthOf(intervened, FIRST);
    expect(after.cultivating).toEqual(before.cultivating);
    expect(after.extra).toHaveLength(60);
    const extraRows = after.extra.map((e) => {
      const r = readTable(join(delivery(intervened, FIRST), 'inspections.csv')).rows.find(
        (row) => row[1] === intervened.city.addresses[e.addressIndex]!.id && row[3] === e.reason,
      );
      return r?.slice(1).join(',') ?? '';
    });
    expect([...rowsWithoutId(delivery(base, FIRST), 'inspections.csv'), ...extraRows].sort()).toEqual(
      rowsWithoutId(delivery(intervened, FIRST), 'inspections.csv'),
    );
    for (const e of after.extra) {
      if (e.outcome !== 'no_access') expect(isFind(e.outcome)).toBe(after.cultivating[e.addressIndex] === 1);
    }
    expect(after.extra.some((e) => isFind(e.outcome))).toBe(true);
  });

  it('raises p_bayes exactly where extra controls went, by the chance that one of them finds the cultivation', () => {
    const before = truthOf(base, FIRST);
    const after = truthOf(intervened, FIRST);
    const counts = extraCounts(after);
    after.pBayes.forEach((p, i) => {
      const m = counts.get(i) ?? 0;
      if (m === 0) expect(p).toBe(before.pBayes[i]);
      else expect(p).toBeCloseTo((before.pBayes[i]! / detectionProbability(0)) * detectionProbability(m), 15);
    });
  });

  it('changes later years only in neighbourhoods where an extra control found something', () => {
    const touched = new Set<number>();
    let differing = 0;
    for (let year = FIRST + 1; year <= 2022; year++) {
      for (const e of truthOf(intervened, year - 1).extra)
        if (isFind(e.outcome)) touched.add(intervened.city.addresses[e.addressIndex]!.neighbourhood.index);
      const energy = (run: YearByYearRun) =>
        new Map(readTable(join(delivery(run, year), 'energy.csv')).rows.map((r) => [r[0]!, r.join(',')]));
      const [b, a] = [energy(base), energy(intervened)];
      for (const address of intervened.city.addresses) {
        const same =
          b.get(address.id) === a.get(address.id) &&
          truthOf(base, year).cultivating[address.index] === truthOf(intervened, year).cultivating[address.index];
        if (!touched.has(address.neighbourhood.index)) expect(same, `${address.id} in ${year}`).toBe(true);
        else if (!same) differing += 1;
      }
    }
    expect(touched.size).toBeGreaterThan(0);
    expect(differing).toBeGreaterThan(0);
  });
});

describe('synthetic municipality with extra controls: p_bayes is still exact', () => {
  let run: YearByYearRun;
  beforeAll(async () => {
    // Strong intervention: every year the top 60 by p_bayes and 60 at random, on top of the city's own controls.
    run = await runYearByYear(
      { addresses: 30_000, seed: 2024, startYear: 2016, endYear: 2024, historyThrough: 2024 },
      topAndRandom(60, 3, 2017),
    );
  });
  afterAll(() => run.remove());

  const labelled = () => run.truths.flatMap((t) => Array.from(t.pBayes, (probability, i) => ({ probability, positive: t.found[i] === 1 })));

  it('finds many cultivations with the extra controls, so that the check means something', () => {
    const extraFinds = run.truths.reduce((sum, t) => sum + t.extra.filter((e) => isFind(e.outcome)).length, 0);
    expect(extraFinds).toBeGreaterThan(100);
  });

  it('has a mean p_bayes within three standard errors of the observed positive rate', () => {
    expect(Math.abs(zScore(labelled()))).toBeLessThan(3);
  });

  it('matches observed positives in ten bins of equal expected mass (chi-square, 10 df, 99.9 %)', () => {
    const { chiSquare, spread } = binCalibration(labelled());
    expect(chiSquare).toBeLessThan(CHI_SQUARE_10_999);
    expect(spread).toBeGreaterThan(50);
  });

  it('divided by each address-year detection probability, matches the latent cultivation rate of every year', () => {
    for (const t of run.truths) {
      const counts = extraCounts(t);
      const rows = Array.from(t.pBayes, (p, i) => ({
        probability: p / detectionProbability(counts.get(i) ?? 0),
        positive: t.cultivating[i] === 1,
      }));
      expect(Math.abs(zScore(rows)), String(t.year)).toBeLessThan(3.5);
    }
  });
});
