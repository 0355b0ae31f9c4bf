import { describe, expect, it } from 'vitest';
import { CONTROLS } from '../../synthetic/params.ts';
import { findRate, type SampledAddress } from '../../training/estimates.ts';
import { columnOf, END_YEAR, generateCity, START_YEAR } from './fixtures.ts';

/**
 * The find-rate estimate from a city's random controls against the truth the generator
 * knows: the share of the year's addresses that cultivate, times the chance a control gets
 * in. Over 12 seeded cities × 9 years, its 90 % interval must cover the truth in at least
 * 80 % of the (city, year) pairs; a year without a random control counts as not covered.
 * With about six random controls a year in a city of 20,000, the intervals are wide: this
 * shows the estimate is honest, not that it is precise.
 */
const CITIES = 12;
const ADDRESSES = 20_000;

describe('random-sample estimates on the synthetic city', () => {
  it('cover the true find rate with their 90 % interval in at least 80 % of seeded cities and years', async () => {
    let pairs = 0;
    let covered = 0;
    let sampled = 0;
    for (let seed = 1; seed <= CITIES; seed++) {
      const city = await generateCity(ADDRESSES, 100 + seed);
      try {
        const inspections = city.read('inspections.csv');
        const [ids, dates, reasons, outcomes, chances] = ['address_id', 'inspected_on', 'reason', 'outcome', 'selection_probability'].map(
          (c) => columnOf(inspections, c),
        ) as [string[], string[], string[], string[], string[]];
        const truth = city.read('truth.csv');
        const [truthYears, cultivating] = ['year', 'cultivating'].map((c) => columnOf(truth, c)) as [string[], string[]];
        for (let year = START_YEAR; year <= END_YEAR; year++) {
          let frame = 0;
          let cultivators = 0;
          truthYears.forEach((y, i) => {
            if (Number(y) !== year) return;
            frame++;
            cultivators += cultivating[i] === '1' || cultivating[i] === 'true' ? 1 : 0;
          });
          const sample: SampledAddress[] = [];
          reasons.forEach((reason, i) => {
            if (reason !== 'random' || !dates[i]!.startsWith(`${year}-`)) return;
            sample.push({
              addressId: ids[i]!,
              found: outcomes[i] === 'cultivation' || outcomes[i] === 'preparation',
              probability: chances[i] ? Number(chances[i]) : null,
            });
          });
          const trueRate = (cultivators / frame) * (1 - CONTROLS.noAccess);
          const e = findRate(sample, frame);
          pairs++;
          sampled += sample.length;
          if (e.low !== null && e.high !== null && e.low <= trueRate && trueRate <= e.high) covered++;
          expect(
            sample.every((s) => s.probability !== null),
            "the generator states every random control's probability",
          ).toBe(true);
        }
      } finally {
        city.remove();
      }
    }
    expect(pairs).toBe(CITIES * (END_YEAR - START_YEAR + 1));
    expect(sampled / pairs, 'random controls a year').toBeGreaterThan(3);
    expect(covered / pairs).toBeGreaterThanOrEqual(0.8);
  }, 240_000);
});
