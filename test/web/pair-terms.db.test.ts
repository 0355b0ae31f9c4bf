import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { termsOfValues, type ModelArtefact } from '../../models/index.ts';
import { activateModel, activeModel, registerModel } from '../../training/registry.ts';
import { scoreAddresses } from '../../training/scoring.ts';
import { REPO } from '../support/cli.ts';
import { HAVE_CHROMIUM, servePage, signIn, type ServedPage } from '../support/browser.ts';
import { useTestDatabase } from '../support/database.ts';
import { embeddedConfig, testService, trainedCity, type TestService } from '../support/service.ts';
import { temporaryDirectory } from '../support/tmp.ts';

/**
 * A pair term of the additive model is a line of its own in every explanation: stored after
 * the features' contributions, shown as "a × b" with a sentence on what the two do together,
 * and counted in the exact sum; the model page draws it as a grid. Whether a trained model
 * keeps pairs depends on its city, so the trained model is registered again with one pair of
 * known values.
 */
const SLOW = 240_000;
const SHOTS = join(REPO, 'test-results');
const PURPOSE = 'Onderzoek ondermijning, zaak RIEC-2026-31';

describe('pair terms in explanations', () => {
  const db = useTestDatabase();
  let service: TestService;
  let pairs: Array<[number, number]>;
  let version: number;
  let site: ServedPage | undefined;

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
    version = await registerModel(db.pool, { ...copied, artefact: withPair }, 'test:pairs');
    await activateModel(db.pool, version, 'test:pairs', {
      event: 'override',
      justification: 'a model with a known pair term, for this test',
    });
    await scoreAddresses(db.pool);
    pairs = withPair.model.pairs!.map((p) => p.features);
    service = await testService(db.pool, { config: embeddedConfig({ HENNEP_DEMO_SIGN_IN: 'on' }) });
  }, SLOW);

  afterAll(async () => {
    await site?.close();
    await service?.app.drain();
  });

  it('stores the pairs after the features and explains each as "a × b", its sentence in words, intercept + lines = logit', async () => {
    const { rows } = await db.pool.query<{ address_id: string; contributions: null; values: number[]; names: string[] }>(
      `SELECT s.address_id, s.contributions, to_json(s.feature_values) AS values, m.feature_names AS names
         FROM risk_scores s JOIN risk_lists l ON l.id = s.list_id JOIN models m ON m.version = l.model_version
        WHERE l.id = (SELECT max(id) FROM risk_lists) AND s.rank = 1`,
    );
    const { address_id: addressId, contributions, values, names } = rows[0]!;
    // An additive model's contributions are computed from the stored values on read (migration 014).
    expect(contributions).toBeNull();
    const model = (await activeModel(db.pool))!;
    expect(model.version).toBe(version);
    const terms = termsOfValues(model.artefact, values);
    expect(terms).toHaveLength(names.length + pairs.length);
    // The planted pair is the last term; its value is the cell of this address's two values.
    const [a, b] = pairs.at(-1)!;
    const cell = (values[a]! > 2 ? 2 : 0) + (values[b]! > 0.5 ? 1 : 0);
    const expected = [-0.4, 0.4, 0.4, -0.4][cell]!;
    expect(terms.at(-1)).toBe(expected);
    const analist = await service.token('analist', 'ana');
    const res = await service.http.get(`/api/v1/addresses/${addressId}/risk`).auth(analist, { type: 'bearer' }).set('X-Purpose', PURPOSE);
    expect(res.status).toBe(200);
    type Line = { feature: string; pair?: string[]; contribution: number; sentence: string };
    const explanation = res.body.explanation as { logit: number; intercept: number; contributions: Line[] };
    const lines = explanation.contributions.filter((c) => c.pair);
    expect(lines).toHaveLength(pairs.length);
    const known = lines.find((c) => c.feature === 'kwh_peer_ratio × ownership_owner_occupied')!;
    expect(known.pair).toEqual(['kwh_peer_ratio', 'ownership_owner_occupied']);
    expect(known.contribution).toBeCloseTo(expected, 12);
    expect(known.sentence).toMatch(/^Samenspel van .+ en .+, bovenop het effect van elk apart — (verhoogt|verlaagt) de score/);
    const sum = explanation.intercept + explanation.contributions.reduce((total, c) => total + c.contribution, 0);
    expect(Math.abs(sum - explanation.logit)).toBeLessThan(1e-9);
  });

  it("gives the model's pairs with the card, each by its features' names and its cells", async () => {
    const res = await service.http.get(`/api/v1/models/${version}`).auth(await service.token('beheerder'), { type: 'bearer' });
    expect(res.status).toBe(200);
    const shown = (res.body as { pairs: Array<{ features: string[]; edges: number[][]; terms: number[] }> }).pairs;
    const known = shown.find((p) => p.features.join(' × ') === 'kwh_peer_ratio × ownership_owner_occupied')!;
    expect(known).toEqual({
      features: ['kwh_peer_ratio', 'ownership_owner_occupied'],
      edges: [[2], [0.5]],
      terms: [-0.4, 0.4, 0.4, -0.4],
    });
  });

  it.skipIf(!HAVE_CHROMIUM)(
    'the model page draws each pair as a grid of its cells, red where it raises the score and green where it lowers it',
    async () => {
      site = await servePage(service.app.app);
      const page = await signIn(site, 'beheerder');
      await page.goto(`${site.base}#/models/${version}`);
      const figure = page.locator('#pairs figure[data-pair="kwh_peer_ratio ownership_owner_occupied"]');
      await figure.waitFor();
      const cells = figure.locator('rect.pair-cell');
      expect(await cells.count()).toBe(4);
      expect(await cells.evaluateAll((rects) => rects.map((r) => Number(r.getAttribute('data-value'))))).toEqual([-0.4, 0.4, 0.4, -0.4]);
      // Red where the pair raises the score, green where it lowers it.
      const fills = await cells.evaluateAll((rects) => rects.map((r) => r.getAttribute('fill')));
      expect(fills[1]).toBe('rgb(164,22,26)');
      expect(fills[0]).toBe('rgb(27,107,58)');
      mkdirSync(SHOTS, { recursive: true });
      await page.locator('#pairs').screenshot({ path: join(SHOTS, 'beheerder-pairs.png') });
      await page.context().close();
    },
    SLOW,
  );
});
