import { FEATURE_CATALOGUE } from '../../features/index.ts';
import type { ModelRecord } from '../../training/registry.ts';

const estimate = (x: number, low: number, high: number, sampleSize: number, finds: number) => ({
  estimate: x,
  low,
  high,
  sampleSize,
  finds,
  effectiveSize: sampleSize,
  assumedUniform: 2,
  level: 0.9,
});

/** A registered model as the registry returns it, with every part the card words: self-selection, random sample, live check, ipw, refit, gate. */
export function cardRecord(overrides: Partial<ModelRecord> = {}): ModelRecord {
  const names = FEATURE_CATALOGUE.slice(0, 6).map((f) => f.name);
  return {
    version: 3,
    family: 'additive',
    backend: 'cpu',
    status: 'refused',
    createdAt: '2026-01-02T03:04:05.000Z',
    featureNames: names,
    artefact: {} as ModelRecord['artefact'],
    training: {
      plan: { train: [2021, 2022, 2023], validation: 2024, test: 2025 },
      labelWeighting: {
        train: { method: 'ipw', droppedRows: 0, droppedPositives: 0, weightedRows: 14, assumedUniform: 2, largestWeight: 12.345 },
      },
      refit: { years: [2022, 2023, 2024, 2025], rows: 12000, positives: 80, epochs: 41, calibration: {}, seconds: 3 },
    },
    dataFingerprint: 'abc',
    metrics: {
      chosen: {
        year: 2025,
        rows: 3000,
        positives: 5,
        averagePrecision: 0.11137,
        rocAuc: 0.8,
        atK: [{ k: 100, precision: 0.03, lift: 18 }],
        brier: 0.0016,
        calibrationError: 0.0004,
        reliability: [],
      },
      selfSelection: { controlled: 6, finds: 2, averagePrecisionWithout: 0.0912 },
      randomSample: {
        year: 2025,
        frameSize: 3000,
        k: 100,
        findRate: estimate(0.0123, 0.001, 0.05, 9, 1),
        precisionAtK: estimate(0.5, 0.05, 0.95, 2, 1),
        recallAtK: estimate(1, 0.1, 1, 1, 1),
      },
      liveCheck: {
        version: 2,
        k: 100,
        testPrecision: 0.04,
        estimate: estimate(0.5, 0.05, 0.95, 2, 1),
        consistent: false,
        sentence:
          "Active model 2: precision in its top 100 of 2025 is 4.0 % on the year's labels, OUTSIDE the random sample's interval 5.0 %–95.0 % (2 sampled addresses in the top 100): the labels it is judged on do not represent the homes it flags; treat its test figures with suspicion.",
      },
      explanation: {},
    },
    fairness: { listSize: 100, audits: [], gate: { passed: true, findings: [] } },
    drift: { at: '2026-01-01', features: [] },
    gate: {
      passed: false,
      reasons: ['no model was active', 'test AP 0.1114 is below 0.1200: more than 5 % under the active model 2 (0.1263) on 2025'],
    },
    events: [],
    trainingSeconds: 12,
    ...overrides,
  };
}
