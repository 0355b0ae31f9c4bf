/**
 * The Express application: health, readiness and metrics (no data), the OpenAPI
 * document at /docs, the API under /api/v1 where every route passes through
 * authentication, the permissions table, purpose binding and the audit log, and the web
 * page.
 */
import express from 'express';
import { apiRouter } from './http/api.ts';
import { errorHandler } from './http/error-responder.ts';
import { API_PREFIX } from './http/route.ts';
import { securityHeaders } from './http/security-headers.ts';
import { ROUTES } from './routes.ts';
import { createServices, type AppOptions, type Services } from './services.ts';
import { statusRoutes } from './status.ts';
import { webRoutes } from './web.ts';

export type { AppOptions } from './services.ts';

export interface App {
  app: express.Express;
  services: Services;
  /** Waits for queued audit entries and background jobs (graceful shutdown). */
  drain(): Promise<void>;
}

export function createApp(options: AppOptions): App {
  const services = createServices(options);
  const app = express();
  app.disable('x-powered-by');
  // API answers are per user and purpose, never cached: no ETag to compute for them.
  app.set('etag', false);
  app.set('trust proxy', options.config.trustProxy);
  app.use(securityHeaders(options.config));
  app.use(statusRoutes(services));
  app.use(API_PREFIX, apiRouter(ROUTES, services));
  app.use(webRoutes(services));
  // Errors outside the API pipeline: the one error shape, never a stack trace.
  app.use(errorHandler(services.log));
  return {
    app,
    services,
    async drain() {
      await Promise.allSettled([...services.background]);
      await services.audit.drain();
    },
  };
}
