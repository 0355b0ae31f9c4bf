// @ts-check
/** The model versions, and for the beheerder the form that switches the active model off. */
import { api } from '../api/client.js';
import { errorBox } from '../api/errors.js';
import { t } from '../i18n/texts.js';
import { h } from '../lib/dom.js';
import { fmt, when } from '../lib/format.js';
import { refresh } from '../navigation.js';
import { can } from '../session/session.js';

/** @import { ModelList, ModelSummary } from '../types/models.js' */

/** @param {ModelSummary} m */
const modelRow = (m) =>
  h(
    'tr',
    {},
    h('td', {}, h('a', { href: `#/models/${m.version}` }, m.version)),
    h('td', {}, m.family),
    h('td', {}, h('span', { class: 'status', 'data-status': m.status }, t('modelStatuses')[m.status] ?? m.status)),
    h('td', {}, m.testYear ?? t('none')),
    h('td', { class: 'num' }, fmt(m.averagePrecision, 4)),
    h('td', { class: 'num' }, fmt(m.precisionAt100, 2)),
    h('td', {}, m.backend),
    h('td', {}, when(m.createdAt)),
  );

function disableForm() {
  const reason = h('textarea', { id: 'disable-reason', required: true, minlength: 10 });
  const out = h('p', { role: 'status' });
  /** @param {Event} e */
  const submit = async (e) => {
    e.preventDefault();
    try {
      await api('/model/disable', { method: 'POST', body: { reason: reason.value } });
      void refresh();
    } catch (err) {
      out.replaceChildren(errorBox(err));
    }
  };
  return h(
    'form',
    { id: 'disable-form', onsubmit: submit },
    h('label', { for: 'disable-reason' }, t('disableReason')),
    reason,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'danger' }, t('disable'))),
    out,
  );
}

/** @returns {Promise<HTMLElement>} */
export async function modelsView() {
  const list = /** @type {ModelList} */ (await api('/models'));
  const view = h('section', {}, h('h1', {}, t('models')));
  const head = h(
    'thead',
    {},
    h(
      'tr',
      {},
      [t('version'), t('family'), t('status'), t('testYear'), t('ap'), t('p100'), t('backend'), t('created')].map((x) => h('th', {}, x)),
    ),
  );
  view.append(h('div', { class: 'table-wrap' }, h('table', { id: 'models' }, head, h('tbody', {}, list.items.map(modelRow)))));
  if (can('models:disable') && list.items.some((m) => m.status === 'active')) view.append(h('h2', {}, t('disable')), disableForm());
  return view;
}
