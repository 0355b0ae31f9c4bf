// @ts-check
/**
 * One model's card: what it is for, its figures on the test year (three ways), its
 * curves and shape functions, fairness, the promotion gate and history; for the
 * beheerder, the form that activates it.
 */
import { loadCatalogue } from '../api/catalogue.js';
import { api } from '../api/client.js';
import { errorBox } from '../api/errors.js';
import { lineChart } from '../charts/line.js';
import { shapeChart } from '../charts/shape.js';
import { t } from '../i18n/texts.js';
import { h } from '../lib/dom.js';
import { fmt, when } from '../lib/format.js';
import { refresh } from '../navigation.js';
import { can } from '../session/session.js';
import { fairnessTables, fprBounds } from './fairness.js';
import { threeWaysView } from './three-ways.js';

/** @import { CardModel, Evaluation, ModelDetail, Shape } from '../types/models.js' */

/** @param {CardModel} m */
function metricsTable(m) {
  const test = m.test,
    self = m.selfSelection;
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { id: 'metrics' },
      h(
        'tbody',
        {},
        h(
          'tr',
          {},
          h('th', {}, t('testYear')),
          h('td', {}, `${test.year} (${fmt(test.rows, 0)} ${t('addresses').toLowerCase()}, ${fmt(test.positives, 0)} +)`),
        ),
        h('tr', {}, h('th', {}, 'AP'), h('td', {}, fmt(test.averagePrecision, 4))),
        h('tr', {}, h('th', {}, 'ROC-AUC'), h('td', {}, fmt(test.rocAuc, 3))),
        // Labels that follow where a list pointed (reason risk_model), and the AP without them; absent for older models.
        self
          ? h(
              'tr',
              { 'data-metric': 'self-selection' },
              h('th', {}, t('listPrompted')),
              h(
                'td',
                {},
                `${fmt(self.controlled, 0)} (${fmt(self.finds, 0)} +) · ${t('apWithout')}: ${self.averagePrecisionWithout === null ? '–' : fmt(self.averagePrecisionWithout, 4)}`,
              ),
            )
          : [],
        test.atK.map((k) =>
          h('tr', {}, h('th', {}, `precision@${k.k} / lift@${k.k}`), h('td', {}, `${fmt(k.precision, 3)} / ${fmt(k.lift, 1)}`)),
        ),
        h('tr', {}, h('th', {}, 'Brier'), h('td', {}, fmt(test.brier, 5))),
        h('tr', {}, h('th', {}, 'ECE'), h('td', {}, fmt(test.calibrationError, 5))),
      ),
    ),
  );
}

/** The precision-recall and calibration curves of the test year. @param {Evaluation} test */
function curves(test) {
  const charts = h('div', { class: 'charts' });
  const pr = test.prCurve ?? [];
  if (pr[0]) {
    const points = [{ x: 0, y: pr[0].precision }, ...pr.map((p) => ({ x: p.recall, y: p.precision }))];
    charts.append(
      h(
        'figure',
        { id: 'pr-curve' },
        lineChart({
          points,
          xLabel: t('recall'),
          yLabel: t('precision'),
          xDomain: [0, 1],
          yDomain: [0, 1],
          step: true,
          label: t('prCurve'),
        }),
        h('figcaption', {}, t('prCurve')),
      ),
    );
  }
  const rel = (test.reliability ?? []).filter((b) => b.count > 0);
  if (rel.length) {
    const top = rel.reduce((m, b) => Math.max(m, b.meanPredicted, b.observedRate), 1e-3);
    const points = rel.map((b) => ({ x: b.meanPredicted, y: b.observedRate }));
    charts.append(
      h(
        'figure',
        { id: 'calibration-curve' },
        lineChart({
          points,
          xLabel: t('predicted'),
          yLabel: t('observed'),
          xDomain: [0, top],
          yDomain: [0, top],
          diagonal: true,
          dots: true,
          label: t('calibration'),
        }),
        h('figcaption', {}, t('calibration')),
      ),
    );
  }
  return charts;
}

/** @param {Shape[]} shapes */
const shapeFigures = (shapes) =>
  h(
    'div',
    { class: 'shapes', id: 'shapes' },
    shapes.map((sh) => h('figure', {}, shapeChart(sh), h('figcaption', {}, sh.feature))),
  );

/** @param {CardModel} m */
const history = (m) =>
  h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      {},
      h(
        'tbody',
        {},
        (m.events ?? []).map((e) =>
          h('tr', {}, h('td', {}, when(e.at)), h('td', {}, e.event), h('td', {}, e.actor), h('td', {}, e.justification ?? '')),
        ),
      ),
    ),
  );

/** @param {number} version */
function activateForm(version) {
  const justification = h('textarea', { id: 'justification', required: true, minlength: 20 });
  const out = h('p', { role: 'status' });
  /** @param {Event} e */
  const submit = async (e) => {
    e.preventDefault();
    try {
      await api(`/models/${version}/activate`, { method: 'POST', body: { justification: justification.value } });
      void refresh();
    } catch (err) {
      out.replaceChildren(errorBox(err));
    }
  };
  return h(
    'form',
    { id: 'activate-form', onsubmit: submit },
    h('label', { for: 'justification' }, t('justification')),
    justification,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, t('activate'))),
    out,
  );
}

/** @param {string} version */
export async function modelView(version) {
  const [answer] = await Promise.all([api(`/models/${version}`), loadCatalogue()]);
  const { card, shapes, fairnessBounds } = /** @type {ModelDetail} */ (answer);
  const m = card.model,
    a = card.algoritmeregister;
  const view = h('section', {}, h('h1', {}, `${t('model')} ${m.version} · ${m.family} · `, h('span', { class: 'status' }, m.status)));
  // The card's own texts are in English: marked so, for screen readers and for whoever reads the page in Dutch.
  view.append(h('p', { lang: 'en' }, a.shortDescription), h('p', { class: 'muted', lang: 'en' }, a.humanIntervention));
  view.append(h('h2', {}, t('metrics')), metricsTable(m), threeWaysView(m), curves(m.test));
  if (shapes) view.append(h('h2', {}, t('shapes')), shapeFigures(shapes));
  view.append(h('h2', {}, t('fairness')), fairnessTables(m.fairness, fprBounds(m.fairness, fairnessBounds)));
  view.append(
    h('h2', {}, t('gate')),
    h(
      'ul',
      { id: 'gate-reasons', lang: 'en' },
      (m.gate?.reasons ?? []).map((r) => h('li', {}, r)),
    ),
  );
  view.append(h('h2', {}, t('events')), history(m));
  if (can('models:activate') && m.status !== 'active') view.append(h('h2', {}, t('activate')), activateForm(m.version));
  return view;
}
