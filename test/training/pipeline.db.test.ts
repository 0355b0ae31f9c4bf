import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/index.ts';
import { buildFeatures } from '../../features/index.ts';
import { importDirectory } from '../../ingest/index.ts';
import { explainRows, termsOfRow, termsOfValues, type ModelArtefact } from '../../models/index.ts';
import { generateMunicipality } from '../../synthetic/index.ts';
import { modelCard } from '../../training/card.ts';
import { modelCardMarkdown } from '../../training/card-markdown.ts';
import type { Evaluation } from '../../training/evaluate.ts';
import type { FairnessBounds } from '../../training/fairness-gate.ts';
import { activateModel, activeModel, getModel, type ModelRecord } from '../../training/registry.ts';
import { MedianSample } from '../../training/median-sample.ts';
import { featureMedians } from '../../training/medians.ts';
import { exportRiskList } from '../../training/risk-list.ts';
import { scoreAddresses, type ScoreResult } from '../../training/scoring.ts';
import { trainSettings, type TrainSettings } from '../../training/settings.ts';
import { trainModel } from '../../training/train.ts';
import { columnOf, readTable } from '../synthetic/fixtures.ts';
import { useTestDatabase } from '../support/database.ts';
import { temporaryDirectory } from '../support/tmp.ts';
import { max } from 'simple-statistics';

/**
 * The whole model life cycle on one generated city of 20,000 dwellings: train and promote,
 * score and export, the promotion gate, a beheerder's override and the fairness gate. The
 * steps build on each other (versions 1, 2, … in order): each test asks for the steps it
 * needs, each step runs once per file, so that any test can also run alone.
 */
const ADDRESSES = 20_000;
const END_YEAR = 2024;
const SLOW = 120_000;

interface StoredTraining {
  plan: { train: number[]; validation: number; test: number };
}
interface StoredMetrics {
  chosen: Evaluation;
}
interface StoredGate {
  passed: boolean;
  reasons: string[];
}

describe('training pipeline on a synthetic city', () => {
  const db = useTestDatabase();
  const city = temporaryDirectory('pipeline-city');

  const settings = (overrides: Partial<TrainSettings>) => trainSettings(loadConfig({}), { actor: 'test:pipeline', ...overrides });
  const model = async (version: number): Promise<ModelRecord> => {
    const record = await getModel(db.pool, version);
    if (!record) throw new Error(`model ${version} is not registered`);
    return record;
  };
  const testAp = (record: ModelRecord) => (record.metrics as StoredMetrics).chosen.averagePrecision;
  const activeVersions = async () =>
    (await db.pool.query<{ version: number }>(`SELECT version FROM models WHERE status = 'active'`)).rows.map((r) => r.version);

  /** A step of the life cycle, run by the first test that needs it; later ones get its result. */
  const once = <T>(step: () => Promise<T>): (() => Promise<T>) => {
    let result: Promise<T> | undefined;
    return () => (result ??= step());
  };
  const firstModel = once(async () => {
    const activeBefore = await activeModel(db.pool);
    return { activeBefore, outcome: await trainModel(db.pool, settings({ family: 'additive' })) };
  });
  const riskList = once(async (): Promise<ScoreResult> => {
    await firstModel();
    return scoreAddresses(db.pool);
  });
  /** Logistic against additive at tolerance 0, then the weaker family again: a candidate below the active model. */
  const gateRefusal = once(async () => {
    await firstModel();
    const logistic = await trainModel(db.pool, settings({ family: 'logistic', promotionTolerance: 0 }));
    const activeAfterLogistic = await activeVersions();
    const better = logistic.chosen.averagePrecision > testAp(await model(1)) ? 2 : 1;
    const weaker = await trainModel(db.pool, settings({ family: better === 2 ? 'additive' : 'logistic', promotionTolerance: 0 }));
    return { logistic, activeAfterLogistic, better, weaker };
  });

  beforeAll(async () => {
    await generateMunicipality({ addresses: ADDRESSES, seed: 11, startYear: 2017, endYear: END_YEAR, outDir: city });
    expect((await importDirectory(db.pool, city)).status).toBe('loaded');
  }, SLOW);

  it(
    'registers the first additive model as version 1 and promotes it, with the plan years and metrics at 50, 100 and 250',
    async () => {
      const { activeBefore, outcome } = await firstModel();
      expect(activeBefore).toBeNull();
      expect(outcome).toMatchObject({ version: 1, family: 'additive', promoted: true, reasons: ['no model was active'] });

      const active = await activeModel(db.pool);
      expect(active).toMatchObject({ version: 1, status: 'active', family: 'additive' });
      const { plan } = active!.training as StoredTraining;
      const newest = await db.pool.query<{ newest: string }>(
        `SELECT greatest((SELECT max(inspected_on) FROM inspections), (SELECT max(reported_on) FROM reports))::text AS newest`,
      );
      expect(newest.rows[0]!.newest >= `${END_YEAR}-12-01`).toBe(true);
      expect(plan.test).toBe(END_YEAR);
      expect(plan.validation).toBe(plan.test - 1);
      expect(plan.train.length).toBeGreaterThan(0);
      expect(max(plan.train)).toBeLessThan(plan.validation);
      const metrics = (active!.metrics as StoredMetrics).chosen;
      expect(metrics.year).toBe(END_YEAR);
      expect(metrics.rows).toBe(ADDRESSES);
      expect(metrics.atK.map((a) => a.k)).toEqual([50, 100, 250]);
      // The synthetic city knows no risk list: no control of its test year was prompted by one.
      expect(outcome.selfSelection).toEqual({ controlled: 0, finds: 0, averagePrecisionWithout: metrics.averagePrecision });
      expect(modelCard(active!).algoritmeregister.riskManagement).toContain(`No control of ${END_YEAR} is recorded with reason risk_model`);
    },
    SLOW,
  );

  it(
    'stores one risk score per address, ranked 1..n, its probability rising with its score',
    async () => {
      const scored = await riskList();
      expect(scored).toMatchObject({ version: 1, addresses: ADDRESSES, referenceDate: `${END_YEAR + 1}-01-01` });

      const { rows } = await db.pool.query<{
        n: number;
        addresses: number;
        ranks: number;
        min_rank: number;
        max_rank: number;
        low: number;
        high: number;
        inverted: number;
        misranked: number;
      }>(
        `WITH s AS (
         SELECT *, lag(probability) OVER (ORDER BY score, probability) AS previous_probability,
                row_number() OVER (ORDER BY score DESC, address_id COLLATE "C") AS expected_rank
         FROM risk_scores WHERE list_id = $1)
       SELECT count(*) AS n,
              (SELECT count(*) FROM addresses) AS addresses,
              count(DISTINCT rank) AS ranks, min(rank) AS min_rank, max(rank) AS max_rank,
              min(probability) AS low, max(probability) AS high,
              count(*) FILTER (WHERE probability < previous_probability) AS inverted,
              count(*) FILTER (WHERE rank <> expected_rank) AS misranked
       FROM s`,
        [scored.listId],
      );
      const r = rows[0]!;
      expect(r.n).toBe(r.addresses);
      expect(r.n).toBe(ADDRESSES);
      expect([r.ranks, r.min_rank, r.max_rank]).toEqual([ADDRESSES, 1, ADDRESSES]);
      expect(r.misranked).toBe(0);
      expect(r.low).toBeGreaterThan(0);
      expect(r.high).toBeLessThan(1);
      expect(r.inverted).toBe(0);
    },
    SLOW,
  );

  it(
    'stores the same list whatever the batch size, with the exact medians and the mean probability of every address',
    async () => {
      const first = await riskList();
      // 20,000 addresses in batches of 7,777: three batches, the last one short.
      const again = await scoreAddresses(db.pool, { asOf: first.referenceDate, model: await model(first.version), batchRows: 7_777 });
      expect(again.addresses).toBe(ADDRESSES);
      const rowsOf = async (listId: number) =>
        (
          await db.pool.query(
            `SELECT address_id, score, probability, rank, contributions, intercept, feature_values, reasons, district_code, neighbourhood_code
             FROM risk_scores WHERE list_id = $1 ORDER BY address_id`,
            [listId],
          )
        ).rows;
      expect(await rowsOf(again.listId)).toEqual(await rowsOf(first.listId));
      const lists = await db.pool.query<{
        id: number;
        addresses: number;
        feature_medians: number[];
        base_rate: number;
        areas: unknown;
        area_counts: { districts: Record<string, number>; neighbourhoods: Record<string, number> };
      }>('SELECT id, addresses, feature_medians, base_rate, areas, area_counts FROM risk_lists WHERE id = ANY($1) ORDER BY id', [
        [first.listId, again.listId],
      ]);
      const [one, two] = lists.rows;
      expect({ ...two, id: one!.id }).toEqual(one);
      // Each area's count, as the list's rows give it.
      const counted = async (column: string) =>
        Object.fromEntries(
          (
            await db.pool.query<{ code: string; n: number }>(
              `SELECT ${column}::text AS code, count(*)::int AS n FROM risk_scores WHERE list_id = $1 GROUP BY 1`,
              [first.listId],
            )
          ).rows.map((r) => [r.code, r.n]),
        );
      expect(one!.area_counts).toEqual({ districts: await counted('district_code'), neighbourhoods: await counted('neighbourhood_code') });
      expect(Object.keys(one!.area_counts.districts).length).toBeGreaterThan(1);
      const features = await buildFeatures(db.pool, first.referenceDate);
      expect(one!.feature_medians).toEqual(featureMedians(features.values, ADDRESSES, features.names.length));
      const { rows: mean } = await db.pool.query<{ p: number }>('SELECT avg(probability) AS p FROM risk_scores WHERE list_id = $1', [
        first.listId,
      ]);
      expect(one!.base_rate).toBeCloseTo(mean[0]!.p, 12);
    },
    SLOW,
  );

  it(
    'ranks equal scores by address id in byte order, and takes the medians of a sample above its size',
    async () => {
      const first = await riskList();
      const record = await model(first.version);
      const names = record.artefact.names;
      // A model that gives every address the same score: the ranking is the tie rule alone.
      const flat: ModelArtefact = {
        family: 'logistic',
        names,
        scaling: names.map((name) => ({ name, low: -1e300, high: 1e300, mean: 0, sd: 1 })),
        model: { weights: names.map(() => 0), bias: -5 },
        calibration: { method: 'platt', a: 1, b: 0 },
      };
      const list = await scoreAddresses(db.pool, {
        asOf: first.referenceDate,
        model: { ...record, artefact: flat },
        batchRows: 6_000,
        medianRows: 5_000,
      });
      const { rows } = await db.pool.query<{ address_id: string; score: number }>(
        'SELECT address_id, score FROM risk_scores WHERE list_id = $1 ORDER BY rank',
        [list.listId],
      );
      expect(new Set(rows.map((r) => r.score))).toEqual(new Set([-5]));
      const ids = rows.map((r) => r.address_id);
      expect(ids).toEqual([...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
      // The medians of the 5,000 addresses the sample keeps, as the sample computes them on the same features.
      const features = await buildFeatures(db.pool, first.referenceDate);
      const sample = new MedianSample(names.length, 5_000);
      sample.add(features.values, features.addressIds);
      const stored = await db.pool.query<{ feature_medians: number[] }>('SELECT feature_medians FROM risk_lists WHERE id = $1', [
        list.listId,
      ]);
      expect(stored.rows[0]!.feature_medians).toEqual(sample.medians());
    },
    SLOW,
  );

  it(
    'stores nothing when scoring stops part-way, and scores again on the same connections afterwards',
    async () => {
      const first = await riskList();
      const before = await db.pool.query<{ n: number; last: number }>('SELECT count(*)::int AS n, max(id) AS last FROM risk_lists');
      let batches = 0;
      const stopped = scoreAddresses(db.pool, {
        asOf: first.referenceDate,
        model: await model(first.version),
        batchRows: 5_000,
        onFeatures: () => {
          if (++batches === 3) throw new Error('stopped at the third batch');
        },
      });
      await expect(stopped).rejects.toThrow('stopped at the third batch');
      const after = await db.pool.query<{ n: number; scores: number }>(
        'SELECT (SELECT count(*)::int FROM risk_lists) AS n, (SELECT count(*)::int FROM risk_scores WHERE list_id > $1) AS scores',
        [before.rows[0]!.last],
      );
      expect(after.rows[0]).toEqual({ n: before.rows[0]!.n, scores: 0 });
      // The staging table went with the transaction: a new list on the pool's connections is stored whole.
      const next = await scoreAddresses(db.pool, { asOf: first.referenceDate, model: await model(first.version), batchRows: 5_000 });
      expect(next.addresses).toBe(ADDRESSES);
    },
    SLOW,
  );

  it(
    "stores an additive model's values and not its contributions, which the same code computes again to the bit from the stored row",
    async () => {
      const scored = await riskList();
      const record = await model(scored.version);
      expect(record.artefact.family).toBe('additive');
      const { rows } = await db.pool.query<{
        address_id: string;
        score: number;
        intercept: number;
        contributions: null;
        values: number[];
        reasons: Array<[number, number, number | null, number]>;
      }>(
        `SELECT address_id, score, intercept, contributions, to_json(feature_values) AS values, to_json(reasons) AS reasons
           FROM risk_scores WHERE list_id = $1`,
        [scored.listId],
      );
      expect(rows).toHaveLength(ADDRESSES);
      const features = await buildFeatures(db.pool, scored.referenceDate);
      const width = features.names.length;
      const explained = explainRows(record.artefact, features.values, features.addressIds.length);
      const at = new Map(features.addressIds.map((id, i) => [id, i]));
      let reasons = 0;
      for (const row of rows) {
        expect(row.contributions).toBeNull();
        const terms = termsOfValues(record.artefact, row.values);
        // What scoring computed for this address among all the others, from the values it built: the same bits.
        expect(terms).toEqual(termsOfRow(explained, width, at.get(row.address_id)!));
        // The stored logit is the intercept plus the terms added in this order, as the model adds them: exactly.
        expect(terms.reduce((s, c) => s + c, row.intercept)).toBe(row.score);
        // The reasons scoring stored carry the contributions it computed then.
        for (const [term, contribution] of row.reasons) expect(terms[term]).toBe(contribution);
        reasons += row.reasons.length;
      }
      expect(reasons).toBeGreaterThan(ADDRESSES);
    },
    SLOW,
  );

  it(
    'exports the risk list as address_id,score,rank,model_version, one row per address',
    async () => {
      const file = join(temporaryDirectory('pipeline-export'), 'risk-list.csv');
      expect(await exportRiskList(db.pool, (await riskList()).listId, file)).toBe(ADDRESSES);
      const [header, ...rows] = readFileSync(file, 'utf8').trimEnd().split('\n');
      expect(header).toBe('address_id,score,rank,model_version');
      expect(rows).toHaveLength(ADDRESSES);
      expect(new Set(rows.map((row) => row.split(',')[0])).size).toBe(ADDRESSES);
      expect(rows.slice(0, 3).map((row) => row.split(',').slice(2))).toEqual([
        ['1', '1'],
        ['2', '1'],
        ['3', '1'],
      ]);
    },
    SLOW,
  );

  it(
    'refuses a candidate whose test AP is below the active model’s at tolerance 0, naming both, and keeps the active one',
    async () => {
      // Logistic against additive: the gate decides by the APs on the same test year.
      const { logistic, activeAfterLogistic, better, weaker } = await gateRefusal();
      expect(logistic.version).toBe(2);
      const [additiveAp, logisticAp] = [testAp(await model(1)), logistic.chosen.averagePrecision];
      expect(logisticAp).not.toBe(additiveAp);
      expect(logistic.promoted).toBe(logisticAp >= additiveAp);
      expect(activeAfterLogistic).toEqual([better]);

      // Retraining the weaker family gives a candidate below the active model.
      const activeAp = testAp(await model(better));
      expect(weaker.version).toBe(3);
      expect(weaker.chosen.averagePrecision).toBeLessThan(activeAp);
      expect(weaker.promoted).toBe(false);
      const refused = await model(3);
      expect(refused.status).toBe('refused');
      expect(await activeVersions()).toEqual([better]);
      const reason = weaker.reasons.find((r) => r.includes('is below'));
      expect(reason).toContain(weaker.chosen.averagePrecision.toFixed(4));
      expect(reason).toContain(`active model ${better} (${activeAp.toFixed(4)})`);
      expect((refused.gate as StoredGate).passed).toBe(false);
      expect(refused.events.find((e) => e.event === 'refused')?.justification).toContain(reason);
    },
    SLOW,
  );

  it(
    'activates a refused model by override only with a justification of at least 20 characters, and shows it on the card',
    async () => {
      await gateRefusal();
      const previous = (await activeVersions())[0]!;
      await expect(activateModel(db.pool, 3, 'beheerder:x', { event: 'override', justification: 'short' })).rejects.toThrow(
        /at least 20 characters/,
      );
      // Ten characters that take twenty UTF-16 code units are still ten characters.
      await expect(activateModel(db.pool, 3, 'beheerder:x', { event: 'override', justification: '🌱'.repeat(10) })).rejects.toThrow(
        /at least 20 characters/,
      );
      expect((await model(3)).status).toBe('refused');
      expect(await activeVersions()).toEqual([previous]);

      const justification = 'Second opinion of the RIEC analyst: keep the simpler model for this year.';
      await activateModel(db.pool, 3, 'beheerder:x', { event: 'override', justification });
      expect(await activeVersions()).toEqual([3]);
      expect((await model(previous)).status).toBe('retired');
      const counted = await db.pool.query<{ n: number }>(`SELECT count(*) AS n FROM models WHERE status = 'active'`);
      expect(counted.rows[0]!.n).toBe(1);

      const card = modelCard(await model(3));
      expect(card.model.status).toBe('active');
      expect(card.model.events).toContainEqual(expect.objectContaining({ event: 'override', actor: 'beheerder:x', justification }));
      expect(JSON.parse(JSON.stringify(card)).model.events.map((e: { justification: string | null }) => e.justification)).toContain(
        justification,
      );
      expect(modelCardMarkdown(card)).toContain(justification);
      const register = Object.values(card.algoritmeregister);
      expect(register).toHaveLength(9);
      for (const field of register) expect(field.length).toBeGreaterThan(0);
    },
    SLOW,
  );

  it(
    'audits the truth file’s group and promotes exactly when the FPR ratio of group b lies within the bounds',
    async () => {
      await firstModel();
      const truth = readTable(join(city, 'truth.csv'));
      const years = columnOf(truth, 'year');
      const groups = columnOf(truth, 'group');
      const auditAttributes = new Map(
        columnOf(truth, 'address_id').flatMap((id, i) => (years[i] === String(END_YEAR) ? [[id, groups[i]!] as const] : [])),
      );
      expect(auditAttributes.size).toBe(ADDRESSES);
      expect(new Set(auditAttributes.values())).toEqual(new Set(['a', 'b']));

      // Tolerance 1 lets every AP through, so the fairness bound alone decides.
      const audited = async (fairnessBounds?: readonly FairnessBounds[]) => {
        const before = await activeVersions();
        const outcome = await trainModel(
          db.pool,
          settings({ family: 'additive', promotionTolerance: 1, auditAttributes, ...(fairnessBounds ? { fairnessBounds } : {}) }),
        );
        const audit = outcome.fairness.audits.find((a) => a.attribute === 'group');
        expect(audit?.groups.map((g) => g.group)).toEqual(['a', 'b']);
        const finding = outcome.fairness.gate.findings.find((f) => f.attribute === 'group' && f.group === 'b');
        expect(finding).toBeDefined();
        const { ratio, low, high, passed } = finding!;
        expect(finding!.metric).toBe('falsePositiveRate');
        expect(ratio).toBe(audit!.groups.find((g) => g.group === 'b')!.falsePositiveRateRatio);
        expect(passed).toBe(ratio !== null && ratio >= low * (1 - 1e-9) && ratio <= high * (1 + 1e-9));
        expect(outcome.promoted).toBe(passed);
        expect((await model(outcome.version)).status).toBe(passed ? 'active' : 'refused');
        if (!passed) {
          expect(outcome.reasons).toContain(finding!.reason);
          expect(await activeVersions()).toEqual(before);
        }
        return finding!;
      };

      const standard = await audited();
      expect([standard.low, standard.high]).toEqual([0.8, 1.25]);
      // The same fit against a bound that excludes its ratio must be refused.
      const excluded = standard.ratio && standard.ratio > 0 ? standard.ratio * 2 : 1;
      const strict = await audited([
        { attribute: 'group', metric: 'falsePositiveRate', low: excluded, high: excluded, minimumGroupSize: 100 },
      ]);
      expect(strict.passed).toBe(false);
      expect(await activeVersions()).toHaveLength(1);
    },
    SLOW,
  );

  it(
    'states how many test-year labels a risk list led to, and the test AP with and without those addresses',
    async () => {
      // A list of model 1 as of the test year sends controls to its top six addresses that had no
      // find that year: five find a cultivation, one nothing.
      await firstModel();
      const list = await scoreAddresses(db.pool, { asOf: `${END_YEAR}-01-01`, model: await model(1) });
      const { rows } = await db.pool.query<{ address_id: string }>(
        `SELECT address_id FROM risk_scores WHERE list_id = $1 AND address_id NOT IN (
         SELECT address_id FROM inspections WHERE outcome IN ('cultivation', 'preparation') AND inspected_on >= make_date($2, 1, 1))
       ORDER BY rank LIMIT 6`,
        [list.listId, END_YEAR],
      );
      expect(rows).toHaveLength(6);
      for (const [i, { address_id }] of rows.entries()) {
        await db.pool.query(`INSERT INTO inspections VALUES ($1, $2, $3, 'risk_model', $4)`, [
          `risk_model-test-${i}`,
          address_id,
          `${END_YEAR}-06-0${i + 1}`,
          i < 5 ? 'cultivation' : 'nothing_found',
        ]);
      }
      // The same training years and settings as model 1: the same fit, so the same ranking of the test year.
      const outcome = await trainModel(db.pool, settings({ family: 'additive', promotionTolerance: 1 }));
      expect(outcome.selfSelection.controlled).toBe(6);
      expect(outcome.selfSelection.finds).toBe(5);
      // Five finds where the list pointed lift the year's AP; without those addresses it is lower.
      expect(outcome.selfSelection.averagePrecisionWithout).toBeLessThan(outcome.chosen.averagePrecision);
      // The gate compares with the active model on the same rows: without those six addresses.
      const comparison = (
        (await model(outcome.version)).metrics as {
          activeComparison: { version: number; averagePrecision: number; withoutListPrompted: boolean };
        }
      ).activeComparison;
      expect(comparison.withoutListPrompted).toBe(true);
      expect(outcome.reasons).toContainEqual(
        expect.stringContaining(
          `≥ 0.0000 on ${END_YEAR} without the 6 addresses a risk list sent controls to (active model ${comparison.version}: ${comparison.averagePrecision.toFixed(4)}`,
        ),
      );
      expect(outcome.reasons.join()).toContain(`test AP ${outcome.selfSelection.averagePrecisionWithout!.toFixed(4)}`);
      const card = modelCard(await model(outcome.version));
      expect(card.model.selfSelection).toEqual(outcome.selfSelection);
      expect(modelCardMarkdown(card)).toContain(
        `6 addresses were controlled in ${END_YEAR} because of a risk list (reason risk_model), 5 of them with a find`,
      );
    },
    SLOW,
  );
});
