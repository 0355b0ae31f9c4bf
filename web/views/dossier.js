// @ts-check
/**
 * An address's dossier at the top of its page: the controls recorded at it before and
 * what they found, and every signal of it — who proposed it and why, the RIEC's decision
 * with legal basis and reason, the control and its outcome with any corrections.
 */
import { api } from '../api/client.js';
import { t } from '../i18n/texts.js';
import { h } from '../lib/dom.js';
import { day, fmt, pct, when } from '../lib/format.js';

/** @import { AddressHistory, HistorySignal } from '../types/history.js' */

/** @param {string} code */
const outcome = (code) => t('outcomes')[code] ?? code;

/** @param {AddressHistory} history */
const inspectionTable = (history) =>
  h(
    'table',
    { id: 'dossier-controls' },
    h('thead', {}, h('tr', {}, h('th', {}, t('inspectedOn')), h('th', {}, t('controlReason')), h('th', {}, t('outcome')))),
    h(
      'tbody',
      {},
      history.inspections.map((i) =>
        h(
          'tr',
          { 'data-outcome': i.outcome },
          h('td', {}, day(i.inspectedOn)),
          h('td', {}, t('inspectionReasons')[i.reason] ?? i.reason),
          h('td', {}, outcome(i.outcome)),
        ),
      ),
    ),
  );

/** @param {HistorySignal} s */
function signalItem(s) {
  const d = s.decision;
  const c = s.control;
  return h(
    'li',
    { 'data-signal': s.id, 'data-status': s.status },
    h('strong', {}, `#${s.id} · ${t('statuses')[s.status] ?? s.status}`),
    ` · ${t('rank')} ${fmt(s.rank, 0)} · ${t('probability')} ${pct(s.explanation.probability)}`,
    h('div', {}, `${t('proposedBy')} ${s.proposal.by} (${when(s.proposal.at)}): ${s.proposal.reason}`),
    d
      ? h(
          'div',
          { class: 'decision' },
          `${t('decision')} ${d.by} (${when(d.at)}): `,
          d.legalBasis ? h('span', { class: 'legal-basis' }, `${t('legalBasis')}: ${d.legalBasis} · `) : null,
          h('span', { class: 'decision-reason' }, d.reason),
          d.priority ? ` · ${t('priority')} ${d.priority}` : '',
        )
      : null,
    c?.plannedFor ? h('div', {}, `${t('plannedFor')}: ${day(c.plannedFor)}`) : null,
    c?.outcome ? h('div', {}, `${t('outcome')}: ${outcome(c.outcome)}${c.outcomeAt ? ` (${when(c.outcomeAt)})` : ''}`) : null,
    s.corrections.map((k) =>
      h('div', { class: 'muted' }, `${t('correctedTo')(outcome(k.from), outcome(k.to), k.by, when(k.at))}: ${k.reason}`),
    ),
  );
}

/** The dossier of `id`, as a section. @param {string} id */
export async function dossierSection(id) {
  const history = /** @type {AddressHistory} */ (await api(`/addresses/${id}/history`));
  const section = h('section', { id: 'dossier', 'aria-labelledby': 'dossier-title' }, h('h2', { id: 'dossier-title' }, t('dossier')));
  if (!history.inspections.length && !history.signals.length) {
    section.append(h('p', { id: 'dossier-empty' }, t('noHistory')));
    return section;
  }
  if (history.inspections.length)
    section.append(h('h3', {}, t('earlierControls')), h('div', { class: 'table-wrap' }, inspectionTable(history)));
  if (history.signals.length)
    section.append(
      h('h3', {}, t('signalHistory')),
      h('ul', { id: 'dossier-signals', class: 'dossier-signals' }, history.signals.map(signalItem)),
    );
  return section;
}
