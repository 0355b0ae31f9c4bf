// @ts-check
/**
 * The interventieteam's controls: the approved ones by priority, each with the form for
 * its next step; the finished ones with their outcome, its history and a correction;
 * and the export of the open controls as CSV.
 */
import { api, download } from '../api/client.js';
import { t } from '../i18n/texts.js';
import { h } from '../lib/dom.js';
import { addressText, day, fmt } from '../lib/format.js';
import { decisionBasis, signalNotice } from './basis.js';
import { correctionForm, outcomeForm, outcomeHistory, planForm } from './control-forms.js';

/** @import { Control, ControlList } from '../types/workflow.js' */

/** Saves the open controls as the file the service names; `csv-excel` is the `;` form Excel opens. @param {'csv' | 'csv-excel'} format */
async function exportControls(format) {
  const res = await download(`/controls?format=${format}`);
  const blob = await res.blob();
  const name = /filename="?([^";]+)/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? 'controles.csv';
  const href = URL.createObjectURL(blob);
  const a = h('a', { href, download: format === 'csv-excel' ? name.replace('.csv', '-excel.csv') : name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
}

/** @param {ControlList} list */
function openControls(list) {
  const rows = list.items.map((c) => {
    const out = h('div', { role: 'status' });
    return h(
      'tr',
      { 'data-control': c.id },
      h('td', { class: 'num' }, fmt(c.priority, 0)),
      h(
        'td',
        {},
        addressText(c.address),
        h(
          'div',
          { class: 'muted' },
          `#${c.id} · ${t('statuses')[c.status]}${c.plannedFor ? ` · ${t('plannedFor')} ${day(c.plannedFor)}` : ''}`,
        ),
        decisionBasis({ legalBasis: c.legalBasis }),
      ),
      h(
        'td',
        { class: 'hide-narrow' },
        h(
          'ul',
          { class: 'reasons' },
          c.reasons.map((r) => h('li', {}, r)),
        ),
      ),
      h('td', {}, c.status === 'approved' ? planForm(c, list.dates, out) : outcomeForm(c, list.dates, out)),
    );
  });
  if (!rows.length) return h('p', {}, t('noItems'));
  const head = h(
    'thead',
    {},
    h(
      'tr',
      {},
      h('th', { class: 'num' }, t('priority')),
      h('th', {}, t('address')),
      h('th', { class: 'hide-narrow' }, t('reasons')),
      h('th', {}, t('status')),
    ),
  );
  return h('div', { class: 'table-wrap' }, h('table', { id: 'controls' }, head, h('tbody', {}, rows)));
}

/** @param {Control[]} items */
function finishedControls(items) {
  const rows = items.map((c) => {
    const out = h('div', { role: 'status' });
    return h(
      'tr',
      { 'data-control': c.id, 'data-outcome': c.outcome },
      h('td', {}, addressText(c.address), h('div', { class: 'muted' }, `#${c.id}`)),
      h('td', {}, day(c.inspectedOn)),
      h('td', {}, h('strong', { class: 'outcome' }, t('outcomes')[String(c.outcome)]), outcomeHistory(c)),
      h('td', {}, correctionForm(c, out)),
    );
  });
  if (!rows.length) return h('p', { id: 'no-finished' }, t('noFinished'));
  const head = h(
    'thead',
    {},
    h(
      'tr',
      {},
      [t('address'), t('inspectedOn'), t('outcome'), t('correction')].map((x) => h('th', {}, x)),
    ),
  );
  return h('div', { class: 'table-wrap' }, h('table', { id: 'finished-controls' }, head, h('tbody', {}, rows)));
}

/** @returns {Promise<HTMLElement>} */
export async function controlsView() {
  const [open, finished] = /** @type {[ControlList, ControlList]} */ (
    await Promise.all([api('/controls'), api('/controls?status=finished')])
  );
  return h(
    'section',
    {},
    h('h1', {}, t('approvedControls')),
    signalNotice(),
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'button', id: 'export-csv', onclick: () => exportControls('csv') }, t('exportCsv')),
      h('button', { type: 'button', id: 'export-excel', onclick: () => exportControls('csv-excel') }, t('exportExcel')),
    ),
    openControls(open),
    h('h2', {}, t('finishedControls')),
    finishedControls(finished.items),
  );
}
