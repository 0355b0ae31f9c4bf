import express from 'express';
import helmet from 'helmet';
import supertest from 'supertest';
import { describe, expect, it } from 'vitest';
import { fixedHelmetHeaders } from '../../service/http/security-headers.ts';

/** The headers worked out once are the ones helmet sets on every request. */
describe('fixedHelmetHeaders', () => {
  const options = {
    contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'self'"], frameAncestors: ["'none'"] } },
    strictTransportSecurity: false,
  } as const;
  const headersOf = async (use: express.RequestHandler) => {
    const app = express();
    app.use((_req, res, next) => {
      res.setHeader('X-Powered-By', 'something');
      next();
    });
    app.use(use);
    app.get('/', (_req, res) => {
      res.send('ok');
    });
    const { headers } = await supertest(app).get('/');
    const { date: _date, etag: _etag, ...rest } = headers;
    return rest;
  };

  it('sets and removes exactly what helmet does', async () => {
    const direct = await headersOf(helmet(options));
    expect(direct['content-security-policy']).toBe("default-src 'self';frame-ancestors 'none'");
    expect(direct['x-powered-by']).toBeUndefined();
    expect(await headersOf(fixedHelmetHeaders(options))).toEqual(direct);
  });

  it('refuses a directive computed per request (a nonce), which fixed headers would freeze', () => {
    const nonce = () => "'nonce-abc'";
    expect(() =>
      fixedHelmetHeaders({
        contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'self'"], scriptSrc: ["'self'", nonce] } },
      }),
    ).toThrow(/scriptSrc is computed per request/);
    expect(() =>
      fixedHelmetHeaders({ contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'self'"], scriptSrc: ['self'] } } }),
    ).toThrow(/self/);
  });
});
