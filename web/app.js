// @ts-check
/**
 * hennep-risk's web page, the entry module: native ES modules, no build step, no external
 * assets. Everything it shows comes from /api/v1 with the signed-in user's token; what a
 * role may not do is not rendered (and the API refuses it anyway). Every address-level
 * request carries the purpose asked once per session. This module signs in and out and
 * wires the page's buttons; the router renders the parts.
 */
import { whenUnauthenticated } from './api/client.js';
import { loadApiDescription } from './api/openapi.js';
import { renderChrome } from './chrome.js';
import { t } from './i18n/texts.js';
import { byId, main } from './lib/dom.js';
import { onRefresh } from './navigation.js';
import { homeHash } from './routes.js';
import { route } from './router.js';
import { finishOidc } from './session/oidc.js';
import { askPurpose } from './session/purpose.js';
import { me, needsPurpose, setMe } from './session/session.js';
import { store } from './session/store.js';
import { signInView } from './views/sign-in.js';

/** @import { AuthConfig, Me } from './types/session.js' */

/** @type {AuthConfig | null} */
let authConfig = null;

/** @returns {Promise<AuthConfig>} */
async function config() {
  authConfig ??= /** @type {AuthConfig} */ (await (await fetch('/auth/config')).json());
  return authConfig;
}

/** The sign-in page, once boot has read how the service signs in. @param {string | null} [message] */
function showSignIn(message) {
  if (authConfig) main().replaceChildren(signInView(authConfig, boot, message));
}

/** Forgets the token and purpose and asks to sign in. @param {string | null} [message] why */
function signOut(message) {
  store.token = null;
  store.purpose = null;
  setMe(null);
  renderChrome();
  showSignIn(message);
}

/** Starts the page: finishes an OIDC sign-in, finds out who is signed in, asks the purpose, shows the home page. */
async function boot() {
  const auth = await config();
  const search = new URLSearchParams(location.search);
  try {
    if (search.has('code') && auth.mode === 'oidc') await finishOidc(auth, search);
  } catch (error) {
    showSignIn(error instanceof Error ? error.message : String(error));
    return;
  }
  if (!store.token) {
    renderChrome();
    showSignIn();
    return;
  }
  // The first view's requests need it: fetched while /me answers. A failure here is retried on use.
  loadApiDescription().catch(() => {});
  const res = await fetch('/api/v1/me', { headers: { Authorization: `Bearer ${store.token}` } });
  if (!res.ok) {
    signOut(res.status === 401 ? t('expired') : null);
    return;
  }
  setMe(/** @type {Me} */ (await res.json()));
  renderChrome();
  if (needsPurpose() && !store.purpose) await askPurpose();
  if (!location.hash || location.hash === '#/') location.hash = homeHash();
  else await route();
}

whenUnauthenticated(() => signOut(t('expired')));
onRefresh(route);
byId('lang', HTMLButtonElement).addEventListener('click', () => {
  store.lang = store.lang === 'nl' ? 'en' : 'nl';
  renderChrome();
  if (me()) void route();
  else showSignIn();
});
byId('sign-out', HTMLButtonElement).addEventListener('click', () => signOut());
byId('purpose-button', HTMLButtonElement).addEventListener('click', () => void askPurpose().then(route));
window.addEventListener('hashchange', () => void route());
void boot();
