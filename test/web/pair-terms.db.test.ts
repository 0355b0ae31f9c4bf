import { beforeAll, describe, expect, it } from 'vitest';
import type { ModelArtefact } from '../../models/index.ts';
import { activateModel, activeModel, registerModel } from '../../training/registry.ts';
import { scoreAddresses } from '../../training/scoring.ts';
import { useTestDatabase } from '../support/database.ts';
import { testService, trainedCity, type TestService } from '../support/service.ts';
import { temporaryDirectory } from '../support/tmp.ts';

/**
 * A pair term of the additive model is a line of its own in every explanation: stored after
 * the features' contributions, shown as "a × b" with a sentence on what the two do together,
 * and counted in the exact sum. Whether a trained model keeps pairs depends on its city, so
 * the trained model is registered again with one pair of known values.
 */
const SLOW = 240_000;
const PURPOSE = 'Onderzoek ondermijning, zaak RIEC-2026-31';

describe('pair terms in explanations', () => {
  const db = useTestDatabase();
  let service: TestService;
  let pairs: Array<[number, number]>;

  beforeAll(async () => {
    await trainedCity(db.pool, temporaryDirectory('pair-lines-city'));
    const trained = (await activeModel(db.pool))!;
    const artefact = trained.artefact as Extract<ModelArtefact, { family: 'additive' }>;
    const a = artefact.names.indexOf('kwh_peer_ratio');
    const b = artefact.names.indexOf('ownership_owner_occupied');
    // Purified as a fitted pair is: each row and column of this 2 × 2 table sums to 0 when the cells are equally filled.
    const pair = { features: [a, b] as [number, number], edges: [[2], [0.5]] as [number[], number[]], terms: [-0.4, 0.4, 0.4, -0.4] };
    const withPair: ModelArtefact = { ...artefact, model: { ...artefact.model, pairs: [...(artefact.model.pairs ?? []), pair] } };
    const { version: _, status: __, createdAt: ___, featureNames: ____, events: _____, ...copied } = trained;
    const version = await registerModel(db.pool, { ...copied, artefact: withPair }, 'test:pairs');
    await activateModel(db.pool, version, 'test:pairs', {
      event: 'override',
      justification: 'a model with a known pair term, for this test',
    });
    await scoreAddresses(db.pool);
    pairs = withPair.model.pairs!.map((p) => p.features);
    service = await testService(db.pool);
  }, SLOW);

  it('stores the pairs after the features and explains each as "a × b", its sentence in words, intercept + lines = logit', async () => {
    const { rows } = await db.pool.query<{ address_id: string; terms: number; features: number }>(
      `SELECT s.address_id, array_length(s.contributions, 1) AS terms, array_length(m.feature_names, 1) AS features
         FROM risk_scores s JOIN risk_lists l ON l.id = s.list_id JOIN models m ON m.version = l.model_version
        WHERE l.id = (SELECT max(id) FROM risk_lists) AND s.rank = 1`,
    );
    const { address_id: addressId, terms, features } = rows[0]!;
    expect(terms).toBe(features + pairs.length);
    const analist = await service.token('analist', 'ana');
    const res = await service.http.get(`/api/v1/addresses/${addressId}/risk`).auth(analist, { type: 'bearer' }).set('X-Purpose', PURPOSE);
    expect(res.status).toBe(200);
    type Line = { feature: string; pair?: string[]; contribution: number; sentence: string };
    const explanation = res.body.explanation as { logit: number; intercept: number; contributions: Line[] };
    const lines = explanation.contributions.filter((c) => c.pair);
    expect(lines).toHaveLength(pairs.length);
    const known = lines.find((c) => c.feature === 'kwh_peer_ratio × ownership_owner_occupied')!;
    expect(known.pair).toEqual(['kwh_peer_ratio', 'ownership_owner_occupied']);
    expect(Math.abs(known.contribution)).toBeCloseTo(0.4, 12);
    expect(known.sentence).toMatch(/^Samenspel van .+ en .+, bovenop het effect van elk apart — (verhoogt|verlaagt) de score/);
    const sum = explanation.intercept + explanation.contributions.reduce((total, c) => total + c.contribution, 0);
    expect(Math.abs(sum - explanation.logit)).toBeLessThan(1e-9);
  });
});
