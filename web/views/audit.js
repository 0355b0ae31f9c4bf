// @ts-check
/**
 * The auditor's audit log: the hash chain's verification and its newest signed
 * checkpoint, then the entries the filter asks for.
 */
import { ApiError, api } from '../api/client.js';
import { errorBox } from '../api/errors.js';
import { t } from '../i18n/texts.js';
import { h } from '../lib/dom.js';
import { fmt, when } from '../lib/format.js';
import { can } from '../session/session.js';
import { addressQuery, auditForm } from './audit-filter.js';
import { auditTable, matchedAddresses } from './audit-table.js';

/** @import { AuditLog, Checkpoints, Verification } from '../types/admin.js' */

/** The newest signed checkpoint of the audit log's head, and checkpoint lines that fail. @param {Checkpoints} c */
function checkpointView(c) {
  const n = c.newest;
  const wrap = h('div', {});
  wrap.append(
    n
      ? h(
          'p',
          { class: n.signatureValid && n.matchesChain ? 'ok' : 'bad', id: 'checkpoint' },
          `${t('checkpoint')}: ${t('entry')} ${n.seq} · ${n.hash.slice(0, 16)}…, ${when(n.time)}; ${t(n.signatureValid ? 'signatureOk' : 'signatureBad')}; ${t(n.matchesChain ? 'chainMatches' : 'chainDiffers')}`,
        )
      : h('p', { class: 'notice', id: 'checkpoint' }, t('checkpointNone')),
  );
  if (c.problemCount > 0) {
    wrap.append(
      h(
        'div',
        { class: 'bad', id: 'checkpoint-problems' },
        h('p', {}, `${t('checkpointBad')}: ${c.problemCount}`),
        h(
          'ul',
          {},
          c.problems.map((p) => h('li', {}, `${p.file}:${p.line}: ${p.problem}`)),
        ),
      ),
    );
  }
  return wrap;
}

/** @param {Verification} v */
const verification = (v) =>
  v.problemCount === 0
    ? h(
        'p',
        { class: 'ok', id: 'verify' },
        `${t('verifyOk')}: ${fmt(v.entries, 0)} ${t('entries')}; ${t('head')} ${v.head ? `${v.head.seq} · ${v.head.hash.slice(0, 16)}…` : t('none')}`,
      )
    : h(
        'div',
        { class: 'bad', id: 'verify' },
        h('p', {}, `${t('verifyBad')}: ${fmt(v.problemCount, 0)}`),
        h(
          'ul',
          {},
          v.problems.map((p) => h('li', { lang: 'en' }, `#${p.seq}: ${p.problem}`)),
        ),
      );

/** The entries the filter asks for; a refusal is shown in place of the table, below the filter. @param {URLSearchParams} params */
async function auditEntries(params) {
  const address = addressQuery(params.get('address') ?? params.get('addressId'));
  if (address === null) return h('p', { class: 'bad', role: 'alert' }, t('addressInvalid'));
  const q = new URLSearchParams({ limit: '200', ...address });
  for (const k of ['actor', 'action']) if (params.get(k)) q.set(k, String(params.get(k)));
  try {
    const log = /** @type {AuditLog} */ (await api(`/audit-log?${q}`));
    const ids = log.addresses ? log.addresses.map((a) => a.addressId) : address.addressId ? [address.addressId] : [];
    return h('div', {}, matchedAddresses(log.addresses), auditTable(log.items, ids));
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) throw error;
    return errorBox(error);
  }
}

/** @param {URLSearchParams} params */
export async function auditView(params) {
  const view = h('section', {}, h('h1', {}, t('audit')));
  if (can('audit:verify')) {
    const v = /** @type {Verification} */ (await api('/audit-log/verify'));
    view.append(verification(v), checkpointView(v.checkpoints));
  }
  view.append(auditForm(params), await auditEntries(params));
  return view;
}
