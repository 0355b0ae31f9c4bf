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

/** Renders the part the hash names; without a part, goes to the user's home page. */
export async function route() {
  if (!me()) return;
  const [path = '', query = ''] = location.hash.slice(1).split('?');
  const params = new URLSearchParams(query);
  const parts = path.split('/').filter(Boolean);
  if (!parts.length) {
    location.replace(homeHash());
    return;
  }
  renderChrome();
  const entry = Object.hasOwn(ROUTES, String(parts[0])) ? ROUTES[String(parts[0])] : undefined;
  const target = main();
  if (!entry || !can(entry.needs)) {
    target.replaceChildren(h('p', { class: 'notice', id: 'not-permitted' }, t('forbidden')));
    return;
  }
  target.setAttribute('aria-busy', 'true');
  try {
    target.replaceChildren(await entry.view(parts, params));
  } catch (error) {
    // A 401 has signed the user out already and shows the sign-in page.
    if (!(error instanceof ApiError && error.status === 401)) target.replaceChildren(errorBox(error));
  } finally {
    target.removeAttribute('aria-busy');
  }
  target.focus({ preventScroll: true });
}
