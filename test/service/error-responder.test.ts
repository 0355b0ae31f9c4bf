import { Writable } from 'node:stream';
import express from 'express';
import type pg from 'pg';
import pino from 'pino';
import supertest from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loadConfig } from '../../config/index.ts';
import type { AuditLog } from '../../service/audit/index.ts';
import { AuthError, type Authenticator } from '../../service/auth/index.ts';
import { apiRouter } from '../../service/http/api.ts';
import { errorHandler } from '../../service/http/error-responder.ts';
import { wholeNumber } from '../../service/http/fields.ts';
import { API_PREFIX, route } from '../../service/http/route.ts';
import { openApiDocument } from '../../service/openapi.ts';
import { ROUTES } from '../../service/routes.ts';
import { createServices } from '../../service/services.ts';
import { schemaProblem } from '../support/fuzz/json-schema.ts';
import type { JsonSchema } from '../support/fuzz/operations.ts';

/**
 * The one error responder, without a database: whatever goes wrong — a field zod refuses,
 * a body that is not JSON (inside the API and outside it), a path no route takes, a token
 * refused, a fault inside a handler — the caller gets the one body the OpenAPI document
 * shows as `Error`, and nothing of the service's internals.
 */
const SECRET = 'connect ECONNREFUSED db-internal.example:5432 at /srv/hennep/service/risk/store.ts:42';

const routes = [
  route({
    method: 'get',
    path: '/things',
    action: 'session:read',
    summary: 'a list',
    query: z.strictObject({ limit: wholeNumber('limit is a whole number', { max: 10 }).default(5) }),
    response: z.object({ limit: z.number() }),
    async handler({ query }) {
      return { body: { limit: query.limit } };
    },
  }),
  route({
    method: 'post',
    path: '/things',
    action: 'session:read',
    summary: 'a change',
    body: z.strictObject({ name: z.string() }),
    response: z.object({ name: z.string() }),
    async handler({ body }) {
      return { body: { name: body.name } };
    },
  }),
  route({
    method: 'get',
    path: '/fault',
    action: 'session:read',
    summary: 'a fault inside the service',
    response: z.object({}),
    async handler() {
      throw new Error(SECRET);
    },
  }),
];

const authenticator: Authenticator = {
  mode: 'embedded',
  issuer: 'urn:test',
  audience: 'hennep-risk',
  async verify(token) {
    if (token === 'good') return { subject: 'tester', name: 'Tester', roles: ['analist'], expiresAt: Date.now() / 1000 + 600 };
    throw new AuthError('signature', "the token's signature does not verify against the issuer's keys");
  },
};

/** Records entries instead of writing them: this test has no database. */
const entries: Array<{ action: string; status: number }> = [];
const audit = {
  appended: 0,
  async append(entry: { action: string; status: number }) {
    entries.push(entry);
  },
} as unknown as AuditLog;

const ERROR_SCHEMA = (openApiDocument(ROUTES, 'test') as { components: { schemas: { Error: JsonSchema } } }).components.schemas.Error;

function expectTheOneShape(res: supertest.Response, status: number, code: string): void {
  expect(res.status, res.text).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  expect(Object.keys(res.body).sort()).toEqual(['error', 'requestId']);
  expect(res.body.error).toMatchObject({ code, message: expect.any(String) });
  expect(res.body.requestId).toMatch(/^[0-9a-f-]{36}$/);
  expect(res.headers['x-request-id']).toBe(res.body.requestId);
  expect(schemaProblem(ERROR_SCHEMA, res.body)).toBeNull();
}

describe('the one error responder', () => {
  const logged: string[] = [];
  let http: ReturnType<typeof supertest>;

  beforeAll(() => {
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logged.push(chunk.toString());
        done();
      },
    });
    const config = loadConfig({ HENNEP_RATE_LIMIT: '0' });
    const services = { ...createServices({ pool: {} as pg.Pool, config, authenticator, log: pino({ level: 'info' }, sink) }), audit };
    const app = express();
    app.use(API_PREFIX, apiRouter(routes, services));
    // Outside the API, as the web page's demo sign-in: express's own body reader.
    app.post('/outside', express.json(), (_req, res) => {
      res.json({ ok: true });
    });
    app.use(errorHandler(services.log));
    http = supertest(app);
  });

  const good = { Authorization: 'Bearer good' };

  it('answers a field zod refuses with 400 invalid_request naming the field', async () => {
    const res = await http.get(`${API_PREFIX}/things?limit=11`).set(good);
    expectTheOneShape(res, 400, 'invalid_request');
    expect(res.body.error.field).toBe('query.limit');
    expect(res.body.error.message).toMatch(/^query\.limit: /);
    const unknown = await http.post(`${API_PREFIX}/things`).set(good).send({ name: 'x', colour: 'red' });
    expectTheOneShape(unknown, 400, 'invalid_request');
    expect(unknown.body.error.message).toContain('unknown body field: colour');
  });

  it('answers a body that is not JSON with 400 invalid_json, inside the API and outside it', async () => {
    const api = await http.post(`${API_PREFIX}/things`).set(good).set('Content-Type', 'application/json').send('{"name": ');
    expectTheOneShape(api, 400, 'invalid_json');
    expect(api.body.error.field).toBe('body');
    const outside = await http.post('/outside').set('Content-Type', 'application/json').send('{"role": ');
    expectTheOneShape(outside, 400, 'invalid_json');
    expect(outside.body.error.field).toBe('body');
  });

  it('answers a path no route takes with 404 no_route, after authentication, audited', async () => {
    const res = await http.get(`${API_PREFIX}/nothing-here`).set(good);
    expectTheOneShape(res, 404, 'no_route');
    expect(entries.at(-1)).toMatchObject({ action: 'unknown-route', status: 404 });
    const malformed = await http.get(`${API_PREFIX}/things/%E0%A4%A`).set(good);
    expectTheOneShape(malformed, 400, 'malformed_path');
  });

  it('answers a refused token with 401 unauthenticated, its reason and the RFC 6750 challenge', async () => {
    const missing = await http.get(`${API_PREFIX}/things`);
    expectTheOneShape(missing, 401, 'unauthenticated');
    expect(missing.body.error.reason).toBe('missing');
    expect(missing.headers['www-authenticate']).toBe('Bearer realm="hennep-risk"');
    const refused = await http.get(`${API_PREFIX}/nothing-here`).set('Authorization', 'Bearer forged');
    expectTheOneShape(refused, 401, 'unauthenticated');
    expect(refused.body.error.reason).toBe('signature');
    expect(refused.headers['www-authenticate']).toContain('error="invalid_token"');
  });

  it('answers a fault inside the service with 500 internal_error naming the request id, its internals in the log only', async () => {
    const res = await http.get(`${API_PREFIX}/fault`).set(good);
    expectTheOneShape(res, 500, 'internal_error');
    expect(res.body.error).toEqual({
      code: 'internal_error',
      message: `the request failed inside the service; the operator can look it up by request id ${res.body.requestId}`,
    });
    expect(res.text).not.toContain('ECONNREFUSED');
    expect(res.text).not.toContain('db-internal');
    expect(res.text).not.toMatch(/\.ts:\d+/);
    const line = logged.find((l) => l.includes(res.body.requestId) && l.includes('request failed'));
    expect(line).toContain('db-internal.example');
  });
});
