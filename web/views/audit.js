// @ts-check
/**
 * The auditor's audit log: the hash chain's verification and its newest signed
 * checkpoint, on request (it walks the whole log), then the entries the filter asks for,
 * a page of 200 at a time.
 */
import { ApiError, api } from '../api/client.js';
import { errorBox } from '../api/errors.js';
import { t } from '../i18n/texts.js';
import { h } from '../lib/dom.js';
import { fmt, when } from '../lib/format.js';
import { can } from '../session/session.js';
import { addressQuery, auditForm, datesProblem, hidesAuditReads } from './audit-filter.js';
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

/** The query the filter in the hash asks the API for; null when a value cannot be asked. @param {URLSearchParams} params */
function entriesQuery(params) {
  const address = addressQuery(params.get('address') ?? params.get('addressId'));
  if (address === null) return { refusal: t('addressInvalid') };
  const dates = datesProblem(params.get('from'), params.get('to'));
  if (dates) return { refusal: t(dates) };
  const q = new URLSearchParams({ limit: '200', ...address });
  for (const k of ['actor', 'action', 'from', 'to', 'before', 'after']) if (params.get(k)) q.set(k, String(params.get(k)));
  if (hidesAuditReads(params)) q.set('auditReads', 'hide');
  return { q, address };
}

/** Buttons to the newer and older page of the same filter. @param {URLSearchParams} params @param {AuditLog} log */
function pager(params, log) {
  /** @param {'after' | 'before'} cursor @param {number | null} seq @param {string} id @param {string} label */
  const button = (cursor, seq, id, label) => {
    const q = new URLSearchParams(params);
    q.delete('before');
    q.delete('after');
    if (seq !== null) q.set(cursor, String(seq));
    return h('button', { type: 'button', id, disabled: seq === null, onclick: () => (location.hash = `#/audit?${q}`) }, label);
  };
  return h(
    'nav',
    { class: 'row', id: 'audit-pager', 'aria-label': t('audit') },
    button('after', log.newer, 'audit-newer', t('newerPage')),
    button('before', log.older, 'audit-older', t('olderPage')),
  );
}

/** The entries the filter asks for; a refusal is shown in place of the table, below the filter. @param {URLSearchParams} params */
async function auditEntries(params) {
  const { q, address, refusal } = entriesQuery(params);
  if (!q || !address) return h('p', { class: 'bad', role: 'alert' }, refusal);
  try {
    const log = /** @type {AuditLog} */ (await api(`/audit-log?${q}`));
    const ids = log.addresses ? log.addresses.map((a) => a.addressId) : address.addressId ? [address.addressId] : [];
    const hidden = q.has('auditReads') ? h('p', { class: 'notice', id: 'audit-hidden' }, t('auditReadsHidden')) : null;
    return h('div', {}, matchedAddresses(log.addresses), hidden, auditTable(log.items, ids), pager(params, log));
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) throw error;
    return errorBox(error);
  }
}

/** The chain's verification, walked only when the auditor asks: it reads the whole log. */
function verifyOnRequest() {
  const out = h('div', { id: 'verify-result', 'aria-live': 'polite' });
  const run = async () => {
    button.disabled = true;
    out.replaceChildren(h('p', { class: 'muted' }, t('verifyBusy')));
    try {
      const v = /** @type {Verification} */ (await api('/audit-log/verify'));
      out.replaceChildren(verification(v), checkpointView(v.checkpoints));
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) throw error;
      out.replaceChildren(errorBox(error));
    } finally {
      button.disabled = false;
    }
  };
  const button = h('button', { type: 'button', id: 'verify-chain', onclick: () => void run() }, t('verifyChain'));
  return h('div', {}, button, out);
}

/** @param {URLSearchParams} params */
export async function auditView(params) {
  const view = h('section', {}, h('h1', {}, t('audit')));
  if (can('audit:verify')) view.append(verifyOnRequest());
  view.append(auditForm(params), await auditEntries(params));
  return view;
}
