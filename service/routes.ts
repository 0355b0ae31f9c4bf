/** Every API route, by resource. A route not listed here does not exist (the API answers 404, audited). */
import { auditRoutes } from './audit/routes.ts';
import { controlRoutes } from './controls/routes.ts';
import type { RouteSpec } from './http/route.ts';
import { modelRoutes } from './models/routes.ts';
import { riskRoutes } from './risk/routes.ts';
import { sampleRoutes } from './samples/index.ts';
import { sessionRoutes } from './session/routes.ts';
import { signalRoutes } from './signals/routes.ts';

/** In the order the OpenAPI document lists them. */
export const ROUTES: readonly RouteSpec[] = [
  ...riskRoutes,
  ...signalRoutes,
  ...controlRoutes,
  ...sampleRoutes,
  ...sessionRoutes,
  ...modelRoutes,
  ...auditRoutes,
];
