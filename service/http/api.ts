/** The API under /api/v1: every route through the pipeline, and deny by default for anything else. */
import express from 'express';
import type { Services } from '../services.ts';
import { HttpError } from './errors.ts';
import { mount } from './pipeline.ts';
import type { RouteSpec } from './route.ts';
import { refuseUnrouted, undecodable } from './unrouted.ts';

export function apiRouter(routes: readonly RouteSpec[], services: Services): express.Router {
  const api = express.Router();
  // A path whose percent-encoding does not decode would fail inside the router, before the
  // pipeline that authenticates and audits: refuse it here, through that pipeline.
  api.use((req, res, next) => {
    const segment = undecodable(req.path);
    if (segment === null) return next();
    const refusal = new HttpError(
      400,
      'malformed_path',
      `the path segment ${JSON.stringify(segment)} is not valid percent-encoded UTF-8; encode path parameters with encodeURIComponent`,
    );
    return refuseUnrouted(req, res, services, { action: 'malformed-path', refusal });
  });
  for (const spec of routes) mount(api, spec, services);
  // Deny by default: anything else under the API is 404 — after authentication, and audited.
  api.use((req, res) =>
    refuseUnrouted(req, res, services, {
      action: 'unknown-route',
      refusal: new HttpError(404, 'no_route', `there is no ${req.method} ${req.baseUrl}${req.path}; the API is listed at /docs`),
    }),
  );
  return api;
}
