// @ts-check
/**
 * The page around the views: texts in the chosen language, the menu of the parts the
 * user may see, who is signed in, the purpose, the language and sign-out buttons.
 */
import { t, textOf } from './i18n/texts.js';
import { byId, h } from './lib/dom.js';
import { NAV } from './routes.js';
import { can, me, needsPurpose } from './session/session.js';
import { store } from './session/store.js';

/** Writes the page around the views afresh: after signing in or out, a change of language or purpose, and on every route. */
export function renderChrome() {
  const user = me();
  document.documentElement.lang = store.lang;
  for (const el of document.querySelectorAll('[data-t]')) if (el instanceof HTMLElement) el.textContent = textOf(el.dataset.t ?? '');
  const skip = document.querySelector('.skip');
  if (skip) skip.textContent = t('skip');
  const nav = byId('nav', HTMLElement);
  nav.setAttribute('aria-label', t('nav'));
  nav.replaceChildren(
    ...(user
      ? NAV.filter((n) => can(n.needs)).map((n) =>
          h('a', { href: n.hash, 'data-nav': n.key, 'aria-current': location.hash.startsWith(n.hash) ? 'page' : null }, t(n.key)),
        )
      : []),
  );
  byId('who', HTMLElement).textContent = user ? `${user.name} · ${user.roles.join(', ')}` : '';
  const purposeButton = byId('purpose-button', HTMLButtonElement);
  purposeButton.hidden = !(user && needsPurpose());
  purposeButton.textContent = `${t('purpose')}: ${store.purpose ?? t('none')} (${t('purposeChange')})`;
  const lang = byId('lang', HTMLButtonElement);
  lang.textContent = store.lang === 'nl' ? 'EN' : 'NL';
  lang.setAttribute('aria-label', t('switchLang'));
  const out = byId('sign-out', HTMLButtonElement);
  out.hidden = !user;
  out.textContent = t('signOut');
}
