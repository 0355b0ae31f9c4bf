import { describe, expect, it } from 'vitest';
import type { ModelArtefact } from '../../models/artefact.ts';
import { activateModel, activeModel, getModel, refuseModel, registerModel, type NewModel } from '../../training/registry.ts';
import { useTestDatabase } from '../support/database.ts';

/** The registry's rules on their own, with a one-feature model: who may become active, when. */
describe('the model registry', () => {
  const database = useTestDatabase();
  const artefact: ModelArtefact = {
    family: 'additive',
    names: ['x'],
    model: { bins: [{ name: 'x', edges: [0.5] }], terms: [[-1, 1]], intercept: -6 },
    calibration: { method: 'platt', a: 1, b: 0 },
  };
  const model: NewModel = {
    family: 'additive',
    backend: 'cpu',
    artefact,
    training: {},
    dataFingerprint: 'sha256:test',
    metrics: {},
    fairness: {},
    drift: {},
    gate: {},
    trainingSeconds: 1,
  };

  it('promotes a candidate only against the model the gate compared it with', async () => {
    const first = await registerModel(database.pool, model, 'test');
    await activateModel(database.pool, first, 'test', { event: 'promoted', comparedWith: null });
    const second = await registerModel(database.pool, model, 'test');
    // Judged while nothing was active, but model `first` is active now: the judgement is stale.
    await expect(activateModel(database.pool, second, 'test', { event: 'promoted', comparedWith: null })).rejects.toThrow(
      `model ${second} was judged against no active model, but model ${first} is active now`,
    );
    expect((await activeModel(database.pool))!.version).toBe(first);
    await activateModel(database.pool, second, 'test', { event: 'promoted', comparedWith: first });
    expect((await getModel(database.pool, first))!.status).toBe('retired');
    expect((await activeModel(database.pool))!.version).toBe(second);
  });

  it('refuses a model once, and never one that is no longer a candidate', async () => {
    const third = await registerModel(database.pool, model, 'test');
    await refuseModel(database.pool, third, 'test', 'test AP below the active model');
    await expect(refuseModel(database.pool, third, 'test', 'again')).rejects.toThrow(`model ${third} is not a candidate any more`);
    const active = (await activeModel(database.pool))!.version;
    await expect(refuseModel(database.pool, active, 'test', 'too late')).rejects.toThrow('not a candidate');
    const events = (await getModel(database.pool, third))!.events.map((e) => e.event);
    expect(events).toEqual(['registered', 'refused']);
  });

  it('activates a refused model only with a justification of at least 20 characters', async () => {
    const fourth = await registerModel(database.pool, model, 'test');
    await refuseModel(database.pool, fourth, 'test', 'fairness bound');
    await expect(
      activateModel(database.pool, fourth, 'beheerder', { event: 'promoted', comparedWith: (await activeModel(database.pool))!.version }),
    ).rejects.toThrow('only a candidate can be promoted');
    await expect(activateModel(database.pool, fourth, 'beheerder', { event: 'override', justification: 'because' })).rejects.toThrow(
      'at least 20 characters',
    );
    await activateModel(database.pool, fourth, 'beheerder', {
      event: 'override',
      justification: 'ratio 1.27 on 12 selected addresses; reviewed with the DPO',
    });
    const record = (await getModel(database.pool, fourth))!;
    expect(record.status).toBe('active');
    expect(record.events.at(-1)).toMatchObject({
      event: 'override',
      actor: 'beheerder',
      justification: 'ratio 1.27 on 12 selected addresses; reviewed with the DPO',
    });
    const { rows } = await database.pool.query(`SELECT count(*)::int AS n FROM models WHERE status = 'active'`);
    expect(rows[0].n).toBe(1);
  });
});

describe('the registry as evidence', () => {
  const database = useTestDatabase();
  const artefact: ModelArtefact = {
    family: 'additive',
    names: ['x'],
    model: { bins: [{ name: 'x', edges: [] }], terms: [[0]], intercept: -6 },
    calibration: { method: 'platt', a: 1, b: 0 },
  };

  it('refuses to change or delete a model record or an event; only the status may change', async () => {
    const version = await registerModel(
      database.pool,
      {
        family: 'additive',
        backend: 'cpu',
        artefact,
        training: {},
        dataFingerprint: 'sha256:x',
        metrics: {},
        fairness: {},
        drift: {},
        gate: {},
        trainingSeconds: 1,
      },
      'test',
    );
    await expect(
      database.pool.query(`UPDATE models SET metrics = '{"averagePrecision": 0.9}' WHERE version = $1`, [version]),
    ).rejects.toThrow('append-only');
    await expect(database.pool.query(`DELETE FROM models WHERE version = $1`, [version])).rejects.toThrow('append-only');
    await expect(database.pool.query(`UPDATE model_events SET actor = 'someone else' WHERE version = $1`, [version])).rejects.toThrow(
      'append-only',
    );
    await expect(database.pool.query(`DELETE FROM model_events WHERE version = $1`, [version])).rejects.toThrow('append-only');
    await activateModel(database.pool, version, 'test', { event: 'promoted', comparedWith: null });
    expect((await getModel(database.pool, version))!.status).toBe('active');
  });
});
