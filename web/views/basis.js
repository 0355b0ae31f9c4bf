// @ts-check
/**
 * What those who decide and act on a signal see of its basis: the notice that a score is
 * a signal, not evidence; for the RIEC, behind a toggle, the features that raise and
 * lower the score and the chance against the base rate; for the interventieteam, the
 * legal basis of the RIEC's approval, read-only.
 */
import { t } from '../i18n/texts.js';
import { h } from '../lib/dom.js';
import { baseRateSentence, oddsSentence } from './odds.js';

/** @import { Signal } from '../types/workflow.js' */
/** @import { Reason } from '../types/risk.js' */

/** The notice, where a decision or a control is made. */
export const signalNotice = () => h('p', { class: 'notice', role: 'note', id: 'signal-notice' }, t('notice'));

/** @param {string} title @param {string} kind @param {Reason[]} reasons */
const reasonList = (title, kind, reasons) => [
  h('h4', {}, title),
  h(
    'ul',
    { class: 'reasons', 'data-basis': kind },
    reasons.map((r) => h('li', {}, r.sentence)),
  ),
];

/** The basis a proposal was made on, folded away. @param {Signal} sig */
export function fullBasis(sig) {
  const e = sig.explanation;
  const b = e.basis;
  return h(
    'details',
    { class: 'full-basis', 'data-basis-of': sig.id },
    h('summary', {}, t('fullBasis')),
    b
      ? [
          h('p', { class: 'odds' }, oddsSentence(e.probability, b.baseRate)),
          h('p', { class: 'muted base-rate' }, baseRateSentence(b.baseRate)),
          reasonList(t('raisesMost'), 'raising', b.raising),
          reasonList(t('lowersMost'), 'lowering', b.lowering),
        ]
      : h('p', { class: 'muted' }, t('basisNotKept')),
  );
}

/**
 * The legal basis of the RIEC's approval a control rests on, read-only. Not the RIEC's
 * reason: free text may tell a sample's control from the list's, which the team is not told.
 * @param {{ legalBasis: string }} decision
 */
export const decisionBasis = (decision) =>
  h(
    'div',
    { class: 'decision-basis' },
    h('strong', {}, `${t('decisionBasis')}: `),
    h('span', { class: 'legal-basis' }, `${t('legalBasis')}: ${decision.legalBasis}`),
  );
