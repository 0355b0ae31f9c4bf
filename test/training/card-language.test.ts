import { describe, expect, it } from 'vitest';
import { FEATURE_CATALOGUE } from '../../features/index.ts';
import { modelCard } from '../../training/card.ts';
import { checkFairness, DEFAULT_BOUNDS } from '../../training/fairness-gate.ts';
import { gateReasonWords } from '../../training/gate-words.ts';
import { liveCheck } from '../../training/sample-figures.ts';
import { cardRecord } from './card-fixture.ts';

/** The sentences of the card's worded fields: what a reader reads, split where a sentence ends. */
function sentences(card: ReturnType<typeof modelCard>): Set<string> {
  const a = card.algoritmeregister;
  const texts = [
    a.shortDescription,
    a.goalAndImpact,
    a.humanIntervention,
    a.riskManagement,
    a.legalBasis,
    a.technicalWorking,
    a.learnsOverTime,
  ];
  return new Set(
    texts
      .flatMap((t) => t.split(/(?<=[.;])\s+(?=[A-Z])/))
      .map((s) => s.trim())
      .filter((s) => /[a-z]{3}/i.test(s)),
  );
}

describe("the model card in the page's language", () => {
  it('in Dutch holds none of the English sentences, and every worded field differs', () => {
    const record = cardRecord();
    const en = modelCard(record, 'en');
    const nl = modelCard(record, 'nl');
    const english = sentences(en);
    expect(english.size).toBeGreaterThan(20);
    expect([...sentences(nl)].filter((s) => english.has(s))).toEqual([]);
    for (const key of Object.keys(en.algoritmeregister) as Array<keyof typeof en.algoritmeregister>) {
      if (key === 'name' || key === 'dataSources') continue;
      expect(nl.algoritmeregister[key], key).not.toBe(en.algoritmeregister[key]);
    }
  });

  it('writes the figures in Dutch with a decimal comma, and the sentences built from them in Dutch', () => {
    const nl = modelCard(cardRecord(), 'nl').algoritmeregister;
    expect(nl.riskManagement).toContain('AP 0,1114');
    expect(nl.riskManagement).toContain('6 adressen zijn in 2025 gecontroleerd vanwege een risicolijst');
    expect(nl.riskManagement).toContain('Aselecte steekproef van 2025: 9 adressen');
    expect(nl.riskManagement).toContain('BUITEN het interval van de aselecte steekproef 5,0 %–95,0 %');
    expect(nl.technicalWorking).toContain('het grootste gewicht is 12,3');
    expect(nl.technicalWorking).toContain('(12.000 rijen, het testjaar inbegrepen)');
    expect(nl.riskManagement).not.toMatch(/\d\.(\d{1,2}|\d{4,})(?!\d)/);
  });

  it("names the features by the catalogue's Dutch or English description", () => {
    const record = cardRecord();
    const nl = modelCard(record, 'nl').model.features;
    const en = modelCard(record, 'en').model.features;
    for (const [i, name] of record.featureNames.entries()) {
      const entry = FEATURE_CATALOGUE.find((f) => f.name === name)!;
      expect(nl[i]).toEqual({ name, description: entry.description.nl });
      expect(en[i]).toEqual({ name, description: entry.description.en });
    }
  });

  it('keeps the English card as it was: English is the default, and the live check reads as stored at training', () => {
    const record = cardRecord();
    expect(modelCard(record)).toEqual(modelCard(record, 'en'));
    const stored = (record.metrics as { liveCheck: { sentence: string } }).liveCheck.sentence;
    expect(modelCard(record).algoritmeregister.riskManagement).toContain(stored);
    // The sentence liveCheck stores is the one liveCheckSentence words in English.
    const check = liveCheck(2, [], { year: 2025, addressIds: ['a'], logits: [1], labels: [0], k: 1 });
    expect(check.sentence).toBe(
      "Active model 2: precision in its top 1 of 2025 is 0.000 % on the year's labels; no address of its top 1 was controlled at random, so its live precision cannot be checked this year.",
    );
  });

  it("re-words the gate's reasons the stored figures rebuild, and keeps any other as its English, said so", () => {
    const base = cardRecord();
    const record = cardRecord({
      metrics: { ...(base.metrics as object), activeComparison: { version: 2, averagePrecision: 0.1263, withoutListPrompted: false } },
      gate: {
        passed: false,
        promotionTolerance: 0.05,
        reasons: [
          'no model was active',
          'test AP 0.1114 is below 0.1200: more than 5 % under the active model 2 (0.1263) on 2025',
          'group b: false-positive rate 0.0123 is 1.5 × that of group a (0.0082); outside the bound 0.8–1.25',
        ],
      },
    });
    expect(gateReasonWords(record, 'nl')).toEqual([
      { text: 'er was geen actief model', lang: 'nl' },
      { text: 'test-AP 0,1114 is lager dan 0,1200: meer dan 5 % onder het actieve model 2 (0,1263) op 2025', lang: 'nl' },
      { text: 'group b: false-positive rate 0.0123 is 1.5 × that of group a (0.0082); outside the bound 0.8–1.25', lang: 'en' },
    ]);
    expect(gateReasonWords(record, 'en').map((r) => r.text)).toEqual((record.gate as { reasons: string[] }).reasons);
    // A reason that does not match the stored figures is not re-worded from them.
    const altered = cardRecord({ ...record, gate: { ...(record.gate as object), promotionTolerance: 0.1 } });
    expect(gateReasonWords(altered, 'nl')[1]!.lang).toBe('en');
  });

  it('words a fairness finding in Dutch from the Dutch stored beside it by the gate that judged it', () => {
    const group = (name: string, falsePositiveRate: number) => ({
      group: name,
      addresses: 500,
      positives: 5,
      selected: 0,
      selectionRate: 0,
      falsePositiveRate,
      falsePositiveRateRatio: name === 'a' ? 1 : falsePositiveRate / 0.0082,
      selectionRatio: 1,
    });
    const audits = [{ attribute: 'group', reference: 'a', groups: [group('a', 0.0082), group('b', 0.0123)] }];
    const gate = checkFairness(audits as unknown as Parameters<typeof checkFairness>[0], DEFAULT_BOUNDS);
    const base = cardRecord();
    const metrics = base.metrics as { fairness: object };
    const record = cardRecord({
      metrics: { ...metrics, fairness: { ...metrics.fairness, gate } },
      gate: { passed: false, promotionTolerance: 0.05, reasons: gate.findings.map((f) => f.reason) },
    });
    expect(gateReasonWords(record, 'en')).toEqual([
      { text: 'group b: false-positive rate 0.0123 is 1.5 × that of group a (0.0082); outside the bound 0.8–1.25', lang: 'en' },
    ]);
    expect(gateReasonWords(record, 'nl')).toEqual([
      {
        text: 'groep b: aandeel fout-positieven (FPR) 0,0123 is 1,5 × die van groep a (0,0082); buiten de grens 0,8–1,25',
        lang: 'nl',
      },
    ]);
  });
});
