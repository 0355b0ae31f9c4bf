import { OAuth2Server } from 'oauth2-mock-server';
import type { Response } from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditLog } from '../../service/audit/index.ts';
import type { AuthFailure } from '../../service/auth/index.ts';
import { API_PREFIX, type RouteSpec } from '../../service/http/route.ts';
import { grantingRole, PERMISSIONS, ROLES, type Role } from '../../service/permissions.ts';
import { ROUTES } from '../../service/routes.ts';
import { activateModel, disableModel } from '../../training/registry.ts';
import { useTestDatabase } from '../support/database.ts';
import { CITY, embeddedConfig, testService, listedCity, type TestService } from '../support/service.ts';
import { temporaryDirectory } from '../support/tmp.ts';

/**
 * Every API route × every role, and every kind of bad bearer token, with tokens from a
 * real external OIDC issuer (oauth2-mock-server over HTTP; the service finds its JWKS by
 * discovery). Each request is answered as the permissions table says — success for a role
 * holding the route's permission, 403 for one that does not, 401 for a missing or bad
 * token — leaves the data unchanged when refused, and is in the audit log exactly once.
 *
 * Each allowed state-changing request gets its own fixture (a fresh proposed, approved or
 * planned signal; a switched-off model to activate) and the active model is restored after
 * every case, so the cases do not depend on each other's order. The one exception is the
 * beheerder's retrain: it starts background work that trains and rescores, so it runs last
 * and the test waits for it.
 */
const SLOW = 240_000;
const AUDIENCE = 'hennep-risk';
const PURPOSE = 'Autorisatietest: onderzoek ondermijning, zaak 2026-99';
/** Mid-December of the city's last year, as in the workflow test. */
const CLOCK = new Date(`${CITY.endYear}-12-15T10:00:00Z`);
const UNKNOWN_PATH = '/no-such-route';
const MALFORMED_PATH = '/addresses/%E0%A4%A/risk';

/** What a case sends: the path below /api/v1 (with query) and the body; the address the audit entry of a success names. */
interface Prepared {
  path: string;
  body?: Record<string, unknown>;
  auditAddress?: string | null;
}

type Claims = Record<string, unknown>;

/** A bad bearer token, made for a subject holding a role that the route allows: only the token is wrong. */
interface BadToken {
  name: string;
  reason: AuthFailure;
  /** The Authorization header, or null for none. */
  header(claims: Claims): Promise<string | null>;
}

const routeKey = (route: Pick<RouteSpec, 'method' | 'path'>) => `${route.method.toUpperCase()} ${route.path}`;
const successOf = (route: RouteSpec) => route.successStatus ?? 200;
const allowedRoles = (route: RouteSpec): readonly Role[] => PERMISSIONS[route.action].roles;
const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const pathOnly = (path: string) => path.split('?')[0]!;

describe('authorisation of every route for every role and every bad token, through an external OIDC issuer', () => {
  const db = useTestDatabase();
  const issuer = new OAuth2Server();
  /** Another issuer with keys of its own: its tokens are not the configured issuer's. */
  const foreign = new OAuth2Server();
  let service: TestService;
  /** Addresses by rank, handed out one by one so that every proposal has an address without an open signal (a sample may have taken one). */
  let ranked: string[] = [];
  let nextRank = 0;
  let subjects = 0;
  /** Every request this file sends to the API (fixtures included): each must be in the audit log. */
  let requests = 0;
  const fixtureTokens = new Map<Role, string>();

  async function token(server: OAuth2Server, claims: Claims, expiresIn = 600): Promise<string> {
    return server.issuer.buildToken({
      expiresIn,
      scopesOrTransform: (_header, payload) => {
        Object.assign(payload, { aud: AUDIENCE, name: String(claims.sub), ...claims });
      },
    });
  }

  /** A fresh subject per request, so that its audit entry is unmistakably its own. */
  const subject = (label: string) => `authz-${++subjects}-${label.replace(/[^a-z0-9]+/gi, '-')}`;

  const BAD_TOKENS: BadToken[] = [
    { name: 'no token', reason: 'missing', header: async () => null },
    { name: 'a token that is not a JWT', reason: 'malformed', header: async () => 'Bearer not-a-jwt' },
    {
      name: 'an expired token',
      reason: 'expired',
      header: async (claims) =>
        `Bearer ${await token(issuer, { ...claims, iat: Math.floor(Date.now() / 1000) - 900, exp: Math.floor(Date.now() / 1000) - 60 })}`,
    },
    // Signed by another issuer's key, which the configured issuer's JWKS does not hold: the
    // signature cannot be verified, and that is what the service says (it does not trust
    // the unverified `iss` enough to name it).
    { name: 'a token of another issuer', reason: 'signature', header: async (claims) => `Bearer ${await token(foreign, claims)}` },
    {
      name: 'a token naming another issuer (iss), signed with the issuer key',
      reason: 'issuer',
      header: async (claims) => `Bearer ${await token(issuer, { ...claims, iss: 'https://login.example.org/realms/elders' })}`,
    },
    {
      name: 'a token for another audience',
      reason: 'audience',
      header: async (claims) => `Bearer ${await token(issuer, { ...claims, aud: 'another-service' })}`,
    },
    {
      name: 'a token with a tampered signature',
      reason: 'signature',
      async header(claims) {
        const [header, payload, signature] = (await token(issuer, claims)).split('.') as [string, string, string];
        // In the middle: the last base64url character of a signature carries padding bits.
        const at = Math.floor(signature.length / 2);
        const flipped = `${signature.slice(0, at)}${signature[at] === 'A' ? 'B' : 'A'}${signature.slice(at + 1)}`;
        return `Bearer ${header}.${payload}.${flipped}`;
      },
    },
    {
      name: 'a token whose payload was changed to add the role, signature kept',
      reason: 'signature',
      async header(claims) {
        const [header, payload, signature] = (await token(issuer, { ...claims, roles: [] })).split('.') as [string, string, string];
        const edited = { ...(JSON.parse(Buffer.from(payload, 'base64url').toString()) as Claims), roles: claims.roles };
        return `Bearer ${header}.${b64url(edited)}.${signature}`;
      },
    },
    // A subject that is not a person's text would be recorded as the actor: refused before
    // any audit entry is written for it (a number once failed the whole audit batch).
    {
      name: 'a token whose subject is a number',
      reason: 'claims',
      header: async (claims) => `Bearer ${await token(issuer, { ...claims, sub: 12345 })}`,
    },
    {
      name: 'a token whose subject is empty',
      reason: 'claims',
      header: async (claims) => `Bearer ${await token(issuer, { ...claims, sub: '' })}`,
    },
    {
      name: "a token impersonating the service ('system')",
      reason: 'claims',
      header: async (claims) => `Bearer ${await token(issuer, { ...claims, sub: 'system' })}`,
    },
    {
      name: "a token impersonating an unauthenticated caller ('anonymous')",
      reason: 'claims',
      header: async (claims) => `Bearer ${await token(issuer, { ...claims, sub: 'anonymous' })}`,
    },
    {
      name: "a token impersonating a job ('job:host')",
      reason: 'claims',
      header: async (claims) => `Bearer ${await token(issuer, { ...claims, sub: 'job:host' })}`,
    },
    {
      name: 'a token valid until the year 3000',
      reason: 'claims',
      header: async (claims) => `Bearer ${await token(issuer, { ...claims, exp: Date.UTC(3000, 0, 1) / 1000 })}`,
    },
    {
      name: 'a token issued an hour in the future',
      reason: 'claims',
      header: async (claims) => `Bearer ${await token(issuer, { ...claims, iat: Math.floor(Date.now() / 1000) + 3600 })}`,
    },
    {
      name: 'an unsigned token (alg none)',
      reason: 'algorithm',
      async header(claims) {
        const now = Math.floor(Date.now() / 1000);
        const payload = { iss: issuer.issuer.url, aud: AUDIENCE, iat: now, nbf: now - 10, exp: now + 600, ...claims };
        return `Bearer ${b64url({ alg: 'none', typ: 'JWT' })}.${b64url(payload)}.`;
      },
    },
  ];

  const post = (path: string, auth: string, body: Record<string, unknown>) => {
    requests++;
    return service.http.post(`${API_PREFIX}${path}`).set('Authorization', `Bearer ${auth}`).set('X-Purpose', PURPOSE).send(body);
  };

  /** The best-ranked address not handed out yet and without an open signal. */
  async function freeAddress(): Promise<string> {
    for (;;) {
      const addressId = ranked[nextRank++]!;
      const open = await db.pool.query(
        `SELECT 1 FROM signals WHERE address_id = $1 AND status IN ('proposed', 'approved', 'control_planned')`,
        [addressId],
      );
      if (open.rowCount === 0) return addressId;
    }
  }

  /** A signal in `status`, made through the API by the roles whose work it is. */
  async function signalIn(
    status: 'proposed' | 'approved' | 'control_planned' | 'outcome_recorded',
  ): Promise<{ id: number; addressId: string }> {
    const addressId = await freeAddress();
    const proposed = await post('/signals', fixtureTokens.get('analist')!, {
      addressId,
      reason: 'Fixture: hoge score, stroomverbruik en meldingen',
    });
    expect(proposed.status, JSON.stringify(proposed.body)).toBe(201);
    const id = proposed.body.id as number;
    if (status !== 'proposed') {
      const approved = await post(`/signals/${id}/decision`, fixtureTokens.get('riec')!, {
        decision: 'approve',
        legalBasis: 'art. 13b Opiumwet',
        reason: 'Fixture: voldoende aanleiding',
        priority: 1,
      });
      expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    }
    if (status === 'control_planned' || status === 'outcome_recorded') {
      const planned = await post(`/controls/${id}/plan`, fixtureTokens.get('interventieteam')!, { plannedFor: `${CITY.endYear}-12-15` });
      expect(planned.status, JSON.stringify(planned.body)).toBe(200);
    }
    if (status === 'outcome_recorded') {
      const recorded = await post(`/controls/${id}/outcome`, fixtureTokens.get('interventieteam')!, { outcome: 'cultivation' });
      expect(recorded.status, JSON.stringify(recorded.body)).toBe(200);
    }
    return { id, addressId };
  }

  async function activeVersion(): Promise<number | null> {
    const { rows } = await db.pool.query<{ version: number }>(`SELECT version FROM models WHERE status = 'active'`);
    return rows[0]?.version ?? null;
  }

  /** After every case: model 1 active again (a disable that went through, or an activation fixture that was refused). */
  async function restoreActiveModel(): Promise<void> {
    if ((await activeVersion()) === null)
      await activateModel(db.pool, 1, 'test:authorization', { event: 'override', justification: 'Hersteld na een autorisatietestgeval' });
  }

  /**
   * A valid request per route: what an allowed role gets a success for. Keyed by method
   * and path, so that a new route without an entry here fails the test below.
   */
  const REQUESTS: Record<string, () => Promise<Prepared>> = {
    'GET /addresses/:addressId/risk': async () => ({ path: `/addresses/${ranked[0]}/risk`, auditAddress: ranked[0] }),
    'GET /addresses/:addressId/history': async () => ({ path: `/addresses/${ranked[0]}/history`, auditAddress: ranked[0] }),
    'GET /areas': async () => ({ path: '/areas' }),
    'GET /risk-list': async () => ({ path: '/risk-list?limit=5' }),
    'POST /signals': async () => {
      const addressId = await freeAddress();
      return { path: '/signals', body: { addressId, reason: 'Hoge score, stroomverbruik en meldingen' }, auditAddress: addressId };
    },
    'GET /signals': async () => ({ path: '/signals?status=proposed' }),
    'POST /signals/:id/decision': async () => {
      const signal = await signalIn('proposed');
      return {
        path: `/signals/${signal.id}/decision`,
        body: { decision: 'approve', legalBasis: 'art. 13b Opiumwet', reason: 'Voldoende aanleiding voor controle', priority: 2 },
        auditAddress: signal.addressId,
      };
    },
    'GET /controls': async () => ({ path: '/controls' }),
    'POST /controls/:id/plan': async () => {
      const signal = await signalIn('approved');
      return { path: `/controls/${signal.id}/plan`, body: { plannedFor: `${CITY.endYear}-12-18` }, auditAddress: signal.addressId };
    },
    'POST /controls/:id/outcome': async () => {
      const signal = await signalIn('control_planned');
      return { path: `/controls/${signal.id}/outcome`, body: { outcome: 'nothing_found' }, auditAddress: signal.addressId };
    },
    'POST /controls/:id/correction': async () => {
      const signal = await signalIn('outcome_recorded');
      return {
        path: `/controls/${signal.id}/correction`,
        body: { outcome: 'nothing_found', reason: 'Verkeerde uitkomst aangeklikt bij het vastleggen' },
        auditAddress: signal.addressId,
      };
    },
    'POST /samples': async () => ({
      path: '/samples',
      body: { n: 1, seed: 20261215, reason: 'Autorisatietest: steekproef van één adres' },
    }),
    'GET /samples': async () => ({ path: '/samples' }),
    'GET /me': async () => ({ path: '/me' }),
    'GET /features': async () => ({ path: '/features?lang=en' }),
    'GET /models': async () => ({ path: '/models' }),
    'GET /models/:version': async () => ({ path: '/models/1' }),
    'POST /models/:version/activate': async () => {
      if ((await activeVersion()) !== null) await disableModel(db.pool, 'test:authorization', 'Fixture: uit, om weer te activeren');
      return { path: '/models/1/activate', body: { justification: 'Autorisatietest: model 1 weer aan na controle' } };
    },
    'POST /model/disable': async () => ({ path: '/model/disable', body: { reason: 'Autorisatietest: model tijdelijk uit' } }),
    'POST /jobs/retrain': async () => ({ path: '/jobs/retrain' }),
    'GET /jobs': async () => ({ path: '/jobs' }),
    'GET /audit-log': async () => ({ path: '/audit-log?limit=5' }),
    'GET /audit-log/verify': async () => ({ path: '/audit-log/verify' }),
  };

  /** What a refused request must leave as it was. */
  async function state(): Promise<unknown> {
    const { rows } = await db.pool.query(
      `SELECT (SELECT coalesce(json_agg(json_build_object('id', id, 'status', status) ORDER BY id), '[]'::json) FROM signals)::text AS signals,
              (SELECT json_agg(json_build_object('version', version, 'status', status) ORDER BY version) FROM models)::text AS models,
              (SELECT count(*) FROM model_events) AS model_events,
              (SELECT count(*) FROM samples) AS samples,
              (SELECT count(*) FROM job_runs) AS job_runs,
              (SELECT count(*) FROM inspections) AS inspections,
              (SELECT coalesce(json_agg(json_build_object('id', inspection_id, 'outcome', outcome) ORDER BY inspection_id), '[]'::json) FROM inspections WHERE inspection_id LIKE 'risk_model-%')::text AS recorded_outcomes,
              (SELECT count(*) FROM control_corrections) AS corrections,
              (SELECT count(*) FROM risk_lists) AS risk_lists`,
    );
    return rows[0];
  }

  async function lastSeq(): Promise<number> {
    const { rows } = await db.pool.query<{ seq: number | null }>('SELECT max(seq) AS seq FROM audit_log');
    return Number(rows[0]!.seq ?? 0);
  }

  function send(method: 'get' | 'post', prepared: Prepared, authorization: string | null, purpose: boolean): Promise<Response> {
    requests++;
    let request = service.http[method](`${API_PREFIX}${prepared.path}`);
    if (authorization !== null) request = request.set('Authorization', authorization);
    if (purpose) request = request.set('X-Purpose', PURPOSE);
    return prepared.body ? request.send(prepared.body) : request;
  }

  /** The one audit entry the request added (entries of requests: a path; registry and job entries have none). */
  async function auditedOnce(before: number): Promise<Record<string, unknown>> {
    const { rows } = await db.pool.query<Record<string, unknown>>(
      `SELECT actor, role, action, method, path, address_id, purpose, status, detail FROM audit_log WHERE seq > $1 AND path IS NOT NULL ORDER BY seq`,
      [before],
    );
    expect(rows, 'audit entries of this request').toHaveLength(1);
    return { ...rows[0]!, detail: JSON.parse(rows[0]!.detail as string) as unknown };
  }

  interface Case {
    route: RouteSpec;
    /** A role's valid token, or a bad token for a subject with an allowed role. */
    who: { role: Role } | { bad: BadToken };
  }

  async function run({ route, who }: Case): Promise<void> {
    const permission = PERMISSIONS[route.action];
    const allowed = 'role' in who && grantingRole([who.role], route.action) !== null;
    const prepared = await REQUESTS[routeKey(route)]!();
    const claimsRole = 'role' in who ? who.role : allowedRoles(route)[0]!;
    const sub = subject('role' in who ? who.role : who.bad.name);
    const claims = { sub, roles: [claimsRole] };
    const authorization = 'role' in who ? `Bearer ${await token(issuer, claims)}` : await who.bad.header(claims);
    const stateBefore = allowed ? null : await state();
    const before = await lastSeq();

    const res = await send(route.method, prepared, authorization, permission.purpose);

    const entry = await auditedOnce(before);
    const addressParam = /\/addresses\/([0-9]{16})\//.exec(prepared.path)?.[1] ?? null;
    const common = { action: route.action, method: route.method.toUpperCase(), path: `${API_PREFIX}${pathOnly(prepared.path)}` };
    if (allowed) {
      expect(res.status, JSON.stringify(res.body)).toBe(successOf(route));
      expect(entry).toMatchObject({
        ...common,
        actor: sub,
        role: (who as { role: Role }).role,
        status: successOf(route),
        address_id: prepared.auditAddress ?? null,
        purpose: permission.purpose ? PURPOSE : null,
      });
    } else if ('role' in who) {
      expect(res.status, JSON.stringify(res.body)).toBe(403);
      expect(res.body.error.code).toBe('forbidden');
      expect(res.body.error.message).toContain(route.action);
      expect(entry).toMatchObject({
        ...common,
        actor: sub,
        role: who.role,
        status: 403,
        address_id: addressParam,
        detail: { error: 'forbidden' },
      });
    } else {
      expect(res.status, JSON.stringify(res.body)).toBe(401);
      expect(res.body.error).toMatchObject({ code: 'unauthenticated', reason: who.bad.reason });
      expect(res.headers['www-authenticate']).toMatch(/^Bearer realm="hennep-risk"/);
      expect(entry).toMatchObject({
        ...common,
        actor: 'anonymous',
        role: null,
        status: 401,
        address_id: addressParam,
        detail: { error: 'unauthenticated', reason: who.bad.reason },
      });
    }
    if (stateBefore !== null) expect(await state(), 'a refused request changes nothing').toEqual(stateBefore);
    await restoreActiveModel();
  }

  beforeAll(async () => {
    for (const server of [issuer, foreign]) {
      await server.issuer.keys.generate('RS256');
      await server.start(0, '127.0.0.1');
    }
    await listedCity(db.pool, temporaryDirectory('authorization-city'));
    const config = embeddedConfig({ HENNEP_OIDC_ISSUER: issuer.issuer.url!, HENNEP_OIDC_AUDIENCE: AUDIENCE, HENNEP_TRAIN_YEARS: '2' });
    service = await testService(db.pool, { config, clock: () => CLOCK });
    expect(service.authenticator).toMatchObject({ mode: 'oidc', issuer: issuer.issuer.url, audience: AUDIENCE });
    const { rows } = await db.pool.query<{ address_id: string }>('SELECT address_id FROM risk_scores ORDER BY rank');
    ranked = rows.map((r) => r.address_id);
    nextRank = 1;
    for (const role of ROLES) fixtureTokens.set(role, await token(issuer, { sub: `fixture-${role}`, roles: [role] }, 3600));
  }, SLOW);

  afterAll(async () => {
    // Nothing may run after the database is gone (the retrain runs in the background).
    await service?.app.drain();
    await issuer.stop();
    await foreign.stop();
  }, SLOW);

  it('has a valid request for every route, and every route is in the permissions table', () => {
    expect(Object.keys(REQUESTS).sort()).toEqual(ROUTES.map(routeKey).sort());
    for (const route of ROUTES) expect(PERMISSIONS[route.action], routeKey(route)).toBeDefined();
  });

  /** The beheerder's retrain goes through last: the background run it starts trains and rescores. */
  const isRetrainByItsRole = (c: Case) =>
    c.route.action === 'jobs:run' && 'role' in c.who && grantingRole([c.who.role], 'jobs:run') !== null;
  const deferred: Case[] = [];

  for (const route of ROUTES) {
    describe(routeKey(route), () => {
      const cases: Array<Case & { name: string }> = [
        ...ROLES.map((role) => ({
          route,
          who: { role },
          name: `${role} → ${grantingRole([role], route.action) ? successOf(route) : 403}`,
        })),
        ...BAD_TOKENS.map((bad) => ({ route, who: { bad }, name: `${bad.name} → 401 ${bad.reason}` })),
      ];
      for (const c of cases) {
        if (isRetrainByItsRole(c)) {
          deferred.push(c);
          continue;
        }
        it(c.name, () => run(c));
      }
    });
  }

  describe(`an unknown route (GET ${API_PREFIX}${UNKNOWN_PATH})`, () => {
    it.each(ROLES)('%s → 404', async (role) => {
      const sub = subject(`unknown-${role}`);
      const before = await lastSeq();
      const res = await send('get', { path: UNKNOWN_PATH }, `Bearer ${await token(issuer, { sub, roles: [role] })}`, false);
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('no_route');
      expect(await auditedOnce(before)).toMatchObject({
        actor: sub,
        action: 'unknown-route',
        method: 'GET',
        path: `${API_PREFIX}${UNKNOWN_PATH}`,
        status: 404,
      });
    });

    it.each(BAD_TOKENS.map((bad) => [bad.name, bad] as const))('%s → 401', async (_name, bad) => {
      const before = await lastSeq();
      const res = await send('get', { path: UNKNOWN_PATH }, await bad.header({ sub: subject('unknown-bad'), roles: ['auditor'] }), false);
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('unauthenticated');
      expect(await auditedOnce(before)).toMatchObject({
        actor: 'anonymous',
        action: 'unknown-route',
        method: 'GET',
        path: `${API_PREFIX}${UNKNOWN_PATH}`,
        status: 401,
      });
    });
  });

  describe(`a path that does not percent-decode (GET ${API_PREFIX}${MALFORMED_PATH})`, () => {
    it('analist → 400 naming the segment, audited', async () => {
      const sub = subject('malformed-analist');
      const before = await lastSeq();
      const res = await send('get', { path: MALFORMED_PATH }, `Bearer ${await token(issuer, { sub, roles: ['analist'] })}`, false);
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({ code: 'malformed_path', message: expect.stringContaining('"%E0%A4%A"') });
      expect(await auditedOnce(before)).toMatchObject({
        actor: sub,
        action: 'malformed-path',
        method: 'GET',
        path: `${API_PREFIX}${MALFORMED_PATH}`,
        status: 400,
      });
    });

    it.each(BAD_TOKENS.map((bad) => [bad.name, bad] as const))('%s → 401', async (_name, bad) => {
      const before = await lastSeq();
      const res = await send(
        'get',
        { path: MALFORMED_PATH },
        await bad.header({ sub: subject('malformed-bad'), roles: ['analist'] }),
        false,
      );
      expect(res.status).toBe(401);
      expect(await auditedOnce(before)).toMatchObject({ actor: 'anonymous', action: 'malformed-path', status: 401 });
    });
  });

  it('a token with a malformed subject is refused alone: requests arriving with it are served', async () => {
    const good = await token(issuer, { sub: subject('concurrent'), roles: ['analist'] });
    const bad = await token(issuer, { sub: 12345, roles: ['analist'] });
    const prepared = { path: '/risk-list?limit=1' };
    const answers = await Promise.all(Array.from({ length: 60 }, (_, i) => send('get', prepared, `Bearer ${i === 30 ? bad : good}`, true)));
    expect(answers[30]!.status).toBe(401);
    expect(answers[30]!.body.error).toMatchObject({ code: 'unauthenticated', reason: 'claims' });
    const served = answers.filter((_, i) => i !== 30).map((a) => a.status);
    expect(served).toEqual(Array.from({ length: 59 }, () => 200));
  });

  describe('last', () => {
    for (const c of deferred) {
      it(
        `${routeKey(c.route)}: ${(c.who as { role: Role }).role} → ${successOf(c.route)}, and the background run it starts finishes`,
        async () => {
          const runs = Number((await db.pool.query<{ n: number }>('SELECT count(*) AS n FROM job_runs')).rows[0]!.n);
          await run(c);
          await service.app.drain();
          const { rows } = await db.pool.query<{ n: number }>(
            `SELECT count(*) AS n FROM job_runs WHERE job = 'retrain' AND outcome <> 'running'`,
          );
          expect(Number(rows[0]!.n)).toBe(runs + 1);
        },
        SLOW,
      );
    }

    it('the audit log holds one entry for every request this file sent, and its hash chain is intact', async () => {
      const { rows } = await db.pool.query<{ n: number }>(`SELECT count(*) AS n FROM audit_log WHERE path LIKE '${API_PREFIX}/%'`);
      expect(Number(rows[0]!.n)).toBe(requests);
      const verified = await verifyAuditLog(db.pool);
      expect(verified.problems).toEqual([]);
      expect(verified.ok).toBe(true);
    });
  });
});
