// @ts-check
/**
 * Proposals to the RIEC: the queue to decide on (for the RIEC) or all proposals by
 * status, each with the explanation it was made on; a sample's proposal is marked as
 * drawn by chance, not proposed by a person.
 */
import { api } from '../api/client.js';
import { errorBox } from '../api/errors.js';
import { queryValues } from '../api/openapi.js';
import { t } from '../i18n/texts.js';
import { h } from '../lib/dom.js';
import { addressText, day, fmt, pct } from '../lib/format.js';
import { refresh } from '../navigation.js';
import { can } from '../session/session.js';
import { fullBasis, signalNotice } from './basis.js';

/** @import { Signal, SignalList } from '../types/workflow.js' */

/** Approve (legal basis, reason, priority) or reject (reason). @param {Signal} sig */
function decisionForm(sig) {
  const basis = h('input', { id: `basis-${sig.id}`, required: true, minlength: 3, value: '' });
  const reason = h('textarea', { id: `reason-${sig.id}`, required: true, minlength: 10 });
  const priority = h(
    'select',
    { id: `priority-${sig.id}` },
    [1, 2, 3].map((p) => h('option', { value: p, selected: p === 2 }, p)),
  );
  const out = h('p', { role: 'status' });
  /** @param {'approve' | 'reject'} decision */
  const decide = async (decision) => {
    try {
      const body =
        decision === 'approve'
          ? { decision, legalBasis: basis.value, reason: reason.value, priority: Number(priority.value) }
          : { decision, reason: reason.value };
      await api(`/signals/${sig.id}/decision`, { method: 'POST', body });
      void refresh();
    } catch (err) {
      out.replaceChildren(errorBox(err));
    }
  };
  return h(
    'form',
    {
      onsubmit: (e) => {
        e.preventDefault();
        void decide('approve');
      },
    },
    h('label', { for: `basis-${sig.id}` }, t('legalBasis')),
    basis,
    h('p', { class: 'muted', id: `basis-help-${sig.id}` }, t('legalBasisGoesToTeam')),
    h('label', { for: `reason-${sig.id}` }, t('reason')),
    reason,
    h('p', { class: 'muted', id: `reason-help-${sig.id}` }, t('reasonStaysWithRiec')),
    h('label', { for: `priority-${sig.id}` }, t('priority')),
    priority,
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'submit', class: 'primary' }, t('approve')),
      h('button', { type: 'button', class: 'danger', onclick: () => void decide('reject') }, t('reject')),
    ),
    out,
  );
}

/** @param {Signal} sig */
function signalCard(sig) {
  const sample = sig.kind === 'sample';
  const card = h(
    'article',
    { class: 'card', 'data-signal': sig.id, 'data-kind': sig.kind, 'aria-labelledby': `sig-${sig.id}` },
    h(
      'h3',
      { id: `sig-${sig.id}` },
      `#${sig.id} · ${addressText(sig.address)} `,
      h('span', { class: 'status' }, t('statuses')[sig.status]),
      sample ? [' ', h('span', { class: 'status' }, `${t('sampleTag')} #${sig.sampleId}`)] : null,
    ),
    h(
      'p',
      {},
      `${t('rank')} ${fmt(sig.rank, 0)} · ${t('probability')} ${pct(sig.explanation.probability)} · ${t('model')} ${sig.modelVersion} · ${t('referenceDate')} ${day(sig.explanation.referenceDate)}`,
    ),
    // A sample's address was drawn by chance: no person proposed it.
    h(
      'p',
      {},
      h('strong', {}, `${t('proposedBy')} ${sample ? `${t('system')} (${t('sampleTag').toLowerCase()})` : sig.proposal.by}: `),
      sig.proposal.reason,
    ),
    h(
      'ul',
      { class: 'reasons' },
      sig.explanation.reasons.map((r) => h('li', {}, r.sentence)),
    ),
    fullBasis(sig),
  );
  const d = sig.decision;
  if (d)
    card.append(
      h(
        'p',
        {},
        h('strong', {}, `${t('decision')} (${d.by}): `),
        `${d.legalBasis ? `${d.legalBasis} · ` : ''}${d.reason}${d.priority ? ` · ${t('priority')} ${d.priority}` : ''}`,
      ),
    );
  if (sig.status === 'proposed' && can('signals:decide')) card.append(decisionForm(sig));
  return card;
}

/** @param {URLSearchParams} params */
export async function signalsView(params) {
  const status = params.get('status') ?? (can('signals:decide') ? 'proposed' : '');
  // The statuses the service filters by, from its API description; their words are the page's.
  const statuses = await queryValues('GET', '/signals', 'status');
  const select = h(
    'select',
    {
      id: 'status-filter',
      onchange: () => {
        location.hash = `#/signals?status=${select.value}`;
      },
    },
    h('option', { value: '' }, t('all')),
    statuses.map((k) => h('option', { value: k, selected: k === status }, t('statuses')[k] ?? k)),
  );
  const view = h(
    'section',
    {},
    h('h1', {}, status === 'proposed' ? t('queue') : t('signals')),
    signalNotice(),
    h('div', { class: 'row' }, h('div', {}, h('label', { for: 'status-filter' }, t('statusFilter')), select)),
  );
  const list = /** @type {SignalList} */ (await api(`/signals${status ? `?status=${encodeURIComponent(status)}` : ''}`));
  const items = h('div', { class: 'cards', id: 'signals' });
  for (const sig of list.items) items.append(signalCard(sig));
  view.append(list.items.length ? items : h('p', {}, t('noItems')));
  return view;
}
