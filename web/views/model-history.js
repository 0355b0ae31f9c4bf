// @ts-check
/**
 * A model's history and its activation by the beheerder: event names in the page's
 * words, an activation of a model that was active before (or passed its gate) named a
 * re-activation rather than an override of its gate, and the
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

/**
 * Whether activating the model brings it back: it was active before (promoted by its
 * gate or activated by hand), or it passed its gate.
 * @param {ModelEvent[]} events @param {CardModel} m
 */
const comesBack = (events, m) => m.gate?.passed === true || events.some((e) => MADE_ACTIVE.has(e.event));

/**
 * The event's name in the page's words: a hand activation (stored as `override`) after
 * the model had been active is a re-activation, not an override of its gate.
 * @param {ModelEvent} e
 * @param {ModelEvent[]} earlier
 * @param {CardModel} m
 */
function eventName(e, earlier, m) {
  const key = e.event === 'override' && comesBack(earlier, m) ? 'reactivated' : e.event;
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
            h('td', {}, eventName(e, events.slice(0, i), m)),
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
  const again = comesBack(m.events ?? [], m);
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
