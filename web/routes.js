// @ts-check
/**
 * The parts of the page: each hash route, the permission it needs to be shown at all,
 * and the view that renders it; the menu lists some of them, in this order.
 */
import { can } from './session/session.js';
import { addressView } from './views/address.js';
import { auditView } from './views/audit.js';
import { controlsView } from './views/controls.js';
import { jobsView } from './views/jobs.js';
import { modelView } from './views/model-card.js';
import { modelsView } from './views/models.js';
import { riskView } from './views/risk-list.js';
import { samplesView } from './views/samples.js';
import { signalsView } from './views/signals.js';

/**
 * A part's view, given the hash's path segments (`#/models/3` → ['models', '3']) and query.
 * @typedef {(parts: string[], params: URLSearchParams) => Promise<HTMLElement>} View
 */

/** @type {Record<string, { needs: string, view: View }>} */
export const ROUTES = {
  risk: { needs: 'risk:list', view: (_, params) => riskView(params) },
  address: { needs: 'risk:address', view: (parts) => addressView(String(parts[1])) },
  signals: { needs: 'signals:read', view: (_, params) => signalsView(params) },
  controls: { needs: 'controls:read', view: () => controlsView() },
  models: { needs: 'models:read', view: (parts) => (parts[1] ? modelView(parts[1]) : modelsView()) },
  samples: { needs: 'samples:read', view: () => samplesView() },
  jobs: { needs: 'jobs:read', view: () => jobsView() },
  audit: { needs: 'audit:read', view: (_, params) => auditView(params) },
};

/** The menu: each entry's text is the page's text of the same key. */
const MENU = /** @type {const} */ (['risk', 'signals', 'controls', 'models', 'samples', 'jobs', 'audit']);

/** @type {ReadonlyArray<{ key: typeof MENU[number], hash: string, needs: string }>} */
export const NAV = MENU.map((key) => ({ key, hash: `#/${key}`, needs: ROUTES[key].needs }));

/**
 * Where a user lands: the first of these parts whose permission they hold. The part where
 * a role does its work (the list, the decisions, the controls, the audit) comes before
 * the parts it may also read: the part's key, then the permission.
 * @type {Array<[string, string]>}
 */
const HOME = [
  ['risk', 'risk:list'],
  ['signals', 'signals:decide'],
  ['controls', 'controls:read'],
  ['audit', 'audit:read'],
  ['models', 'models:read'],
];

/** The signed-in user's home page, from their permissions; `#/none` when no part is theirs. */
export function homeHash() {
  const work = HOME.find(([, action]) => can(action))?.[0];
  return work ? `#/${work}` : (NAV.find((n) => can(n.needs))?.hash ?? '#/none');
}
