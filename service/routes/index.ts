import type { RouteSpec } from '../http.ts';
import { sampleRoutes } from '../samples/index.ts';
import { adminRoutes } from './admin.ts';
import { correctionRoutes } from './control-correction.ts';
import { controlRoutes } from './controls.ts';
import { riskRoutes } from './risk.ts';
import { workflowRoutes } from './workflow.ts';

/** Every API route. A route not listed here does not exist (the API answers 404, audited). */
export const ROUTES: readonly RouteSpec[] = [...riskRoutes, ...workflowRoutes, ...controlRoutes, ...correctionRoutes, ...sampleRoutes, ...adminRoutes];
