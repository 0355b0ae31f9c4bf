// @ts-check
/**
 * The model card's fairness tables: per audited attribute the selection and
 * false-positive rates by group, every false-positive-rate ratio outside the bounds in
 * red and said in words, calibration within each group, and the promotion gate — which
 * is never shown as passed when it applied no bound.
 */
import { t } from '../i18n/texts.js';
import { h } from '../lib/dom.js';
import { fmt, pct } from '../lib/format.js';

/** @import { Bounds, Fairness, FairnessAudit, GroupCalibration, Suppressed } from '../types/models.js' */

/** The false-positive-rate bounds the model was audited with (stored on its card), else the service's configured ones. @param {Fairness | undefined} fairness @param {Bounds | null | undefined} configured @returns {Bounds | null} */
export function fprBounds(fairness, configured) {
  const stored = (fairness?.bounds ?? []).find((b) => b.metric === 'falsePositiveRate');
  return stored ? { low: stored.low, high: stored.high } : (configured ?? null);
}

/** A false-positive-rate ratio, red and said in words when outside the bounds, whether or not the gate applied them. @param {number | null} ratio @param {Bounds | null} bounds */
function ratioCell(ratio, bounds) {
  const outside = bounds && ratio !== null && ratio !== undefined && (ratio < bounds.low || ratio > bounds.high);
  if (!outside) return h('td', { class: 'num' }, fmt(ratio, 2));
  return h(
    'td',
    { class: 'num outside', 'data-outside': 'true', title: t('outsideBounds')(fmt(bounds.low, 2), fmt(bounds.high, 2)) },
    fmt(ratio, 2),
    h('span', { class: 'flag' }, ` ${t('outside')}`),
  );
}

/** Beside each audit: which bounds colour it, and whether the gate applied them (the card: none without an attributes file). @param {FairnessAudit} audit @param {Fairness} fairness @param {Bounds | null} bounds */
function boundsNote(audit, fairness, bounds) {
  if (!bounds) return null;
  const applied = (fairness.gate?.findings ?? []).some((f) => f.attribute === audit.attribute);
  return h(
    'p',
    { class: 'muted bounds-note', 'data-gate-applied': String(applied) },
    t('boundsColour')(fmt(bounds.low, 2), fmt(bounds.high, 2)),
    ' ',
    applied ? t('boundsApplied') : t('boundsNotApplied'),
  );
}

/** @param {FairnessAudit} audit @param {Bounds | null} bounds */
function ratesTable(audit, bounds) {
  const head = h(
    'thead',
    {},
    h(
      'tr',
      {},
      [t('group'), t('addresses'), t('selected'), t('selectionRate'), t('fpr'), t('fprRatio')].map((x) => h('th', {}, x)),
    ),
  );
  const rows = audit.groups.map((g) =>
    'suppressed' in g
      ? h('tr', {}, h('td', {}, g.group), h('td', { colspan: 5 }, t('suppressed')))
      : h(
          'tr',
          { 'data-group': g.group },
          h('td', {}, g.group),
          h('td', { class: 'num' }, fmt(g.addresses, 0)),
          h('td', { class: 'num' }, fmt(g.selected, 0)),
          h('td', { class: 'num' }, pct(g.selectionRate, 3)),
          h('td', { class: 'num' }, pct(g.falsePositiveRate, 3)),
          ratioCell(g.falsePositiveRateRatio, bounds),
        ),
  );
  return h('div', { class: 'table-wrap' }, h('table', { 'data-fairness': audit.attribute }, head, h('tbody', {}, rows)));
}

/** @param {GroupCalibration} c */
const verdict = (c) => (c.verdict === 'over' ? t('verdictOver') : c.verdict === 'under' ? t('verdictUnder') : t('verdictConsistent'));

/** @param {string} attribute @param {Array<GroupCalibration | Suppressed>} calibration */
function calibrationTable(attribute, calibration) {
  const head = h(
    'thead',
    {},
    h(
      'tr',
      {},
      [t('group'), t('predictedRate'), t('foundRate'), t('intervalOf'), t('verdict')].map((x) => h('th', {}, x)),
    ),
  );
  const rows = calibration.map((c) =>
    'suppressed' in c
      ? h('tr', {}, h('td', {}, c.group), h('td', { colspan: 4 }, t('suppressed')))
      : h(
          'tr',
          { 'data-verdict': c.verdict },
          h('td', {}, c.group),
          h('td', { class: 'num' }, pct(c.meanPredicted, 3)),
          h('td', { class: 'num' }, `${pct(c.observedRate, 3)} (${fmt(c.positives, 0)})`),
          h('td', { class: 'num' }, `${pct(c.low, 3)}–${pct(c.high, 3)}`),
          h('td', { class: c.verdict === 'consistent' ? '' : 'bad' }, verdict(c)),
        ),
  );
  return h('div', { class: 'table-wrap' }, h('table', { 'data-calibration': attribute }, head, h('tbody', {}, rows)));
}

/** @param {Fairness | undefined} fairness @param {Bounds | null} bounds */
export function fairnessTables(fairness, bounds) {
  const wrap = h('div', {});
  for (const audit of fairness?.audits ?? []) {
    wrap.append(h('h3', {}, `${audit.attribute} (ref. ${audit.reference})`));
    const note = fairness ? boundsNote(audit, fairness, bounds) : null;
    if (note) wrap.append(note);
    wrap.append(ratesTable(audit, bounds));
    if (audit.calibration) wrap.append(h('p', {}, t('calibrationWithin')), calibrationTable(audit.attribute, audit.calibration));
  }
  const gate = fairness?.gate;
  if (gate) {
    // A gate that applied no bound did not judge fairness: never shown as passed in green.
    const applied = gate.findings.length > 0;
    wrap.append(
      h(
        'p',
        { id: 'fairness-gate', class: !applied ? 'muted' : gate.passed ? 'ok' : 'bad' },
        `${t('gate')}: ${!applied ? t('gateNoBound') : gate.passed ? t('passed') : t('failed')}`,
      ),
    );
  }
  return wrap;
}
