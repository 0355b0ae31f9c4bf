// @ts-check
/**
 * One model's card: what it is for, its figures on the test year (three ways), its
 * curves and shape functions, fairness, the promotion gate and history; for the
 * beheerder, the form that activates it.
 */
import { describe, loadCatalogue } from '../api/catalogue.js';
import { api } from '../api/client.js';
import { lineChart } from '../charts/line.js';
import { pairChart } from '../charts/pair.js';
import { shapeChart } from '../charts/shape.js';
import { t } from '../i18n/texts.js';
import { h } from '../lib/dom.js';
import { fmt } from '../lib/format.js';
import { can } from '../session/session.js';
import { store } from '../session/store.js';
import { fairnessTables, fprBounds } from './fairness.js';
import { activateForm, activationMessage, history } from './model-history.js';
import { threeWaysView } from './three-ways.js';

/** @import { CardModel, Evaluation, ModelDetail, PairShape, Shape } from '../types/models.js' */

/**
 * A figure of the test year: its name, its value, and in one line what it means.
 * @param {string} name @param {string} value @param {string} help @param {Record<string, string>} [attrs]
 */
const metricRow = (name, value, help, attrs = {}) =>
  h('tr', attrs, h('th', {}, name), h('td', {}, value), h('td', { class: 'muted metric-help' }, help));

/** The random-sample interval of the precision at `k`, when the card holds one for that k. @param {CardModel} m @param {number} k */
function precisionInterval(m, k) {
  const e = m.randomSample?.k === k ? m.randomSample.precisionAtK : null;
  if (!e || e.estimate === null || e.low === null || e.high === null) return '';
  return ` · ${t('randomSampleShort')}: ${fmt(e.estimate, 3)} (${t('intervalOf')} ${fmt(e.low, 3)}–${fmt(e.high, 3)}; ${t('sampleOf')} ${fmt(e.sampleSize, 0)})`;
}

/** @param {CardModel} m */
function metricsTable(m) {
  const test = m.test,
    self = m.selfSelection,
    help = t('metricHelp');
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { id: 'metrics' },
      h(
        'tbody',
        {},
        metricRow(
          t('testYear'),
          `${test.year} (${fmt(test.rows, 0)} ${t('addresses').toLowerCase()}, ${fmt(test.positives, 0)} +)`,
          help.testYear,
        ),
        metricRow('AP', apText(test), help.ap, { 'data-metric': 'ap' }),
        metricRow('ROC-AUC', fmt(test.rocAuc, 3), help.rocAuc),
        // Labels that follow where a list pointed (reason risk_model), and the AP without them; absent for older models.
        self
          ? metricRow(
              t('listPrompted'),
              `${fmt(self.controlled, 0)} (${fmt(self.finds, 0)} +) · ${t('apWithout')}: ${self.averagePrecisionWithout === null ? '–' : fmt(self.averagePrecisionWithout, 4)}`,
              help.selfSelection,
              { 'data-metric': 'self-selection' },
            )
          : [],
        test.atK.map((k) =>
          metricRow(
            `precision@${k.k} / lift@${k.k}`,
            `${fmt(k.precision, 3)} / ${fmt(k.lift, 1)}${precisionInterval(m, k.k)}`,
            help.precisionLift(k.k),
            { 'data-metric': `at-${k.k}` },
          ),
        ),
        metricRow('Brier', fmt(test.brier, 5), help.brier, { 'data-metric': 'brier' }),
        metricRow('ECE', fmt(test.calibrationError, 5), help.ece, { 'data-metric': 'ece' }),
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

/**
 * The AP with its bootstrap interval and the finds it rests on: one year of ~100 finds
 * moves the AP a lot, and the reader should see how much.
 * @param {Evaluation} test
 */
function apText(test) {
  const interval = test.averagePrecisionInterval;
  const range = interval ? ` (${t('apInterval')(fmt(interval.level * 100, 0), fmt(interval.low, 4, 4), fmt(interval.high, 4, 4))})` : '';
  return `${fmt(test.averagePrecision, 4, 4)}${range} — ${t('restsOn')(test.positives, fmt(test.positives, 0))}`;
}

/** @param {PairShape[]} pairs */
const pairFigures = (pairs) =>
  h(
    'div',
    { class: 'shapes', id: 'pairs' },
    pairs.map((p) =>
      h(
        'figure',
        { 'data-pair': p.features.join(' ') },
        h('figcaption', {}, h('span', { class: 'feature-label' }, p.features.map(describe).join(' × '))),
        pairChart(p),
      ),
    ),
  );

/** @param {Shape[]} shapes */
const shapeFigures = (shapes) =>
  h(
    'div',
    { class: 'shapes', id: 'shapes' },
    shapes.map((sh) =>
      h(
        'figure',
        { 'data-feature': sh.feature },
        h(
          'figcaption',
          {},
          h('span', { class: 'feature-label' }, describe(sh.feature)),
          ' ',
          h('code', { class: 'muted' }, sh.feature),
          sh.monotone ? h('span', { class: 'muted', 'data-monotone': sh.monotone }, ` · ${t('monotone')[sh.monotone]}`) : '',
        ),
        shapeChart(sh),
      ),
    ),
  );

/**
 * The gate's reasons as the service words them in the page's language; one only its
 * English stored at training says is shown so, marked as the original English.
 * @param {ModelDetail['gateReasons']} reasons
 */
const gateReasons = (reasons) =>
  h(
    'ul',
    { id: 'gate-reasons' },
    reasons.map((r) =>
      r.lang === store.lang
        ? h('li', {}, r.text)
        : h(
            'li',
            {},
            h('span', { lang: r.lang }, r.text),
            ' ',
            h('small', { class: 'muted', 'data-original': r.lang }, `(${t('originalEnglish')})`),
          ),
    ),
  );

/** The Algoritmeregister texts of the card, in the language the page asked for. @param {ModelDetail['card']['algoritmeregister']} a */
const registerFields = (a) =>
  h(
    'details',
    { id: 'algoritmeregister' },
    h('summary', {}, t('algoritmeregister')),
    h(
      'dl',
      {},
      /** @type {const} */ ([
        'goalAndImpact',
        'humanIntervention',
        'riskManagement',
        'legalBasis',
        'technicalWorking',
        'learnsOverTime',
      ]).map((key) => [h('dt', {}, t('cardFields')[key]), h('dd', { 'data-field': key }, a[key])]),
      h('dt', {}, t('cardFields').dataSources),
      h('dd', { 'data-field': 'dataSources' }, a.dataSources.join(', ')),
    ),
  );

/** @param {string} version */
export async function modelView(version) {
  const [answer] = await Promise.all([api(`/models/${version}`), loadCatalogue()]);
  const { card, gateReasons: reasons, shapes, pairs, fairnessBounds } = /** @type {ModelDetail} */ (answer);
  const m = card.model,
    a = card.algoritmeregister;
  const status = h('span', { class: 'status', 'data-status': m.status }, t('modelStatuses')[m.status] ?? m.status);
  const view = h('section', {}, h('h1', {}, `${t('model')} ${m.version} · ${m.family} · `, status), activationMessage(m.version));
  if (can('models:activate') && m.status !== 'active') view.append(activateForm(m));
  view.append(h('p', { id: 'short-description' }, a.shortDescription), h('p', { class: 'muted' }, a.humanIntervention), registerFields(a));
  view.append(h('h2', {}, t('metrics')), metricsTable(m), threeWaysView(m), curves(m.test));
  if (shapes) {
    view.append(h('h2', {}, t('shapes')));
    if (shapes.some((sh) => sh.spread)) view.append(h('p', { class: 'muted', id: 'shape-band' }, t('shapeBand')));
    view.append(shapeFigures(shapes));
  }
  if (pairs?.length) view.append(h('h2', {}, t('pairTerms')), h('p', { class: 'muted' }, t('pairTermsNote')), pairFigures(pairs));
  view.append(h('h2', {}, t('fairness')), fairnessTables(m.fairness, fprBounds(m.fairness, fairnessBounds)));
  view.append(h('h2', {}, t('gate')), gateReasons(reasons));
  view.append(h('h2', {}, t('events')), history(m));
  return view;
}
