// @ts-check
/**
 * Random samples: the ones drawn and what became of their members; the beheerder also
 * draws one here (size or the default share, optional seed, per district, reason).
 */
import { api } from '../api/client.js';
import { errorBox } from '../api/errors.js';
import { t } from '../i18n/texts.js';
import { h } from '../lib/dom.js';
import { fmt, pct, when } from '../lib/format.js';
import { can } from '../session/session.js';

/** @import { Sample, SampleDefaults, SampleOverview } from '../types/admin.js' */

/** The counts shown per sample, in column order. */
const COUNTS = /** @type {const} */ (['approved', 'rejected', 'pending', 'unanswered', 'controlled', 'found', 'noAccess']);

/** The chance of an address to be drawn: one for a uniform draw, one per district otherwise. @param {Sample} sample */
const chance = (sample) =>
  sample.design === 'uniform'
    ? pct(sample.probability, 3)
    : h(
        'details',
        {},
        h('summary', {}, `${sample.strata.length} ${t('districts')}`),
        h(
          'ul',
          {},
          sample.strata.map((st) => h('li', {}, `${st.district}: ${fmt(st.n, 0)}/${fmt(st.frameSize, 0)} (${pct(st.probability, 2)})`)),
        ),
      );

/** @param {Sample} sample */
const sampleRow = (sample) =>
  h(
    'tr',
    { 'data-sample': sample.id },
    h('td', { class: 'num' }, sample.id),
    h('td', {}, when(sample.drawnAt), h('div', { class: 'muted' }, sample.drawnBy), h('div', { class: 'muted' }, sample.reason)),
    h('td', {}, t('designs')[sample.design], h('div', { class: 'muted' }, `${t('seed')} ${sample.seed}`)),
    h('td', { class: 'num' }, fmt(sample.frameSize, 0)),
    h('td', { class: 'num' }, fmt(sample.n, 0)),
    h('td', {}, chance(sample)),
    COUNTS.map((k) => h('td', { class: 'num', 'data-count': k }, fmt(sample.counts[k], 0))),
  );

/** @param {Sample[]} items */
function sampleTable(items) {
  if (!items.length) return h('p', {}, t('noItems'));
  const head = h(
    'thead',
    {},
    h(
      'tr',
      {},
      h('th', { class: 'num' }, '#'),
      h('th', {}, t('drawnAt')),
      h('th', {}, t('design')),
      h('th', { class: 'num' }, t('frame')),
      h('th', { class: 'num' }, 'n'),
      h('th', {}, t('chance')),
      COUNTS.map((k) => h('th', { class: 'num' }, t('counts')[k])),
    ),
  );
  return h('div', { class: 'table-wrap' }, h('table', { id: 'samples' }, head, h('tbody', {}, items.map(sampleRow))));
}

/**
 * The beheerder's form; after a draw the table is shown afresh through `drawn`.
 * @param {SampleDefaults} d
 * @param {(items: Sample[]) => void} drawn
 */
function drawForm(d, drawn) {
  const n = h('input', { id: 'sample-n', type: 'number', min: 1, max: 10000, step: 1, placeholder: d.n });
  const seed = h('input', { id: 'sample-seed', type: 'number', min: 0, max: 4294967295, step: 1 });
  const stratify = h('input', { id: 'sample-stratify', type: 'checkbox' });
  const reason = h('textarea', { id: 'sample-reason', required: true, minlength: 10, maxlength: 2000 });
  const out = h('p', { role: 'status' });
  /** @param {Event} e */
  const submit = async (e) => {
    e.preventDefault();
    /** @type {{ reason: string, n?: number, seed?: number, stratifyBy?: string }} */
    const body = { reason: reason.value };
    if (n.value.trim()) body.n = Number(n.value);
    if (seed.value.trim()) body.seed = Number(seed.value);
    if (stratify.checked) body.stratifyBy = 'district';
    try {
      const sample = /** @type {Sample} */ (await api('/samples', { method: 'POST', body }));
      out.replaceChildren(
        h(
          'span',
          { class: 'ok' },
          `${t('sampleDrawn')} ${sample.id} (n = ${fmt(sample.n, 0)}, ${t('seed').toLowerCase()} ${sample.seed}).`,
        ),
      );
      drawn(/** @type {SampleOverview} */ (await api('/samples')).items);
    } catch (err) {
      out.replaceChildren(errorBox(err));
    }
  };
  return h(
    'form',
    { id: 'sample-form', onsubmit: submit },
    h('label', { for: 'sample-n' }, t('sampleSize')),
    n,
    h(
      'p',
      { class: 'muted', id: 'sample-default' },
      `${t('sampleDefault')}: ${fmt(d.n, 0)} = ${fmt(d.share, 3)} × ${fmt(d.approvedControls, 0)} ${t('approvedLastYear')}`,
    ),
    h('label', { for: 'sample-seed' }, t('sampleSeed')),
    seed,
    h('label', { class: 'check' }, stratify, t('sampleStratify')),
    h('label', { for: 'sample-reason' }, t('sampleReason')),
    reason,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, t('drawSample'))),
    out,
  );
}

/** @returns {Promise<HTMLElement>} */
export async function samplesView() {
  const overview = /** @type {SampleOverview} */ (await api('/samples'));
  const view = h('section', {}, h('h1', {}, t('samples')), h('p', { class: 'muted' }, t('sampleHelp')));
  let table = sampleTable(overview.items);
  /** @param {Sample[]} items */
  const drawn = (items) => {
    const fresh = sampleTable(items);
    table.replaceWith(fresh);
    table = fresh;
  };
  if (can('samples:draw')) view.append(h('h2', {}, t('drawSample')), drawForm(overview.defaults, drawn));
  view.append(h('h2', {}, t('samples')), table);
  return view;
}
