// @ts-check
/**
 * The test year three ways: over all labels, without the addresses a risk list sent
 * controls to, and on the random controls alone; then the live check. Labels that
 * follow the list flatter it; the random controls do not.
 */
import { t } from '../i18n/texts.js';
import { h } from '../lib/dom.js';
import { fmt, pct } from '../lib/format.js';
import { liveCheckParagraph } from './live-check.js';

/** @import { CardModel, RandomSampleFigures, SampleEstimate } from '../types/models.js' */

/** An estimate from the random controls: value, interval and sample, or why there is none. @param {SampleEstimate | null | undefined} e */
function estimateText(e) {
  if (!e || e.estimate === null) return t('noEstimate');
  return `${pct(e.estimate, 3)} (${t('intervalOf')} ${pct(e.low, 3)}–${pct(e.high, 3)}; ${t('sampleOf')} ${fmt(e.sampleSize, 0)}, ${fmt(e.finds, 0)} ${t('findsOf')})`;
}

/** The rows of the random controls alone. @param {RandomSampleFigures} r */
const randomRows = (r) => [
  h(
    'tr',
    { 'data-labels': 'random-rate' },
    h('th', {}, `${t('randomOnly')}: ${t('findRate')}`),
    h('td', { class: 'num' }, fmt(r.findRate.sampleSize, 0)),
    h('td', {}, estimateText(r.findRate)),
  ),
  h(
    'tr',
    { 'data-labels': 'random-precision' },
    h('th', {}, `${t('randomOnly')}: precision@${r.k}`),
    h('td', { class: 'num' }, fmt(r.precisionAtK.sampleSize, 0)),
    h('td', {}, estimateText(r.precisionAtK)),
  ),
  h(
    'tr',
    { 'data-labels': 'random-recall' },
    h('th', {}, `${t('randomOnly')}: recall@${r.k}`),
    h('td', { class: 'num' }, fmt(r.recallAtK.sampleSize, 0)),
    h('td', {}, estimateText(r.recallAtK)),
  ),
];

/** @param {CardModel} m */
export function threeWaysView(m) {
  const test = m.test,
    r = m.randomSample,
    k = r?.k ?? 100;
  const atK = test.atK.find((a) => a.k === k);
  const self = m.selfSelection;
  const rows = [
    h(
      'tr',
      { 'data-labels': 'all' },
      h('th', {}, t('allLabels')),
      h('td', { class: 'num' }, `${fmt(test.rows, 0)} / ${fmt(test.positives, 0)} +`),
      h('td', {}, `AP ${fmt(test.averagePrecision, 4)}${atK ? ` · precision@${k} ${fmt(atK.precision, 3)}` : ''}`),
    ),
    self
      ? h(
          'tr',
          { 'data-labels': 'without-list' },
          h('th', {}, t('withoutList')),
          h('td', { class: 'num' }, fmt(test.rows - self.controlled, 0)),
          h('td', {}, `AP ${self.averagePrecisionWithout === null ? t('none') : fmt(self.averagePrecisionWithout, 4)}`),
        )
      : null,
    r ? randomRows(r) : null,
  ];
  const head = h(
    'thead',
    {},
    h(
      'tr',
      {},
      [t('labelsUsed'), t('size'), t('figures')].map((x) => h('th', {}, x)),
    ),
  );
  const wrap = h(
    'div',
    { id: 'three-ways' },
    h('h2', {}, t('threeWays')),
    h('div', { class: 'table-wrap' }, h('table', {}, head, h('tbody', {}, rows))),
  );
  if (r && r.findRate.sampleSize < 100) wrap.append(h('p', { class: 'muted' }, t('wideIntervals')));
  if (r && r.findRate.assumedUniform > 0)
    wrap.append(h('p', { class: 'muted' }, `${fmt(r.findRate.assumedUniform, 0)} ${t('uniformAssumed')}`));
  if (m.liveCheck) wrap.append(h('h3', {}, t('liveCheck')), liveCheckParagraph(m.liveCheck));
  return wrap;
}
