import { Writable } from 'node:stream';
import pino from 'pino';
import supertest from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../service/app.ts';
import { createAuthenticator, mintToken } from '../../service/auth/index.ts';
import { PERMISSIONS } from '../../service/permissions.ts';
import { ROUTES } from '../../service/routes.ts';
import { useTestDatabase } from '../support/database.ts';
import { embeddedConfig } from '../support/service.ts';

/**
 * What the service shows besides its routes: the OpenAPI document, metrics, security
 * headers, body limits, and an application log free of address ids and tokens.
 */
describe('service surface', () => {
  const db = useTestDatabase();
  const logged: string[] = [];
  let http: ReturnType<typeof supertest>;
  let analist: string;
  const config = embeddedConfig({ HENNEP_BODY_LIMIT: '1kb', HENNEP_RATE_LIMIT: '5' });

  beforeAll(async () => {
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logged.push(chunk.toString());
        done();
      },
    });
    const { app } = createApp({
      pool: db.pool,
      config,
      authenticator: await createAuthenticator(config),
      log: pino({ level: 'info' }, sink),
    });
    http = supertest(app);
    analist = await mintToken(config, { user: 'ana', roles: ['analist'], ttlSeconds: 600 });
  });

  it('publishes an OpenAPI 3.1 document with every route, its permission, and the purpose header where the table asks for one', async () => {
    const res = await http.get('/docs/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    for (const route of ROUTES) {
      const op = res.body.paths[`/api/v1${route.path.replace(/:(\w+)/g, '{$1}')}`]?.[route.method];
      expect(op, `${route.method} ${route.path}`).toBeDefined();
      expect(op.description).toContain(route.action);
      const purpose = op.parameters.some((p: { name: string }) => p.name === 'X-Purpose');
      expect(purpose, `${route.path} purpose`).toBe(PERMISSIONS[route.action].purpose);
      if (route.body) {
        const schema = op.requestBody.content['application/json'].schema;
        expect(schema.type ?? schema.oneOf ?? schema.anyOf, `${route.path} body`).toBeDefined();
      }
    }
    const risk = res.body.paths['/api/v1/addresses/{addressId}/risk'].get;
    expect(risk.parameters.find((p: { name: string }) => p.name === 'addressId').schema.pattern).toBe('^[0-9]{16}$');
    const page = await http.get('/docs');
    expect(page.text).toContain('GET /api/v1/risk-list');
  });

  it('sets a strict Content-Security-Policy and no X-Powered-By', async () => {
    const res = await http.get('/healthz');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('refuses a body over HENNEP_BODY_LIMIT with 413 and invalid JSON with 400 naming the body, without a stack trace', async () => {
    const token = await mintToken(config, { user: 'ana-body', roles: ['analist'], ttlSeconds: 600 });
    const big = await http
      .post('/api/v1/signals')
      .auth(token, { type: 'bearer' })
      .set('X-Purpose', 'Onderzoek zaak 2026-1')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ addressId: '0'.repeat(16), reason: 'x'.repeat(5000) }));
    expect(big.status).toBe(413);
    expect(big.body.error).toMatchObject({ code: 'body_too_large', field: 'body' });
    const broken = await http
      .post('/api/v1/signals')
      .auth(token, { type: 'bearer' })
      .set('X-Purpose', 'Onderzoek zaak 2026-1')
      .set('Content-Type', 'application/json')
      .send('{"addressId": ');
    expect(broken.status).toBe(400);
    expect(broken.body.error.code).toBe('invalid_json');
    expect(JSON.stringify(broken.body)).not.toMatch(/at .*\.ts:\d+/);
  });

  it('limits requests per user and names when to retry', async () => {
    const token = await mintToken(config, { user: 'busy', roles: ['analist'], ttlSeconds: 600 });
    const statuses: number[] = [];
    // One budget for the whole API, not one per route.
    for (const path of ['/api/v1/me', '/api/v1/features', '/api/v1/me', '/api/v1/models', '/api/v1/features', '/api/v1/me'])
      statuses.push((await http.get(path).auth(token, { type: 'bearer' })).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    const other = await http.get('/api/v1/me').auth(analist, { type: 'bearer' });
    expect(other.status).toBe(200);
  });

  it('counts requests by route pattern in /metrics, and neither metrics nor the log hold address ids or tokens', async () => {
    const address = '0363010000123456';
    const res = await http
      .get(`/api/v1/addresses/${address}/risk`)
      .auth(analist, { type: 'bearer' })
      .set('X-Purpose', 'Onderzoek zaak 2026-1');
    expect(res.status).toBe(503); // no model is active in this database
    const metrics = await http.get('/metrics');
    expect(metrics.text).toContain('hennep_http_requests_total{method="GET",route="/api/v1/addresses/:addressId/risk",status="503"} 1');
    expect(metrics.text).not.toContain(address);
    const log = logged.join('');
    expect(log).toContain('/api/v1/addresses/:addressId/risk');
    expect(log).not.toContain(address);
    expect(log).not.toContain(analist);
    expect(log).not.toContain(analist.split('.')[2]!);
  });

  it('withholds the answer with 503 when the database refuses its audit entry, and answers again once it takes entries', async () => {
    const other = await mintToken(config, { user: 'auditless', roles: ['analist'], ttlSeconds: 600 });
    const read = () => http.get('/api/v1/features').auth(other, { type: 'bearer' });
    expect((await read()).status).toBe(200);
    await db.pool.query(
      `CREATE FUNCTION refuse_audit_entry() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'no space left on device'; END $$`,
    );
    await db.pool.query('CREATE TRIGGER audit_log_refuses BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION refuse_audit_entry()');
    try {
      const refused = await read();
      expect(refused.status).toBe(503);
      expect(refused.body).toEqual({
        error: {
          code: 'audit_unavailable',
          message: 'the audit log could not record this request, so it is not answered; try again shortly',
        },
        requestId: expect.any(String),
      });
      expect(logged.join('')).toContain('audit entry could not be written; the answer was withheld');
    } finally {
      await db.pool.query('DROP TRIGGER audit_log_refuses ON audit_log');
      await db.pool.query('DROP FUNCTION refuse_audit_entry()');
    }
    const again = await read();
    expect(again.status).toBe(200);
    expect(again.body.items.length).toBeGreaterThan(0);
  });
});
