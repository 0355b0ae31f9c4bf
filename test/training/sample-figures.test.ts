import { describe, expect, it } from 'vitest';
import type { SampledAddress } from '../../training/estimates.ts';
import { liveCheck, randomSampleFigures, randomSampleSentence, topKOf } from '../../training/sample-figures.ts';

/** 1,000 addresses ranked by descending logit; address i has logit −i. */
const ids = Array.from({ length: 1000 }, (_, i) => String(i).padStart(16, '0'));
const logits = ids.map((_, i) => -i);

describe('the test year on its random controls', () => {
  it('takes the top k by logit, earlier rows winning ties', () => {
    expect([...topKOf(['a', 'b', 'c', 'd'], [1, 3, 3, 0], 2)]).toEqual(['b', 'c']);
  });

  it('estimates find rate, precision and recall from the sampled addresses, ignoring any outside the frame', () => {
    const sample: SampledAddress[] = [
      { addressId: ids[3]!, found: true, probability: 0.05 },
      { addressId: ids[40]!, found: false, probability: 0.05 },
      { addressId: ids[500]!, found: true, probability: 0.05 },
      { addressId: ids[900]!, found: false, probability: 0.05 },
      { addressId: '9999999999999999', found: true, probability: 0.05 },
    ];
    const f = randomSampleFigures(sample, { year: 2024, addressIds: ids, logits, k: 100 });
    expect(f.findRate).toMatchObject({ sampleSize: 4, finds: 2, estimate: 0.5 });
    expect(f.precisionAtK).toMatchObject({ sampleSize: 2, finds: 1, estimate: 0.5 });
    expect(f.recallAtK).toMatchObject({ sampleSize: 2, finds: 1, estimate: 0.5 });
    const sentence = randomSampleSentence(f);
    expect(sentence).toContain('4 addresses controlled at random, 2 with a find');
    expect(sentence).toContain('these intervals are wide');
  });

  it('says so when nothing was sampled, or when no probability was delivered', () => {
    const none = randomSampleFigures([], { year: 2024, addressIds: ids, logits, k: 100 });
    expect(randomSampleSentence(none)).toMatch(/^No address was controlled at random in 2024/);
    const uniform = randomSampleFigures([{ addressId: ids[700]!, found: false, probability: null }], {
      year: 2024,
      addressIds: ids,
      logits,
      k: 100,
    });
    expect(randomSampleSentence(uniform)).toContain("a uniform draw over the year's 1,000 addresses is assumed");
    expect(randomSampleSentence(uniform)).toContain("None of the sampled addresses was in the model's top 100");
  });

  it('flags a test precision outside the live interval, and passes one inside it', () => {
    // The labels say 60 of the top 100 were finds; 40 random controls in the top 100 found none.
    const labels = ids.map((_, i) => (i < 60 ? 1 : 0));
    const sampled: SampledAddress[] = Array.from({ length: 40 }, (_, i) => ({ addressId: ids[60 + i]!, found: false, probability: 0.5 }));
    const outside = liveCheck(7, sampled, { year: 2024, addressIds: ids, logits, labels, k: 100 });
    expect(outside).toMatchObject({ version: 7, k: 100, testPrecision: 0.6, consistent: false });
    expect(outside.sentence).toContain('OUTSIDE the random sample');
    const agreeing: SampledAddress[] = Array.from({ length: 40 }, (_, i) => ({
      addressId: ids[i * 2]!,
      found: i % 2 === 0,
      probability: 0.5,
    }));
    expect(liveCheck(7, agreeing, { year: 2024, addressIds: ids, logits, labels, k: 100 }).consistent).toBe(true);
    expect(liveCheck(7, [], { year: 2024, addressIds: ids, logits, labels, k: 100 })).toMatchObject({ consistent: null });
  });
});
