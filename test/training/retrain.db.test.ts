import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/index.ts';
import { FEATURE_NAMES } from '../../features/index.ts';
import { generateMunicipality } from '../../synthetic/index.ts';
import { runRetrainJob } from '../../training/job.ts';
import { useTestDatabase } from '../support/database.ts';
import { temporaryDirectory } from '../support/tmp.ts';

/**
 * The retrain job as the schedule runs it: inbox first, then train, promote, rescore;
 * each tick claimed once; unchanged data keeps the model; a run a dead process left
 * 'running' is closed as failed.
 */
describe('the retrain job', () => {
  const database = useTestDatabase();
  const inbox = temporaryDirectory('inbox');
  const config = loadConfig({ HENNEP_INBOX: inbox, HENNEP_TRAIN_YEARS: '2' });
  const tick = (minute: number) => new Date(Date.UTC(2026, 10, 1, 3, minute));

  beforeAll(async () => {
    await generateMunicipality({ addresses: 2500, seed: 9, startYear: 2018, endYear: 2024, outDir: join(inbox, '2026-10-delivery') });
    writeFileSync(join(inbox, '2026-10-delivery', 'READY'), '');
    const refused = join(inbox, '2026-11-refused');
    mkdirSync(refused);
    writeFileSync(join(refused, 'addresses.csv'), 'address_id,nationaliteit\n0034010000000001,NL\n');
    writeFileSync(join(refused, 'READY'), '');
    // Still being copied in: no READY marker, so it must stay where it is.
    mkdirSync(join(inbox, '2026-12-copying'));
    writeFileSync(join(inbox, '2026-12-copying', 'addresses.csv'), 'address_id,postcode\n');
  });

  it('ingests the inbox, moves each delivery with its report, trains, promotes and scores', async () => {
    const result = await runRetrainJob(database.pool, config, tick(0));
    expect(result).toMatchObject({ claimed: true, outcome: 'succeeded' });
    expect(readdirSync(join(inbox, 'processed'))).toEqual(['2026-10-delivery']);
    expect(readdirSync(join(inbox, 'failed'))).toEqual(['2026-11-refused']);
    expect(JSON.parse(readFileSync(join(inbox, 'processed', '2026-10-delivery', 'import-report.json'), 'utf8')).status).toBe('loaded');
    expect(readFileSync(join(inbox, 'failed', '2026-11-refused', 'import-report.txt'), 'utf8')).toContain('nationaliteit');
    expect(existsSync(join(inbox, '2026-10-delivery'))).toBe(false);
    expect(existsSync(join(inbox, '2026-12-copying', 'addresses.csv'))).toBe(true);

    const { rows: runs } = await database.pool.query(`SELECT outcome, detail FROM job_runs WHERE job = 'retrain'`);
    expect(runs).toHaveLength(1);
    expect(runs[0].detail.imports.map((i: { status: string }) => i.status)).toEqual(['loaded', 'rejected']);
    expect(runs[0].detail.model).toMatchObject({ version: 1, promoted: true, selfSelection: { controlled: 0, finds: 0 } });
    const { rows: lists } = await database.pool.query(`SELECT model_version, addresses FROM risk_lists`);
    expect(lists).toEqual([{ model_version: 1, addresses: 2500 }]);
  });

  it('runs a tick once: a second claim of the same tick does nothing', async () => {
    expect(await runRetrainJob(database.pool, config, tick(0))).toEqual({ claimed: false });
    const { rows } = await database.pool.query(`SELECT count(*)::int AS n FROM job_runs`);
    expect(rows[0].n).toBe(1);
  });

  it('keeps the active model when the training data have not changed, and rescores', async () => {
    const result = await runRetrainJob(database.pool, config, tick(1));
    expect(result.outcome).toBe('succeeded');
    expect(result.detail!.model).toMatchObject({ kept: 1 });
    // Counted on the batches the rescoring read: a figure per feature of the catalogue.
    const drift = result.detail!.drift as { activeVersion: number; features: Array<{ name: string; psi: number }> };
    expect(drift.activeVersion).toBe(1);
    expect(drift.features.map((f) => f.name)).toEqual([...FEATURE_NAMES]);
    for (const f of drift.features) expect(f.psi).toBeGreaterThanOrEqual(0);
    const { rows } = await database.pool.query(
      `SELECT (SELECT count(*)::int FROM models) AS models, (SELECT count(*)::int FROM risk_lists) AS lists`,
    );
    expect(rows[0]).toEqual({ models: 1, lists: 2 });
  });

  it('closes a run that a killed process left running', async () => {
    const { rows: stale } = await database.pool.query(
      `INSERT INTO job_runs (job, scheduled_for, runner) VALUES ('retrain', $1, 'gone:1') RETURNING id`,
      [tick(2)],
    );
    await runRetrainJob(database.pool, config, tick(3));
    const { rows } = await database.pool.query(`SELECT outcome, detail->>'error' AS error FROM job_runs WHERE id = $1`, [stale[0].id]);
    expect(rows[0]).toEqual({ outcome: 'failed', error: 'interrupted: the process ended during the run' });
  });

  it('keeps the active model and still rescores when the city is above the training limit', async () => {
    const limited = loadConfig({ HENNEP_INBOX: inbox, HENNEP_TRAIN_YEARS: '2', HENNEP_TRAIN_MAX_ADDRESSES: '2499' });
    const before = await database.pool.query<{ lists: number }>('SELECT count(*)::int AS lists FROM risk_lists');
    const result = await runRetrainJob(database.pool, limited, tick(4));
    expect(result.outcome).toBe('succeeded');
    expect(result.detail!.model).toMatchObject({ kept: 1, reason: expect.stringContaining('HENNEP_TRAIN_MAX_ADDRESSES') });
    const { rows } = await database.pool.query(
      `SELECT (SELECT count(*)::int FROM models) AS models, (SELECT count(*)::int FROM risk_lists) AS lists`,
    );
    expect(rows[0]).toEqual({ models: 1, lists: before.rows[0]!.lists + 1 });
  });
});
