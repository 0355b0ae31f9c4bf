// @ts-check
/**
 * The hash router: `#/part/more?query` renders that part in <main> when the user's
 * permissions allow it. A part the role may not see is not rendered at all, only a notice.
 */
import { ApiError } from './api/client.js';
import { errorBox } from './api/errors.js';
import { renderChrome } from './chrome.js';
import { t } from './i18n/texts.js';
import { h, main } from './lib/dom.js';
import { ROUTES, homeHash } from './routes.js';
import { can, me } from './session/session.js';

/** Counts the routes started: a view that arrives after a later route started is not shown. */
let started = 0;

/**
 * Renders the part the hash names; without a part, goes to the user's home page. Routes can
 * overlap (a click while a view is loading): only the latest one shows its view, so a slow
 * earlier view never replaces the part the user asked for last.
 */
export async function route() {
  if (!me()) return;
  const [path = '', query = ''] = location.hash.slice(1).split('?');
  const params = new URLSearchParams(query);
  const parts = path.split('/').filter(Boolean);
  if (!parts.length) {
    location.replace(homeHash());
    return;
  }
  const run = ++started;
  const current = () => run === started;
  renderChrome();
  const entry = Object.hasOwn(ROUTES, String(parts[0])) ? ROUTES[String(parts[0])] : undefined;
  const target = main();
  if (!entry || !can(entry.needs)) {
    target.replaceChildren(h('p', { class: 'notice', id: 'not-permitted' }, t('forbidden')));
    target.removeAttribute('aria-busy');
    return;
  }
  target.setAttribute('aria-busy', 'true');
  try {
    const view = await entry.view(parts, params);
    if (current()) target.replaceChildren(view);
  } catch (error) {
    // A 401 has signed the user out already and shows the sign-in page.
    if (current() && !(error instanceof ApiError && error.status === 401)) target.replaceChildren(errorBox(error));
  }
  if (!current()) return;
  target.removeAttribute('aria-busy');
  target.focus({ preventScroll: true });
}
