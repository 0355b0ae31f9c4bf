import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import express from 'express';
import helmet from 'helmet';
import type pg from 'pg';
import pino, { type Logger } from 'pino';
import type { Config } from '../config/index.ts';
import { AuditLog } from './audit.ts';
import type { Authenticator } from './auth.ts';
import type { ErrorCode } from './errors.ts';
import { API_PREFIX, authenticate, failureDetail, HttpError, limit, mount, sendError, type Services } from './http.ts';
import { createMetrics } from './metrics.ts';
import { docsPage, openApiDocument } from './openapi.ts';
import { RateLimiter } from './ratelimit.ts';
import { ROUTES } from './routes/index.ts';
import { webRoutes } from './web.ts';

/**
 * The Express application: health, readiness and metrics (no data), the OpenAPI
 * document at /docs, and the API under /api/v1 where every route passes through
 * authentication, the permissions table, purpose binding and the audit log.
 */
export interface AppOptions {
  pool: pg.Pool;
  config: Config;
  authenticator: Authenticator;
  log?: Logger;
  /** The time written into workflow records and audit entries (tests move it). */
  clock?: () => Date;
}

export interface App {
  app: express.Express;
  services: Services;
  /** Waits for queued audit entries and background jobs (graceful shutdown). */
  drain(): Promise<void>;
}

export const VERSION = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

export function createApp(options: AppOptions): App {
  const clock = options.clock ?? (() => new Date());
  const audit = new AuditLog(options.pool, clock);
  const services: Services = {
    pool: options.pool,
    config: options.config,
    audit,
    authenticator: options.authenticator,
    log: options.log ?? pino({ level: 'silent' }),
    metrics: createMetrics(() => audit.appended),
    clock,
    background: new Set(),
    limiter: new RateLimiter(options.config.rateLimit, 60_000, clock),
  };
  const app = express();
  app.disable('x-powered-by');
  // API answers are per user and purpose, never cached: no ETag to compute for them.
  app.set('etag', false);
  app.set('trust proxy', options.config.trustProxy);
  // Strict: nothing inline, nothing from elsewhere — but the OIDC issuer, which the page
  // asks for its discovery document and tokens.
  const issuerOrigin = options.config.oidc.issuer ? new URL(options.config.oidc.issuer).origin : null;
  app.use(
    fixedHelmetHeaders({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          connectSrc: issuerOrigin ? ["'self'", issuerOrigin] : ["'self'"],
          fontSrc: ["'self'"],
          objectSrc: ["'none'"],
          frameAncestors: ["'none'"],
          baseUri: ["'self'"],
          formAction: ["'self'"],
        },
      },
      strictTransportSecurity: false,
    }),
  );

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    try {
      const { rows } = await options.pool.query<{ active: number | null }>(`SELECT (SELECT version FROM models WHERE status = 'active') AS active`);
      res.json({ status: 'ready', activeModel: rows[0]?.active ?? null });
    } catch {
      // No driver message to an unauthenticated caller: it can carry hosts and names.
      res.status(503).json({ status: 'not ready', reason: 'the database does not answer' });
    }
  });
  app.get('/metrics', async (_req, res) => {
    res.type(services.metrics.registry.contentType).send(await services.metrics.registry.metrics());
  });
  const document = openApiDocument(ROUTES, VERSION);
  app.get('/docs/openapi.json', (_req, res) => {
    res.json(document);
  });
  const page = docsPage(document);
  app.get('/docs', (_req, res) => {
    res.type('html').send(page);
  });

  /**
   * A request no route takes, answered with `failure` — after authentication (an
   * unauthenticated caller gets the 401 instead) and audited as `action`.
   */
  async function refuseUnrouted(req: express.Request, res: express.Response, action: string, refusal: HttpError): Promise<void> {
    const requestId = randomUUID();
    let actor = 'anonymous';
    let failure = refusal;
    try {
      actor = (await authenticate(req, services.authenticator, services.log)).subject;
      limit(services, actor, res);
    } catch (error) {
      let refusal = error;
      if (actor === 'anonymous') {
        try {
          limit(services, `ip:${req.ip}`, res);
        } catch (limited) {
          refusal = limited;
        }
      }
      failure = refusal instanceof HttpError ? refusal : new HttpError(500, 'internal_error', 'the request failed inside the service');
    }
    try {
      await audit.append({ actor, action, method: req.method, path: req.baseUrl + req.path, status: failure.status, detail: { ...failureDetail(failure), ip: req.ip } });
    } catch {
      failure = new HttpError(503, 'audit_unavailable', 'the audit log could not record this request, so it is not answered; try again shortly');
    }
    sendError(res, failure, requestId);
  }

  const api = express.Router();
  // A path whose percent-encoding does not decode would fail inside the router, before the
  // pipeline that authenticates and audits: refuse it here, through that pipeline.
  api.use((req, res, next) => {
    const segment = undecodable(req.path);
    if (segment === null) return next();
    return refuseUnrouted(req, res, 'malformed-path', new HttpError(400, 'malformed_path', `the path segment ${JSON.stringify(segment)} is not valid percent-encoded UTF-8; encode path parameters with encodeURIComponent`));
  });
  for (const spec of ROUTES) mount(api, spec, services);
  // Deny by default: anything else under the API is 404 — after authentication, and audited.
  api.use((req, res) => refuseUnrouted(req, res, 'unknown-route', new HttpError(404, 'no_route', `there is no ${req.method} ${req.baseUrl}${req.path}; the API is listed at /docs`)));
  app.use(API_PREFIX, api);
  app.use(webRoutes(services));

  // Errors outside the API pipeline: a JSON answer, never a stack trace.
  app.use((error: Error & { status?: number }, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    const status = error.status && error.status >= 400 && error.status < 500 ? error.status : 500;
    if (status === 500) services.log.error({ err: { message: error.message, stack: error.stack } }, 'unhandled error');
    const code: ErrorCode = status === 500 ? 'internal_error' : 'bad_request';
    res.status(status).json({ error: { code, message: status === 500 ? 'the request failed inside the service' : error.message } });
  });

  return {
    app,
    services,
    async drain() {
      await Promise.allSettled([...services.background]);
      await audit.drain();
    },
  };
}

/** The first path segment that does not percent-decode, or null when all do. */
export function undecodable(path: string): string | null {
  if (!path.includes('%')) return null;
  for (const segment of path.split('/')) {
    if (!segment.includes('%')) continue;
    try {
      decodeURIComponent(segment);
    } catch {
      return segment;
    }
  }
  return null;
}

type HelmetOptions = NonNullable<Parameters<typeof helmet>[0]>;

/**
 * Helmet's headers, worked out once: helmet runs a dozen middlewares per request to set the
 * same fixed headers, which cost a risk request more than its permission check. Only
 * fixed values can be worked out once, so a directive given as a function (a per-request
 * CSP nonce) is refused here. Helmet's only calls on the response are setHeader and
 * removeHeader, recorded here.
 */
export function fixedHelmetHeaders(options: HelmetOptions): express.RequestHandler {
  const csp = options.contentSecurityPolicy;
  if (csp && typeof csp === 'object') {
    for (const [name, values] of Object.entries(csp.directives ?? {})) {
      if (typeof values === 'function' || (Array.isArray(values) && values.some((v) => typeof v === 'function'))) {
        throw new Error(`Content-Security-Policy directive ${name} is computed per request: the fixed headers cannot hold it`);
      }
    }
  }
  const set: Array<[string, string | number | readonly string[]]> = [];
  const removed: string[] = [];
  const recorder = {
    setHeader(name: string, value: string | number | readonly string[]) {
      set.push([name, value]);
      return recorder;
    },
    removeHeader(name: string) {
      removed.push(name);
    },
  };
  let finished = false as boolean;
  let failure: unknown;
  helmet(options)({} as express.Request, recorder as unknown as express.Response, (error?: unknown) => {
    finished = true;
    failure = error;
  });
  if (!finished) throw new Error('helmet did not finish at once: its headers cannot be worked out in advance');
  if (failure) throw failure;
  return (_req, res, next) => {
    for (const name of removed) res.removeHeader(name);
    for (const [name, value] of set) res.setHeader(name, value);
    next();
  };
}

