import { beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditLog } from '../../service/audit/index.ts';
import { runRetention } from '../../service/retention.ts';
import { buildDatasets, listPromptedControls, planYears } from '../../training/dataset.ts';
import { scoreAddresses } from '../../training/scoring.ts';
import { useTestDatabase } from '../support/database.ts';
import { CITY, testService, trainedCity, type TestService } from '../support/service.ts';
import { temporaryDirectory } from '../support/tmp.ts';

/**
 * The analist's reads and the RIEC workflow through HTTP, on a trained synthetic city:
 * purpose binding, exact explanations, the state machine with its 409s, and the outcome
 * of a control becoming a label of the next training.
 */
const SLOW = 240_000;
const PURPOSE = 'Onderzoek ondermijning wijk 3, zaak 2026-17';
/** Mid-December of the city's last year: a control then falls in that year's labels. */
const CLOCK = new Date(`${CITY.endYear}-12-15T10:00:00Z`);

describe('service workflow on a trained city', () => {
  const db = useTestDatabase();
  let service: TestService;
  let analist: string;
  let riec: string;
  let team: string;
  let top: string;
  /** The control whose outcome the workflow test records. */
  let recordedControl = 0;

  beforeAll(async () => {
    await trainedCity(db.pool, temporaryDirectory('service-city'));
    service = await testService(db.pool, { clock: () => CLOCK });
    [analist, riec, team] = await Promise.all([
      service.token('analist', 'ana'),
      service.token('riec', 'rik'),
      service.token('interventieteam', 'ivo'),
    ]);
    const { rows } = await db.pool.query<{ address_id: string }>('SELECT address_id FROM risk_scores ORDER BY rank LIMIT 1');
    top = rows[0]!.address_id;
  }, SLOW);

  it('refuses an address-level read without a purpose with 400 naming X-Purpose, and records the refusal', async () => {
    const res = await service.http.get(`/api/v1/addresses/${top}/risk`).auth(analist, { type: 'bearer' });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'purpose_required', field: 'X-Purpose' });
    const short = await service.http.get(`/api/v1/addresses/${top}/risk`).auth(analist, { type: 'bearer' }).set('X-Purpose', 'check');
    expect(short.status).toBe(400);
    expect(short.body.error.message).toContain("'check' has 5 letters or digits");
    // A two-letter "case reference", ten zero-width spaces, a line separator: none is a purpose.
    const bypasses = ['AB', encodeURIComponent('\u200b'.repeat(10)), encodeURIComponent('Onderzoek\u2028wijk 3 zaak 7')];
    for (const purpose of bypasses) {
      const res = await service.http.get(`/api/v1/addresses/${top}/risk?purpose=${purpose}`).auth(analist, { type: 'bearer' });
      expect(res.status, purpose).toBe(400);
      expect(res.body.error.code).toBe('purpose_required');
    }
    const { rows } = await db.pool.query(`SELECT actor, status, address_id, detail FROM audit_log WHERE path = $1 ORDER BY seq`, [
      `/api/v1/addresses/${top}/risk`,
    ]);
    expect(rows).toEqual(Array.from({ length: 5 }, () => expect.objectContaining({ actor: 'ana', status: 400, address_id: top })));
  });

  it('answers a risk request with a purpose: contributions plus intercept equal the logit, with values, medians and Dutch sentences', async () => {
    const res = await service.http.get(`/api/v1/addresses/${top}/risk`).auth(analist, { type: 'bearer' }).set('X-Purpose', PURPOSE);
    expect(res.status).toBe(200);
    const body = res.body;
    expect(body).toMatchObject({
      addressId: top,
      rank: 1,
      model: { version: 1, family: 'additive' },
      riskList: { addresses: CITY.addresses },
    });
    expect(body.probability).toBeGreaterThan(0);
    expect(body.probability).toBeLessThan(1);
    const sum =
      body.explanation.intercept + body.explanation.contributions.reduce((s: number, c: { contribution: number }) => s + c.contribution, 0);
    expect(sum).toBeCloseTo(body.score, 9);
    expect(body.explanation.logit).toBe(body.score);
    expect(body.explanation.contributions).toHaveLength(57);
    for (const c of body.explanation.contributions) {
      expect(typeof c.value).toBe('number');
      expect(typeof c.reference).toBe('number');
    }
    const first = body.explanation.contributions[0];
    expect(first.sentence).toMatch(first.contribution > 0 ? /verhoogt de score/ : /verlaagt de score/);
    expect(body.notice).toContain('geen bewijs');
    const en = await service.http.get(`/api/v1/addresses/${top}/risk?lang=en`).auth(analist, { type: 'bearer' }).set('X-Purpose', PURPOSE);
    expect(en.body.explanation.contributions[0].sentence).toMatch(/(raises|lowers) the score/);
    const audited = await db.pool.query(`SELECT purpose, status, role FROM audit_log WHERE address_id = $1 AND status = 200`, [top]);
    expect(audited.rows).toContainEqual({ purpose: PURPOSE, status: 200, role: 'analist' });
  });

  it('answers risk requests that arrive together (read in one query) each with its own address, and an unknown one with its own 404', async () => {
    const { rows } = await db.pool.query<{ address_id: string; rank: number; score: number }>(
      'SELECT address_id, rank, score FROM risk_scores ORDER BY rank LIMIT 12',
    );
    const unknown = '9'.repeat(16);
    const ids = [...rows.map((r) => r.address_id), unknown, rows[0]!.address_id];
    const answers = await Promise.all(
      ids.map((id) => service.http.get(`/api/v1/addresses/${id}/risk`).auth(analist, { type: 'bearer' }).set('X-Purpose', PURPOSE)),
    );
    answers.forEach((res, i) => {
      const id = ids[i]!;
      if (id === unknown) {
        expect(res.status).toBe(404);
        expect(res.body.error).toMatchObject({ code: 'unknown_address' });
        return;
      }
      const stored = rows.find((r) => r.address_id === id)!;
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ addressId: id, rank: stored.rank, score: stored.score });
    });
  });

  it('pages the risk list by district with the top three reasons, and names a bad parameter', async () => {
    const first = await service.http.get('/api/v1/risk-list?limit=5').auth(analist, { type: 'bearer' }).set('X-Purpose', PURPOSE);
    expect(first.status).toBe(200);
    expect(first.body.items.map((i: { rank: number }) => i.rank)).toEqual([1, 2, 3, 4, 5]);
    for (const item of first.body.items) {
      expect(item.reasons.length).toBeLessThanOrEqual(3);
      for (const r of item.reasons) expect(r.contribution).toBeGreaterThan(0);
    }
    const next = await service.http
      .get(`/api/v1/risk-list?limit=5&cursor=${first.body.nextCursor}`)
      .auth(analist, { type: 'bearer' })
      .set('X-Purpose', PURPOSE);
    expect(next.body.items[0].rank).toBe(6);
    const district = first.body.items[0].address.district;
    const filtered = await service.http
      .get(`/api/v1/risk-list?district=${district}&limit=20`)
      .auth(analist, { type: 'bearer' })
      .set('X-Purpose', PURPOSE);
    expect(filtered.body.items.length).toBeGreaterThan(0);
    expect(filtered.body.items.every((i: { address: { district: string } }) => i.address.district === district)).toBe(true);
    const bad = await service.http.get('/api/v1/risk-list?limit=5000').auth(analist, { type: 'bearer' }).set('X-Purpose', PURPOSE);
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('query.limit');
    const typo = await service.http.get('/api/v1/risk-list?distrcit=WK000001').auth(analist, { type: 'bearer' }).set('X-Purpose', PURPOSE);
    expect(typo.status).toBe(400);
    expect(typo.body.error.message).toContain('distrcit');
  });

  it('runs propose → approve → plan → outcome over HTTP, refuses illegal transitions with 409, and the outcome is a label of the next training', async () => {
    const before = (await buildDatasets(db.pool, await planYears(db.pool, { trainYears: 2 }))).test;
    expect(before.y[before.addressIds.indexOf(top)]).toBe(0);
    const proposed = await service.http
      .post('/api/v1/signals')
      .auth(analist, { type: 'bearer' })
      .set('X-Purpose', PURPOSE)
      .send({ addressId: top, reason: 'Hoogste score, stroomverbruik en meldingen' });
    expect(proposed.status).toBe(201);
    expect(proposed.body).toMatchObject({ status: 'proposed', addressId: top, proposal: { by: 'ana' } });
    expect(proposed.body.explanation.reasons.length).toBeGreaterThan(0);
    const id = proposed.body.id as number;

    const again = await service.http
      .post('/api/v1/signals')
      .auth(analist, { type: 'bearer' })
      .set('X-Purpose', PURPOSE)
      .send({ addressId: top, reason: 'Nogmaals voorgesteld adres' });
    expect(again.status).toBe(409);

    const early = await service.http
      .post(`/api/v1/controls/${id}/outcome`)
      .auth(team, { type: 'bearer' })
      .set('X-Purpose', PURPOSE)
      .send({ outcome: 'cultivation' });
    // A proposal is not the interventieteam's to know of: 404, not a 409 that tells its status.
    expect(early.status).toBe(404);
    expect(early.body.error.code).toBe('unknown_control');

    // Four eyes: someone who holds both roles cannot approve their own proposal.
    const both = await service.token(['analist', 'riec'], 'duo');
    const third = (await db.pool.query<{ address_id: string }>('SELECT address_id FROM risk_scores WHERE rank = 3')).rows[0]!.address_id;
    const own = await service.http
      .post('/api/v1/signals')
      .auth(both, { type: 'bearer' })
      .set('X-Purpose', PURPOSE)
      .send({ addressId: third, reason: 'Eigen voorstel om zelf te beoordelen' });
    expect(own.status).toBe(201);
    const self = await service.http
      .post(`/api/v1/signals/${own.body.id}/decision`)
      .auth(both, { type: 'bearer' })
      .set('X-Purpose', PURPOSE)
      .send({ decision: 'reject', reason: 'Zelf beoordeeld, niet toegestaan' });
    expect(self.status).toBe(403);
    expect(self.body.error.code).toBe('own_proposal');
    const other = await service.http
      .post(`/api/v1/signals/${own.body.id}/decision`)
      .auth(riec, { type: 'bearer' })
      .set('X-Purpose', PURPOSE)
      .send({ decision: 'reject', reason: 'Onvoldoende aanleiding gevonden' });
    expect(other.status).toBe(200);

    const queue = await service.http.get('/api/v1/signals?status=proposed').auth(riec, { type: 'bearer' }).set('X-Purpose', PURPOSE);
    expect(queue.body.items.map((s: { id: number }) => s.id)).toContain(id);

    const noBasis = await service.http
      .post(`/api/v1/signals/${id}/decision`)
      .auth(riec, { type: 'bearer' })
      .set('X-Purpose', PURPOSE)
      .send({ decision: 'approve', reason: 'Voldoende aanleiding voor controle' });
    expect(noBasis.status).toBe(400);
    expect(noBasis.body.error.field).toBe('body.legalBasis');

    const approved = await service.http
      .post(`/api/v1/signals/${id}/decision`)
      .auth(riec, { type: 'bearer' })
      .set('X-Purpose', PURPOSE)
      .send({ decision: 'approve', legalBasis: 'art. 13b Opiumwet', reason: 'Voldoende aanleiding voor controle', priority: 1 });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'approved', decision: { by: 'rik', legalBasis: 'art. 13b Opiumwet', priority: 1 } });

    const twice = await service.http
      .post(`/api/v1/signals/${id}/decision`)
      .auth(riec, { type: 'bearer' })
      .set('X-Purpose', PURPOSE)
      .send({ decision: 'reject', reason: 'Toch maar niet doen hoor' });
    expect(twice.status).toBe(409);

    const controls = await service.http.get('/api/v1/controls').auth(team, { type: 'bearer' }).set('X-Purpose', PURPOSE);
    expect(controls.status).toBe(200);
    const control = controls.body.items.find((c: { id: number }) => c.id === id);
    expect(Object.keys(control).sort()).toEqual([
      'address',
      'addressId',
      'approvedAt',
      'approvedOn',
      'corrections',
      'id',
      'inspectedOn',
      'inspectionId',
      'legalBasis',
      'outcome',
      'outcomeAt',
      'plannedFor',
      'priority',
      'reasons',
      'status',
    ]);
    expect(controls.body.dates).toEqual({ today: `${CITY.endYear}-12-15`, lastPlanDate: `${CITY.endYear + 1}-12-15` });

    // Dates outside the rules are refused naming the limit crossed and the date that bounds it.
    const tooEarly = await service.http
      .post(`/api/v1/controls/${id}/plan`)
      .auth(team, { type: 'bearer' })
      .set('X-Purpose', PURPOSE)
      .send({ plannedFor: `${CITY.endYear}-12-14` });
    expect(tooEarly.status).toBe(400);
    expect(tooEarly.body.error).toMatchObject({
      code: 'invalid_request',
      field: 'body.plannedFor',
      reason: 'before_approval',
      bound: `${CITY.endYear}-12-15`,
    });
    const far = await service.http
      .post(`/api/v1/controls/${id}/plan`)
      .auth(team, { type: 'bearer' })
      .set('X-Purpose', PURPOSE)
      .send({ plannedFor: `${CITY.endYear + 1}-12-16` });
    expect(far.body.error).toMatchObject({ field: 'body.plannedFor', reason: 'beyond_horizon', bound: `${CITY.endYear + 1}-12-15` });

    const planned = await service.http
      .post(`/api/v1/controls/${id}/plan`)
      .auth(team, { type: 'bearer' })
      .set('X-Purpose', PURPOSE)
      .send({ plannedFor: `${CITY.endYear}-12-15` });
    expect(planned.body.status).toBe('control_planned');
    // The team's answers carry the control's view only: no proposer, decision or score.
    expect(Object.keys(planned.body).sort()).toEqual(Object.keys(control).sort());
    const future = await service.http
      .post(`/api/v1/controls/${id}/outcome`)
      .auth(team, { type: 'bearer' })
      .set('X-Purpose', PURPOSE)
      .send({ outcome: 'cultivation', inspectedOn: `${CITY.endYear}-12-16` });
    expect(future.body.error).toMatchObject({ field: 'body.inspectedOn', reason: 'in_future', bound: `${CITY.endYear}-12-15` });
    const recorded = await service.http
      .post(`/api/v1/controls/${id}/outcome`)
      .auth(team, { type: 'bearer' })
      .set('X-Purpose', PURPOSE)
      .send({ outcome: 'cultivation' });
    expect(recorded.status).toBe(200);
    expect(recorded.body).toMatchObject({ status: 'outcome_recorded', outcome: 'cultivation', inspectionId: `risk_model-${id}` });
    const after = await service.http
      .post(`/api/v1/controls/${id}/outcome`)
      .auth(team, { type: 'bearer' })
      .set('X-Purpose', PURPOSE)
      .send({ outcome: 'nothing_found' });
    expect(after.status).toBe(409);

    const inspection = await db.pool.query(
      `SELECT address_id, reason, outcome, inspected_on::text AS on FROM inspections WHERE inspection_id = $1`,
      [`risk_model-${id}`],
    );
    expect(inspection.rows).toEqual([{ address_id: top, reason: 'risk_model', outcome: 'cultivation', on: `${CITY.endYear}-12-15` }]);

    const plan = await planYears(db.pool, { trainYears: 2 });
    expect(plan.test).toBe(CITY.endYear);
    const { test } = await buildDatasets(db.pool, plan);
    expect(test.y[test.addressIds.indexOf(top)]).toBe(1);
    // …and one the next training's figures name as led to by the list itself.
    expect(await listPromptedControls(db.pool, plan.test)).toEqual(new Map([[top, { found: true }]]));

    const trail = await db.pool.query(`SELECT action, actor, status FROM audit_log WHERE address_id = $1 AND detail LIKE $2 ORDER BY seq`, [
      top,
      `%"signal":${id}%`,
    ]);
    expect(trail.rows.filter((r) => r.status < 300).map((r) => r.action)).toEqual([
      'signals:propose',
      'signals:decide',
      'controls:plan',
      'controls:outcome',
    ]);
    recordedControl = id;
  });

  it('lists finished controls with their outcome, and corrects a mistaken outcome as an event of its own: the original stays in the history, the label follows the correction', async () => {
    const id = recordedControl;
    const finished = await service.http.get('/api/v1/controls?status=finished').auth(team, { type: 'bearer' }).set('X-Purpose', PURPOSE);
    expect(finished.status).toBe(200);
    expect(finished.body.items.map((c: { id: number }) => c.id)).toEqual([id]);
    expect(finished.body.items[0]).toMatchObject({
      status: 'outcome_recorded',
      outcome: 'cultivation',
      inspectedOn: `${CITY.endYear}-12-15`,
      corrections: [],
    });
    const open = await service.http.get('/api/v1/controls').auth(team, { type: 'bearer' }).set('X-Purpose', PURPOSE);
    expect(open.body.items.map((c: { id: number }) => c.id)).not.toContain(id);

    const correct = (body: Record<string, unknown>, control = id) =>
      service.http.post(`/api/v1/controls/${control}/correction`).auth(team, { type: 'bearer' }).set('X-Purpose', PURPOSE).send(body);
    expect((await correct({ outcome: 'nothing_found', reason: 'kort' })).body.error).toMatchObject({
      code: 'invalid_request',
      field: 'body.reason',
    });
    expect((await correct({ outcome: 'cultivation', reason: 'Zelfde uitkomst nog eens' })).body.error.code).toBe('outcome_unchanged');
    // A rejected proposal is not the team's to know of.
    const rejected = Number((await db.pool.query<{ id: string }>(`SELECT id FROM signals WHERE status = 'rejected' LIMIT 1`)).rows[0]!.id);
    expect((await correct({ outcome: 'nothing_found', reason: 'Niet van toepassing hier' }, rejected)).body.error.code).toBe(
      'unknown_control',
    );
    const mistaken = await correct({ outcome: 'nothing_found', reason: 'Verkeerde uitkomst aangeklikt: er stond niets' });
    expect(mistaken.status, JSON.stringify(mistaken.body)).toBe(200);
    expect(mistaken.body).toMatchObject({
      outcome: 'nothing_found',
      corrections: [{ by: 'ivo', from: 'cultivation', to: 'nothing_found', reason: 'Verkeerde uitkomst aangeklikt: er stond niets' }],
    });

    const inspection = await db.pool.query(`SELECT outcome FROM inspections WHERE inspection_id = $1`, [`risk_model-${id}`]);
    expect(inspection.rows).toEqual([{ outcome: 'nothing_found' }]);
    const { test } = await buildDatasets(db.pool, await planYears(db.pool, { trainYears: 2 }));
    expect(test.y[test.addressIds.indexOf(top)]).toBe(0);
    await expect(db.pool.query('UPDATE control_corrections SET to_outcome = $1', ['cultivation'])).rejects.toThrow(/refused/);
    const entry = await db.pool.query(`SELECT action, address_id, detail FROM audit_log WHERE path = $1 AND status = 200`, [
      `/api/v1/controls/${id}/correction`,
    ]);
    expect(entry.rows).toHaveLength(1);
    expect(entry.rows[0]).toMatchObject({ action: 'controls:outcome', address_id: top });
    expect(JSON.parse(entry.rows[0].detail)).toMatchObject({
      signal: id,
      outcome: { from: 'cultivation', to: 'nothing_found' },
      inspection: `risk_model-${id}`,
    });
    const listed = await service.http.get('/api/v1/controls?status=finished').auth(team, { type: 'bearer' }).set('X-Purpose', PURPOSE);
    expect(listed.body.items[0].corrections.map((c: { from: string; to: string }) => [c.from, c.to])).toEqual([
      ['cultivation', 'nothing_found'],
    ]);
  });

  it("answers 'who looked at this address?' with the direct reads and the lists that showed it, found by address id or postcode through the index", async () => {
    const auditor = await service.token('auditor', 'aud');
    const byId = await service.http.get(`/api/v1/audit-log?addressId=${top}&limit=1000`).auth(auditor, { type: 'bearer' });
    expect(byId.status).toBe(200);
    const paths = new Set(byId.body.items.map((e: { path: string }) => e.path));
    for (const path of [`/api/v1/addresses/${top}/risk`, '/api/v1/risk-list', '/api/v1/signals', '/api/v1/controls'])
      expect(paths, path).toContain(path);
    const shownOnly = byId.body.items.filter((e: { addressId: string | null }) => e.addressId !== top);
    expect(shownOnly.length).toBeGreaterThan(0);
    for (const e of shownOnly) expect(e.detail.shown).toContain(top);

    const { rows } = await db.pool.query<{ postcode: string; house_number: number }>(
      'SELECT postcode, house_number FROM addresses WHERE address_id = $1',
      [top],
    );
    const { postcode, house_number: houseNumber } = rows[0]!;
    const typed = `${postcode.slice(0, 4)} ${postcode.slice(4).toLowerCase()}`;
    const byPostcode = await service.http
      .get(`/api/v1/audit-log?postcode=${encodeURIComponent(typed)}&houseNumber=${houseNumber}&limit=1000`)
      .auth(auditor, { type: 'bearer' });
    expect(byPostcode.status).toBe(200);
    expect(byPostcode.body.addresses.map((a: { addressId: string }) => a.addressId)).toContain(top);
    expect(byPostcode.body.items.map((e: { seq: number }) => e.seq)).toEqual(
      expect.arrayContaining(byId.body.items.map((e: { seq: number }) => e.seq)),
    );
    const bad = await service.http.get('/api/v1/audit-log?postcode=12345').auth(auditor, { type: 'bearer' });
    expect(bad.body.error).toMatchObject({ code: 'invalid_request', field: 'query.postcode' });

    // The lists' entries are found through the GIN index, not by reading every entry.
    const client = await db.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('SET LOCAL enable_seqscan = off');
      const plan = await client.query(
        `EXPLAIN SELECT seq FROM audit_log WHERE address_id = ANY($1::text[]) OR audit_shown(detail) ?| $1::text[]`,
        [[top]],
      );
      expect(plan.rows.map((r) => Object.values(r)[0]).join('\n')).toContain('audit_log_shown');
    } finally {
      await client.query('ROLLBACK');
      client.release();
    }
  });

  it('switching the model off makes scoring answer 503 with who and why, and activation brings it back', async () => {
    const beheerder = await service.token('beheerder', 'bea');
    const off = await service.http
      .post('/api/v1/model/disable')
      .auth(beheerder, { type: 'bearer' })
      .send({ reason: 'Afwijkende scores na levering' });
    expect(off.status).toBe(200);
    const risk = await service.http.get(`/api/v1/addresses/${top}/risk`).auth(analist, { type: 'bearer' }).set('X-Purpose', PURPOSE);
    expect(risk.status).toBe(503);
    expect(risk.body.error.message).toContain('bea switched model 1 off');
    const list = await service.http.get('/api/v1/risk-list').auth(analist, { type: 'bearer' }).set('X-Purpose', PURPOSE);
    expect(list.status).toBe(503);
    const on = await service.http
      .post('/api/v1/models/1/activate')
      .auth(beheerder, { type: 'bearer' })
      .send({ justification: 'Levering gecontroleerd, scores kloppen weer' });
    expect(on.status).toBe(200);
    const back = await service.http.get(`/api/v1/addresses/${top}/risk`).auth(analist, { type: 'bearer' }).set('X-Purpose', PURPOSE);
    expect(back.status).toBe(200);
    const trail = await db.pool.query(`SELECT actor, role, action, path, status FROM audit_log WHERE action LIKE 'models:%' ORDER BY seq`);
    expect(trail.rows).toEqual([
      { actor: 'test:service', role: null, action: 'models:register', path: null, status: 0 },
      { actor: 'test:service', role: null, action: 'models:promote', path: null, status: 0 },
      { actor: 'bea', role: 'beheerder', action: 'models:disable', path: '/api/v1/model/disable', status: 200 },
      { actor: 'bea', role: 'beheerder', action: 'models:activate', path: '/api/v1/models/1/activate', status: 200 },
    ]);
  });

  it('retention deletes old risk lists and rejected signals, keeps the active list and decided controls, and records it in the audit log', async () => {
    const { rows } = await db.pool.query<{ address_id: string }>('SELECT address_id FROM risk_scores WHERE rank = 2');
    const second = rows[0]!.address_id;
    const proposed = await service.http
      .post('/api/v1/signals')
      .auth(analist, { type: 'bearer' })
      .set('X-Purpose', PURPOSE)
      .send({ addressId: second, reason: 'Tweede op de lijst, veel meldingen' });
    const rejected = await service.http
      .post(`/api/v1/signals/${proposed.body.id}/decision`)
      .auth(riec, { type: 'bearer' })
      .set('X-Purpose', PURPOSE)
      .send({ decision: 'reject', reason: 'Geen aanvullende aanwijzingen gevonden' });
    expect(rejected.body.status).toBe('rejected');
    const newer = await scoreAddresses(db.pool);
    const lists = async () => (await db.pool.query<{ id: string }>('SELECT id FROM risk_lists ORDER BY id')).rows.map((r) => Number(r.id));
    expect((await lists()).length).toBeGreaterThan(1);

    const inTwoDays = new Date(Date.now() + 2 * 86_400_000);
    const result = await runRetention(db.pool, 1, inTwoDays);
    expect(result.riskLists).toBeGreaterThan(0);
    expect(result.rejectedSignals).toBe(2);
    expect(await lists()).toEqual([newer.listId]);
    const left = await db.pool.query<{ status: string }>('SELECT status FROM signals ORDER BY id');
    expect(left.rows.map((r) => r.status)).toEqual(['outcome_recorded']);
    const entry = await db.pool.query<{ actor: string; detail: string }>(`SELECT actor, detail FROM audit_log WHERE action = 'retention'`);
    expect(entry.rows).toHaveLength(1);
    expect(entry.rows[0]!.actor).toBe('system');
    expect(JSON.parse(entry.rows[0]!.detail)).toMatchObject({ days: 1, rejectedSignals: 2, keptActiveList: newer.listId });
    expect((await verifyAuditLog(db.pool)).ok).toBe(true);
  });
});
