// @ts-check
/**
 * A model's history and its activation by the beheerder: event names in the page's
 * words, an activation of a model that was active before named a re-activation, and the
 * message that says an activation went through.
 */
import { api } from '../api/client.js';
import { errorBox } from '../api/errors.js';
import { t } from '../i18n/texts.js';
import { h } from '../lib/dom.js';
import { when } from '../lib/format.js';
import { refresh } from '../navigation.js';

/** @import { CardModel, ModelEvent } from '../types/models.js' */

/** Events that made a model active: after one of them, a hand activation brings it back. */
const MADE_ACTIVE = new Set(['promoted', 'override']);

/** Whether the model was active before (promoted by its gate or activated by hand). @param {ModelEvent[]} events */
export const wasActiveBefore = (events) => events.some((e) => MADE_ACTIVE.has(e.event));

/**
 * The event's name in the page's words: a hand activation (stored as `override`) after
 * the model had been active is a re-activation, not an override of its gate.
 * @param {ModelEvent} e
 * @param {ModelEvent[]} earlier
 */
function eventName(e, earlier) {
  const key = e.event === 'override' && wasActiveBefore(earlier) ? 'reactivated' : e.event;
  return t('modelEvents')[key] ?? e.event;
}

/** @param {CardModel} m */
export function history(m) {
  const events = m.events ?? [];
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { id: 'events' },
      h(
        'tbody',
        {},
        events.map((e, i) =>
          h(
            'tr',
            { 'data-event': e.event },
            h('td', {}, when(e.at)),
            h('td', {}, eventName(e, events.slice(0, i))),
            h('td', {}, e.actor),
            h('td', {}, e.justification ?? ''),
          ),
        ),
      ),
    ),
  );
}

/** The version just activated on this page, for the message after the card is shown afresh. */
let activated = /** @type {number | null} */ (null);

/** The message that the activation of `version` went through, once, right after it. @param {number} version */
export function activationMessage(version) {
  if (activated !== version) return null;
  activated = null;
  return h('p', { class: 'notice success', role: 'status', id: 'activated' }, t('activated')(version));
}

/** @param {CardModel} m */
export function activateForm(m) {
  const again = wasActiveBefore(m.events ?? []);
  const justification = h('textarea', { id: 'justification', required: true, minlength: 20 });
  const out = h('p', { role: 'status' });
  /** @param {Event} e */
  const submit = async (e) => {
    e.preventDefault();
    try {
      await api(`/models/${m.version}/activate`, { method: 'POST', body: { justification: justification.value } });
      activated = m.version;
      void refresh();
    } catch (err) {
      out.replaceChildren(errorBox(err));
    }
  };
  const label = again ? t('reactivate') : t('activate');
  return h(
    'form',
    { id: 'activate-form', onsubmit: submit, 'data-again': again ? 'true' : null },
    h('h2', {}, label),
    h('p', { class: 'muted' }, again ? t('reactivateHelp') : t('activateHelp')),
    h('label', { for: 'justification' }, t('justification')),
    justification,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, label)),
    out,
  );
}
