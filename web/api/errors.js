// @ts-check
/**
 * An error said in the page's words, chosen by the API's code (and reason), never by its
 * English message; that message and the request id stay at hand, folded away, for
 * whoever supports the user.
 */
import { t } from '../i18n/texts.js';
import { h } from '../lib/dom.js';
import { day, when } from '../lib/format.js';
import { store } from '../session/store.js';
import { ApiError } from './client.js';

/** The page's own words for an error. @param {unknown} error @returns {string} */
export function errorText(error) {
  if (!(error instanceof ApiError)) return t('unsent');
  const e = error.body?.error ?? {};
  const field = (e.field !== undefined ? t('fields')[e.field] : undefined) ?? e.field ?? '';
  const dated = e.reason !== undefined ? t('dateReasons')[e.reason] : undefined;
  if (e.code === 'invalid_request' && dated) return dated(field, day(e.bound));
  const token = e.reason !== undefined ? t('tokenReasons')[e.reason] : undefined;
  if (e.code === 'unauthenticated' && token) return `${t('errors').unauthenticated} (${token})`;
  if (e.code === 'model_disabled' && typeof e.since === 'string') return t('modelDisabledSince')(when(e.since));
  const text = e.code !== undefined ? t('errors')[e.code] : undefined;
  if (text === undefined) return t('errorUnknown')(e.code ?? error.status);
  return typeof text === 'function' ? text(field) : text;
}

/** An error box: the page's words, then the technical message folded away. @param {unknown} error */
export function errorBox(error) {
  const code = error instanceof ApiError ? (error.body?.error?.code ?? String(error.status)) : 'unsent';
  const message = error instanceof Error ? error.message : String(error);
  const technical = [message, error instanceof ApiError && error.body?.requestId ? `(${error.body.requestId})` : '']
    .filter(Boolean)
    .join(' ');
  return h(
    'div',
    { class: 'bad', role: 'alert', 'data-error-code': code },
    h('p', { class: 'error-text' }, errorText(error)),
    h('details', { lang: 'en' }, h('summary', { lang: store.lang }, t('technical')), h('code', {}, technical)),
  );
}
