/**
 * What the service answers without a token, and holds no data: health, readiness, the
 * Prometheus metrics, and the OpenAPI document with its readable page.
 */
import express from 'express';
import { packageVersion } from '../config/index.ts';
import { sendError } from './http/error-responder.ts';
import { HttpError } from './http/errors.ts';
import { docsPage } from './docs-page.ts';
import { openApiDocument } from './openapi.ts';
import { ROUTES } from './routes.ts';
import type { Services } from './services.ts';

export function statusRoutes(services: Services): express.Router {
  const router = express.Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    try {
      const { rows } = await services.pool.query<{ active: number | null }>(
        `SELECT (SELECT version FROM models WHERE status = 'active') AS active`,
      );
      res.json({ status: 'ready', activeModel: rows[0]?.active ?? null });
    } catch {
      // No driver message to an unauthenticated caller: it can carry hosts and names.
      sendError(res, new HttpError(503, 'database_unavailable', 'not ready: the database does not answer'), { log: services.log });
    }
  });
  router.get('/metrics', async (_req, res) => {
    res.type(services.metrics.registry.contentType).send(await services.metrics.registry.metrics());
  });
  const document = openApiDocument(ROUTES, packageVersion());
  router.get('/docs/openapi.json', (_req, res) => {
    res.json(document);
  });
  const page = docsPage(document);
  router.get('/docs', (_req, res) => {
    res.type('html').send(page);
  });
  return router;
}
