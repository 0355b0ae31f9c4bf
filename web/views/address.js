// @ts-check
/**
 * One address for the analist: its probability, rank and score, the explanation as a
 * chart and as a table whose contributions add up to the score, and a form to propose
 * the address to the RIEC.
 */
import { loadCatalogue, describe } from '../api/catalogue.js';
import { api } from '../api/client.js';
import { errorBox } from '../api/errors.js';
import { contributionChart } from '../charts/contribution.js';
import { t } from '../i18n/texts.js';
import { h } from '../lib/dom.js';
import { addressText, day, fmt, pct, signedFmt } from '../lib/format.js';
import { can } from '../session/session.js';
import { dossierSection } from './dossier.js';
import { baseRateSentence, oddsSentence } from './odds.js';

/** @import { AddressRisk } from '../types/risk.js' */
/** @import { Signal } from '../types/workflow.js' */

/** @param {AddressRisk} r */
const cards = (r) =>
  h(
    'div',
    { class: 'cards' },
    h(
      'div',
      { class: 'card', id: 'chance' },
      h('div', { class: 'muted' }, t('probability')),
      h('div', { class: 'big', id: 'probability' }, pct(r.probability)),
      h('div', { id: 'probability-meaning' }, t('probabilityMeaning')),
      h('p', { id: 'odds' }, oddsSentence(r.probability, r.baseRate)),
      h('div', { class: 'muted', id: 'base-rate' }, baseRateSentence(r.baseRate)),
    ),
    h(
      'div',
      { class: 'card' },
      h('div', { class: 'muted' }, t('rank')),
      h('div', { class: 'big' }, `${fmt(r.rank, 0)} / ${fmt(r.riskList.addresses, 0)}`),
      h('div', { class: 'muted' }, `${t('percentile')} ${fmt(r.percentile, 1)}`),
      h(
        'div',
        { class: 'muted' },
        `${t('model')} ${r.model.version} (${r.model.family}) · ${t('referenceDate')} ${day(r.riskList.referenceDate)}`,
      ),
      // The logit is for who checks the sum below, not the number to weigh: folded away, and small.
      h(
        'details',
        { id: 'logit' },
        h('summary', {}, t('logitDetails')),
        h('p', {}, `${t('score')}: ${fmt(r.score, 3, 3)}`),
        h('p', { class: 'muted' }, t('logitHelp')),
      ),
    ),
  );

/** @param {AddressRisk} r */
function contributionTable(r) {
  const e = r.explanation;
  const total = e.intercept + e.contributions.reduce((a, c) => a + c.contribution, 0);
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { id: 'contributions' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', {}, t('feature')),
          h('th', { class: 'num' }, t('contribution')),
          h('th', { class: 'num' }, t('value')),
          h('th', { class: 'num' }, t('median')),
          h('th', { class: 'hide-narrow' }, t('explanation')),
        ),
      ),
      // Value and median as the service words them: a state, "never", "unknown", or a number in this language.
      h(
        'tbody',
        {},
        e.contributions.map((c) =>
          h(
            'tr',
            { 'data-feature': c.feature, ...(c.pair ? { 'data-pair': c.pair.join(' ') } : {}) },
            h('td', {}, c.pair ? c.pair.map(describe).join(' × ') : describe(c.feature)),
            h('td', { class: 'num' }, signedFmt(c.contribution)),
            h('td', { class: 'num' }, c.valueText ?? fmt(c.value, 3)),
            h('td', { class: 'num' }, c.referenceText ?? fmt(c.reference, 3)),
            h('td', { class: 'hide-narrow' }, c.sentence),
          ),
        ),
      ),
      h(
        'tfoot',
        {},
        h('tr', {}, h('th', {}, t('intercept')), h('td', { class: 'num' }, fmt(e.intercept, 3, 3)), h('td', { colspan: 3 })),
        h(
          'tr',
          {},
          h('th', {}, t('sum')),
          h('td', { class: 'num' }, fmt(total, 3, 3)),
          h('td', { colspan: 3 }, `= ${t('score')} ${fmt(r.score, 3, 3)}`),
        ),
      ),
    ),
  );
}

/** @param {string} id */
function proposeForm(id) {
  const reason = h('textarea', { id: 'proposal-reason', required: true, minlength: 10, maxlength: 2000 });
  const out = h('p', { role: 'status' });
  /** @param {Event} ev */
  const submit = async (ev) => {
    ev.preventDefault();
    try {
      const signal = /** @type {Signal} */ (await api('/signals', { method: 'POST', body: { addressId: id, reason: reason.value } }));
      out.replaceChildren(h('span', { class: 'ok' }, `${t('proposed')} ${signal.id}.`));
    } catch (err) {
      out.replaceChildren(errorBox(err));
    }
  };
  return h(
    'form',
    { id: 'propose-form', class: 'no-print', onsubmit: submit },
    h('label', { for: 'proposal-reason' }, t('reason')),
    reason,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, t('proposeButton'))),
    out,
  );
}

/** @param {string} id the address id */
export async function addressView(id) {
  const [answer, dossier] = await Promise.all([api(`/addresses/${id}/risk`), dossierSection(id), loadCatalogue()]);
  const r = /** @type {AddressRisk} */ (answer);
  const print = h('button', { type: 'button', id: 'print', class: 'no-print', onclick: () => window.print() }, t('print'));
  const view = h(
    'section',
    { class: 'address-page' },
    h('div', { class: 'title-row' }, h('h1', {}, addressText(r.address)), print),
    h('p', { class: 'notice', role: 'note' }, r.notice),
  );
  // What the analist weighs first: the chance, what went before at this address, and the proposal; then the explanation in full.
  view.append(cards(r), dossier);
  if (can('signals:propose')) view.append(h('h2', { class: 'no-print' }, t('propose')), proposeForm(id));
  const legend = h(
    'span',
    { class: 'legend' },
    h('span', {}, h('span', { class: 'swatch raise' }), t('raises')),
    h('span', {}, h('span', { class: 'swatch lower' }), t('lowers')),
  );
  view.append(
    h('h2', {}, t('explanation')),
    h('figure', {}, contributionChart(r.explanation.contributions), h('figcaption', {}, t('chartCaption'), ' ', legend)),
  );
  view.append(contributionTable(r));
  return view;
}
