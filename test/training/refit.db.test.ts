import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/index.ts';
import { importDirectory } from '../../ingest/index.ts';
import { generateMunicipality } from '../../synthetic/index.ts';
import { FEATURE_NAMES } from '../../features/index.ts';
import { modelCard } from '../../training/card.ts';
import { buildDatasets, planYears } from '../../training/dataset.ts';
import { sampleNegatives, thinYear } from '../../training/negative-sampling.ts';
import { planSampling } from '../../training/thinning.ts';
import { comparableArtefact } from '../../training/comparable.ts';
import { getModel } from '../../training/registry.ts';
import { trainSettings } from '../../training/settings.ts';
import { trainModel } from '../../training/train.ts';
import { useTestDatabase } from '../support/database.ts';
import { temporaryDirectory } from '../support/tmp.ts';

/**
 * The served model is the chosen fit refitted on the newest years, test year included;
 * its figures and every later gate use the held-out fit, which never saw that year.
 */
describe('training serves a refit on the newest years', () => {
  const db = useTestDatabase();

  beforeAll(async () => {
    const dir = temporaryDirectory('refit-city');
    await generateMunicipality({ addresses: 12_000, seed: 4, startYear: 2018, endYear: 2024, outDir: dir });
    expect((await importDirectory(db.pool, dir)).status).toBe('loaded');
  }, 240_000);

  const settings = () => trainSettings(loadConfig({ HENNEP_TRAIN_YEARS: '3' }), { actor: 'test:refit', family: 'additive' });

  it('registers the refit, keeps the held-out fit for gates, and says both on the card', async () => {
    const outcome = await trainModel(db.pool, settings());
    const record = (await getModel(db.pool, outcome.version))!;
    const refit = (record.training as { refit: { years: number[]; epochs: number; rows: number } }).refit;
    expect(refit.years).toEqual([2022, 2023, 2024]);
    expect(refit.rows).toBe(3 * 12_000);
    const heldOut = comparableArtefact(record, 2024);
    expect(heldOut).not.toEqual(record.artefact);
    // On a year the refit never saw, the served model itself is compared.
    expect(comparableArtefact(record, 2025)).toBe(record.artefact);
    expect(record.artefact.calibration).not.toEqual(heldOut.calibration);
    expect(modelCard(record).algoritmeregister.technicalWorking).toContain(
      `refitted on 2022, 2023, 2024 (36,000 rows, the test year included) with the ${refit.epochs} sweeps early stopping kept`,
    );
  }, 240_000);

  it('a second run on the same data compares with the held-out fit, not with a model that trained on the test year', async () => {
    const second = await trainModel(db.pool, settings());
    const comparison = (await getModel(db.pool, second.version))!.metrics as { activeComparison: { averagePrecision: number } };
    // Same data and seed: the candidate's AP equals the active held-out fit's, so the gate passes.
    expect(comparison.activeComparison.averagePrecision).toBeCloseTo(second.chosen.averagePrecision, 10);
    expect(second.promoted).toBe(true);
  }, 240_000);

  it('over the memory budget keeps every find and a weighted share of the rest, in the held-out fit and the refit, and the card says so', async () => {
    // 36,000 training rows of 57 features need about 63 MB at 32 bytes a value: a budget of 20 MB holds about 11,500.
    const config = loadConfig({ HENNEP_TRAIN_YEARS: '3', HENNEP_TRAIN_MEMORY_MB: '20', HENNEP_ADDITIVE_BAGS: '2' });
    const outcome = await trainModel(db.pool, trainSettings(config, { actor: 'test:sampling', family: 'additive' }));
    const record = (await getModel(db.pool, outcome.version))!;
    type Sampling = { rate: number; rows: number; negatives: number; keptNegatives: number };
    const training = record.training as {
      negativeSampling: Sampling;
      refit: { negativeSampling: Sampling; positives: number; rows: number };
    };
    const held = training.negativeSampling;
    expect(held.rows).toBe(36_000);
    expect(held.rate).toBeGreaterThan(0.2);
    expect(held.rate).toBeLessThan(0.4);
    // The refit's rows are those it was fitted on: every find and the kept negatives.
    const refit = training.refit;
    expect(refit.rows).toBe(refit.positives + refit.negativeSampling.keptNegatives);
    const words = modelCard(record).algoritmeregister.technicalWorking;
    expect(words).toContain('Negatives sampled: 36,000 training rows do not fit HENNEP_TRAIN_MEMORY_MB=20');
    expect(words).toContain('For the refit, negatives sampled: 36,000 training rows');
    expect(modelCard(record, 'nl').algoritmeregister.technicalWorking).toContain('Steekproef van de negatieven: 36.000 trainingsrijen');
  }, 240_000);

  it('thins the training years as they are built, keeps validation and test whole, and samples exactly the rows sampling the whole years gives', async () => {
    const plan = await planYears(db.pool, { trainYears: 3 });
    const sampling = (await planSampling(db.pool, plan, { width: FEATURE_NAMES.length, budgetMb: 20, trainYears: 3, refit: true }))!;
    const heldOut = sampling.heldOut!;
    expect(sampling.population).toBe(12_000);
    expect(sampling.refit).not.toBeNull();
    const thinned = await buildDatasets(db.pool, plan, undefined, (m) => thinYear(m, heldOut.rate, 5));
    for (const year of plan.train) expect(thinned.byYear.get(year)!.addressIds.length).toBeLessThan(0.5 * 12_000);
    expect(thinned.validation.rows).toBe(12_000);
    expect(thinned.test.rows).toBe(12_000);
    const whole = await buildDatasets(db.pool, plan);
    const fromWhole = sampleNegatives(whole.train, 20, 5);
    const fromThinned = sampleNegatives(thinned.train, 20, 5, heldOut);
    expect(fromThinned.sampling).toEqual(fromWhole.sampling);
    expect(fromThinned.dataset.addressIds).toEqual(fromWhole.dataset.addressIds);
    expect(Array.from(fromThinned.dataset.weights!)).toEqual(Array.from(fromWhole.dataset.weights!));
    expect(Array.from(fromThinned.dataset.x)).toEqual(Array.from(fromWhole.dataset.x));
  }, 240_000);
});
