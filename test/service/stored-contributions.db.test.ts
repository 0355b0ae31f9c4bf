import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFeatures } from '../../features/index.ts';
import { fitScaling, termsOfValues, type ModelArtefact } from '../../models/index.ts';
import { activateModel, activeModel, registerModel } from '../../training/registry.ts';
import { scoreAddresses } from '../../training/scoring.ts';
import { useTestDatabase } from '../support/database.ts';
import { embeddedConfig, listedCity, testService, type TestService } from '../support/service.ts';
import { temporaryDirectory } from '../support/tmp.ts';

/**
 * What a risk list keeps of each explanation (migration 014): an additive or logistic
 * model's scores keep their feature values, and the service computes the contributions
 * from them; an mlp's keep their integrated gradients. Either way the explanation an
 * analist reads is the one scoring computed.
 */
const SLOW = 240_000;
const PURPOSE = 'Onderzoek ondermijning, zaak RIEC-2026-31';

interface Stored {
  address_id: string;
  score: number;
  contributions: number[] | null;
  values: number[];
}
interface Line {
  feature: string;
  contribution: number;
}

describe('contributions stored or computed from the stored values', () => {
  const db = useTestDatabase();
  let service: TestService;

  beforeAll(async () => {
    await listedCity(db.pool, temporaryDirectory('stored-contributions-city'));
    service = await testService(db.pool, { config: embeddedConfig() });
  }, SLOW);

  afterAll(async () => {
    await service?.app.drain();
  });

  const newest = async () =>
    (
      await db.pool.query<Stored>(
        `SELECT address_id, score, to_json(contributions) AS contributions, to_json(feature_values) AS values
           FROM risk_scores WHERE list_id = (SELECT max(id) FROM risk_lists) ORDER BY rank`,
      )
    ).rows;

  const explanation = async (addressId: string) => {
    const analist = await service.token('analist', 'ana');
    const res = await service.http.get(`/api/v1/addresses/${addressId}/risk`).auth(analist, { type: 'bearer' }).set('X-Purpose', PURPOSE);
    expect(res.status).toBe(200);
    return res.body.explanation as { logit: number; intercept: number; contributions: Line[] };
  };

  it("explains an additive model's score from its stored values: the contributions scoring computed, intercept + lines = logit", async () => {
    const rows = await newest();
    expect(rows.every((r) => r.contributions === null && r.values.length > 0)).toBe(true);
    const model = (await activeModel(db.pool))!;
    for (const row of [rows[0]!, rows[Math.floor(rows.length / 2)]!, rows.at(-1)!]) {
      const shown = await explanation(row.address_id);
      const terms = termsOfValues(model.artefact, row.values);
      expect(Object.fromEntries(shown.contributions.map((c) => [c.feature, c.contribution]))).toEqual(
        Object.fromEntries(model.artefact.names.map((name, j) => [name, terms[j]])),
      );
      expect(shown.logit).toBe(row.score);
      // Added in the model's order from the intercept, the terms give the stored logit exactly.
      expect(terms.reduce((s, c) => s + c, shown.intercept)).toBe(row.score);
    }
  });

  it(
    "stores an mlp's contributions (integrated gradients are not computed on read) and explains from them",
    async () => {
      const additive = (await activeModel(db.pool))!;
      const list = await db.pool.query<{ reference_date: string }>('SELECT reference_date::text FROM risk_lists ORDER BY id DESC LIMIT 1');
      const features = await buildFeatures(db.pool, list.rows[0]!.reference_date);
      const width = features.names.length;
      const hidden = 3;
      const mlp: ModelArtefact = {
        family: 'mlp',
        names: [...features.names],
        scaling: fitScaling(features.values, features.addressIds.length, features.names),
        model: {
          layers: [
            {
              inputs: width,
              outputs: hidden,
              weights: Array.from({ length: width * hidden }, (_, k) => 0.2 * Math.sin(k + 1)),
              bias: [0.1, -0.1, 0],
            },
            { inputs: hidden, outputs: 1, weights: [0.8, -0.6, 0.4], bias: [-5] },
          ],
        },
        calibration: { method: 'platt', a: 1, b: 0 },
      };
      const { version: _, status: __, createdAt: ___, featureNames: ____, events: _____, ...copied } = additive;
      const version = await registerModel(db.pool, { ...copied, family: 'mlp', artefact: mlp }, 'test:mlp');
      await activateModel(db.pool, version, 'test:mlp', { event: 'override', justification: 'an mlp whose list stores its contributions' });
      await scoreAddresses(db.pool);
      const rows = await newest();
      expect(rows).toHaveLength(features.addressIds.length);
      expect(rows.every((r) => r.contributions?.length === width)).toBe(true);
      const top = rows[0]!;
      const shown = await explanation(top.address_id);
      expect(Object.fromEntries(shown.contributions.map((c) => [c.feature, c.contribution]))).toEqual(
        Object.fromEntries(features.names.map((name, j) => [name, top.contributions![j]])),
      );
    },
    SLOW,
  );
});
