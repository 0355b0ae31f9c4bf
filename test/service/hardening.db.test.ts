import pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditLog } from '../../service/audit/index.ts';
import { databaseFailure } from '../../service/http/database-errors.ts';
import { inspectionProblem, planningProblem } from '../../service/controls/dates.ts';
import { useTestDatabase } from '../support/database.ts';
import { CITY, testService, listedCity, type TestService } from '../support/service.ts';
import { temporaryDirectory } from '../support/tmp.ts';

/**
 * What an outside attack on the running service answered with 500 or let through: values
 * PostgreSQL cannot hold (integers above its range, NUL in text, year 0), loosely read
 * numbers, impossible planning dates and a database restarting under a request. Each must
 * be the caller's 400 (or 503 for the restart), named, audited once, and change nothing.
 */
const SLOW = 240_000;
const PURPOSE = 'Onderzoek ondermijning wijk 3, zaak 2026-17';
const CLOCK = new Date(`${CITY.endYear}-12-15T10:00:00Z`);

describe('hardening: requests that used to fail inside the service', () => {
  const db = useTestDatabase();
  let service: TestService;
  const tokens: Record<string, string> = {};
  let ranked: string[] = [];

  beforeAll(async () => {
    await listedCity(db.pool, temporaryDirectory('hardening-city'));
    service = await testService(db.pool, { clock: () => CLOCK });
    for (const [role, user] of [
      ['analist', 'ana'],
      ['riec', 'rik'],
      ['interventieteam', 'ivo'],
      ['beheerder', 'bea'],
      ['auditor', 'aud'],
    ] as const)
      tokens[role] = await service.token(role, user);
    ranked = (await db.pool.query<{ address_id: string }>('SELECT address_id FROM risk_scores ORDER BY rank LIMIT 20')).rows.map(
      (r) => r.address_id,
    );
  }, SLOW);

  const get = (path: string, role: string) =>
    service.http.get(`/api/v1${path}`).auth(tokens[role]!, { type: 'bearer' }).set('X-Purpose', PURPOSE);
  const post = (path: string, role: string, body: Record<string, unknown>) =>
    service.http.post(`/api/v1${path}`).auth(tokens[role]!, { type: 'bearer' }).set('X-Purpose', PURPOSE).send(body);

  async function approvedSignal(rank: number): Promise<number> {
    const proposed = await post('/signals', 'analist', { addressId: ranked[rank]!, reason: 'Hoge score en meldingen in de buurt' });
    expect(proposed.status, JSON.stringify(proposed.body)).toBe(201);
    const approved = await post(`/signals/${proposed.body.id}/decision`, 'riec', {
      decision: 'approve',
      legalBasis: 'art. 13b Opiumwet',
      reason: 'Voldoende aanleiding voor controle',
    });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    return proposed.body.id as number;
  }

  it.each([
    ['a model version above PostgreSQL integer range', '/models/2147483648', 'beheerder', 'path.version'],
    ['a model version written in hex', '/models/0x10', 'beheerder', 'path.version'],
    ['a limit with a leading space', '/risk-list?limit=%201', 'analist', 'query.limit'],
    ['a limit in hex', '/risk-list?limit=0x10', 'analist', 'query.limit'],
    ['a limit with an exponent', '/signals?limit=1e1', 'riec', 'query.limit'],
    ['a limit with a leading zero', '/jobs?limit=01', 'beheerder', 'query.limit'],
    ['a purpose on a route that needs none', '/me?purpose=Onderzoek%20wijk%203%20zaak%207', 'analist', 'query'],
    ['a cursor whose rank exceeds integer range', '/risk-list?cursor=1.2147483648', 'analist', 'query.cursor'],
    ['an audit seq beyond exact integers', '/audit-log?before=99999999999999999999', 'auditor', 'query.before'],
    ['a NUL in the audit filter', '/audit-log?actor=%00', 'auditor', 'query.actor'],
  ])('GET with %s → 400 naming the field', async (_name, path, role, field) => {
    const res = await get(path, role);
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'invalid_request', field });
  });

  it('POST /models/2147483648/activate → 400, and no model changes', async () => {
    const before = (await db.pool.query('SELECT version, status FROM models ORDER BY version')).rows;
    const res = await post('/models/2147483648/activate', 'beheerder', { justification: 'Handmatige activering na beoordeling' });
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(res.body.error.field).toBe('path.version');
    expect((await db.pool.query('SELECT version, status FROM models ORDER BY version')).rows).toEqual(before);
  });

  it('refuses a NUL in a proposal reason, a legal basis and a switch-off reason with 400, storing nothing', async () => {
    const signals = Number((await db.pool.query<{ n: string }>('SELECT count(*) AS n FROM signals')).rows[0]!.n);
    const reason = await post('/signals', 'analist', { addressId: ranked[0]!, reason: 'Hoge score\u0000 en meldingen' });
    expect(reason.status, JSON.stringify(reason.body)).toBe(400);
    expect(reason.body.error.field).toBe('body.reason');
    expect(Number((await db.pool.query<{ n: string }>('SELECT count(*) AS n FROM signals')).rows[0]!.n)).toBe(signals);

    const proposed = await post('/signals', 'analist', { addressId: ranked[1]!, reason: 'Hoge score en meldingen in de buurt' });
    const basis = await post(`/signals/${proposed.body.id}/decision`, 'riec', {
      decision: 'approve',
      legalBasis: 'art.\u0000 13b',
      reason: 'Voldoende aanleiding voor controle',
    });
    expect(basis.status, JSON.stringify(basis.body)).toBe(400);
    expect(basis.body.error.field).toBe('body.legalBasis');
    expect((await db.pool.query('SELECT status FROM signals WHERE id = $1', [proposed.body.id])).rows[0]).toEqual({ status: 'proposed' });

    const off = await post('/model/disable', 'beheerder', { reason: 'Onderhoud\u0000 aan het model' });
    expect(off.status, JSON.stringify(off.body)).toBe(400);
    expect(off.body.error.field).toBe('body.reason');
    expect((await db.pool.query(`SELECT count(*)::int AS n FROM models WHERE status = 'active'`)).rows[0]).toEqual({ n: 1 });
  });

  it('plans a control only from its approval day to a year ahead', async () => {
    const id = await approvedSignal(2);
    for (const plannedFor of ['0000-01-01', '1000-01-01', `${CITY.endYear - 1}-12-31`, '3000-01-01', `${CITY.endYear + 1}-12-16`]) {
      const res = await post(`/controls/${id}/plan`, 'interventieteam', { plannedFor });
      expect(res.status, `${plannedFor}: ${JSON.stringify(res.body)}`).toBe(400);
      expect(res.body.error).toMatchObject({ code: 'invalid_request', field: 'body.plannedFor' });
    }
    expect((await db.pool.query('SELECT status, planned_for FROM signals WHERE id = $1', [id])).rows[0]).toEqual({
      status: 'approved',
      planned_for: null,
    });
    const ok = await post(`/controls/${id}/plan`, 'interventieteam', { plannedFor: `${CITY.endYear + 1}-01-10` });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
  });

  it('answers 503, not 500, when the database restarts under a request, and audits it once', async () => {
    const original = db.pool.query.bind(db.pool);
    const starting = new pg.DatabaseError('the database system is starting up', 0, 'error');
    starting.code = '57P03';
    let failed = 0;
    // The risk-list read fails as PostgreSQL does while it starts; the audit entry, a moment later, commits.
    (db.pool as { query: unknown }).query = (...args: unknown[]) => {
      const text = typeof args[0] === 'string' ? args[0] : (args[0] as { text?: string })?.text;
      if (failed === 0 && text?.includes('risk_scores')) {
        failed++;
        return Promise.reject(starting);
      }
      return (original as (...a: unknown[]) => unknown)(...args);
    };
    try {
      const res = await get('/risk-list?limit=3', 'analist');
      expect(failed).toBe(1);
      expect(res.status, JSON.stringify(res.body)).toBe(503);
      expect(res.body.error.code).toBe('database_unavailable');
      expect(res.headers['retry-after']).toBe('5');
    } finally {
      (db.pool as { query: unknown }).query = original;
    }
    const { rows } = await db.pool.query(`SELECT status, detail FROM audit_log WHERE action = 'risk:list' ORDER BY seq DESC LIMIT 1`);
    expect(rows[0]).toMatchObject({ status: 503 });
    expect((await verifyAuditLog(db.pool)).ok).toBe(true);
  });
});

describe('database errors as the caller sees them', () => {
  const error = (code: string) => Object.assign(new pg.DatabaseError('x', 0, 'error'), { code });

  it('is 503 for a server starting, stopping, full or unreachable, 400 for a data exception, else internal', () => {
    for (const code of ['57P01', '57P03', '53300', '08006']) expect(databaseFailure(error(code))?.status, code).toBe(503);
    for (const code of ['22003', '22008', '22021', '22P02']) expect(databaseFailure(error(code))?.status, code).toBe(400);
    expect(databaseFailure(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }))?.status).toBe(503);
    expect(databaseFailure(new Error('Connection terminated unexpectedly'))?.status).toBe(503);
    expect(databaseFailure(error('42P01'))).toBeNull();
    expect(databaseFailure(new TypeError('x is undefined'))).toBeNull();
  });

  it('names the planning rule that a date breaks, and the date that bounds it', () => {
    expect(planningProblem('2025-03-01', { approvedOn: '2025-03-02', today: '2025-03-05' })).toMatchObject({
      reason: 'before_approval',
      bound: '2025-03-02',
      message: expect.stringContaining('before the RIEC approved'),
    });
    expect(planningProblem('2026-03-06', { approvedOn: '2025-03-02', today: '2025-03-05' })).toMatchObject({
      reason: 'beyond_horizon',
      bound: '2026-03-05',
      message: expect.stringContaining('more than 365 days ahead'),
    });
    expect(planningProblem('2026-03-05', { approvedOn: '2025-03-02', today: '2025-03-05' })).toBeNull();
    expect(planningProblem('2025-03-02', { approvedOn: '2025-03-02', today: '2025-03-05' })).toBeNull();
  });

  it('names the inspection-date rule that a date breaks, and the date that bounds it', () => {
    expect(inspectionProblem('2025-03-06', { approvedOn: '2025-03-02', today: '2025-03-05' })).toMatchObject({
      reason: 'in_future',
      bound: '2025-03-05',
    });
    expect(inspectionProblem('2025-03-01', { approvedOn: '2025-03-02', today: '2025-03-05' })).toMatchObject({
      reason: 'before_approval',
      bound: '2025-03-02',
    });
    expect(inspectionProblem('2025-03-05', { approvedOn: '2025-03-02', today: '2025-03-05' })).toBeNull();
    expect(inspectionProblem('2025-03-02', { approvedOn: '2025-03-02', today: '2025-03-05' })).toBeNull();
  });
});
