// @ts-check
/**
 * Signing in, in the way the service offers: through its OIDC issuer, with a token from
 * `hennep token`, or — only when the demo sign-in is on — by picking a role.
 */
import { ApiError } from '../api/client.js';
import { errorBox } from '../api/errors.js';
import { t } from '../i18n/texts.js';
import { h } from '../lib/dom.js';
import { startOidc } from '../session/oidc.js';
import { store } from '../session/store.js';

/** @import { AuthConfig } from '../types/session.js' */

/** @param {AuthConfig} config @param {HTMLElement} view */
const oidcButton = (config, view) =>
  h(
    'p',
    {},
    h(
      'button',
      { class: 'primary', type: 'button', id: 'oidc-sign-in', onclick: () => startOidc(config).catch((e) => view.append(errorBox(e))) },
      `${t('signInWith')} ${new URL(String(config.issuer)).host}`,
    ),
  );

/** @param {HTMLElement} view @param {() => Promise<void>} signedIn */
function tokenForm(view, signedIn) {
  // A textarea, not a password field: browsers offer to save what a password field held.
  const token = h('textarea', { id: 'token', rows: '3', autocomplete: 'off', required: true, spellcheck: 'false' });
  const form = h(
    'form',
    { id: 'token-sign-in' },
    h('label', { for: 'token' }, t('token')),
    token,
    h('button', { class: 'primary', type: 'submit' }, t('signInButton')),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const value = token.value.trim();
    try {
      const res = await fetch('/api/v1/me', { headers: { Authorization: `Bearer ${value}` } });
      if (!res.ok) return view.append(errorBox(new ApiError(res.status, await res.json().catch(() => ({})))));
      store.token = value;
      await signedIn();
    } catch (error) {
      // fetch refuses a header with characters outside Latin-1: a pasted token with stray text.
      view.append(errorBox(error));
    }
  });
  return form;
}

/** @param {AuthConfig} config @param {HTMLElement} view @param {() => Promise<void>} signedIn */
function demoRoles(config, view, signedIn) {
  const name = h('input', { id: 'demo-name', value: 'demo', autocomplete: 'off', required: true });
  const roles = h('div', { class: 'roles', role: 'group', 'aria-label': t('signInTitle') });
  /** @param {string} role */
  const signIn = async (role) => {
    const res = await fetch('/auth/demo-sign-in', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ role, name: `${name.value.trim() || 'demo'} ${role}` }),
    });
    const body = await res.json();
    if (!res.ok) return view.append(errorBox(new ApiError(res.status, body)));
    store.token = /** @type {{ token: string }} */ (body).token;
    await signedIn();
  };
  for (const role of config.roles)
    roles.append(
      h(
        'button',
        { type: 'button', 'data-role': role, onclick: () => signIn(role) },
        h('strong', {}, role),
        h('span', { class: 'muted' }, t('roleText')[role]),
      ),
    );
  return [h('p', {}, t('signInDemo')), h('label', { for: 'demo-name' }, t('name')), name, roles];
}

/**
 * The sign-in page; `signedIn` runs once a token is kept.
 * @param {AuthConfig} config
 * @param {() => Promise<void>} signedIn
 * @param {string | null} [message] why the user is asked to sign in (again)
 */
export function signInView(config, signedIn, message) {
  const view = h('section', { 'aria-labelledby': 'sign-in-title' }, h('h1', { id: 'sign-in-title' }, t('signInTitle')));
  if (message) view.append(h('p', { class: 'notice', role: 'status' }, message));
  if (config.mode === 'oidc') view.append(oidcButton(config, view));
  else if (!config.demoSignIn) view.append(h('p', {}, t('signInToken')), tokenForm(view, signedIn));
  else view.append(...demoRoles(config, view, signedIn));
  return view;
}
