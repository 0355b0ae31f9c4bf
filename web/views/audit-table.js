// @ts-check
/**
 * The audit log's entries; with an address filter, also the addresses a postcode
 * matched and, per entry, whether it named the address, showed it in a list, or drew it
 * in a sample.
 */
import { t } from '../i18n/texts.js';
import { h } from '../lib/dom.js';
import { fmt, when } from '../lib/format.js';

/** @import { AuditEntry, MatchedAddress } from '../types/admin.js' */

/** The addresses a postcode matched, so the auditor sees which homes the entries are about. @param {MatchedAddress[] | null} addresses */
export function matchedAddresses(addresses) {
  if (!addresses) return null;
  if (!addresses.length) return h('p', { class: 'notice', id: 'audit-matched' }, t('noMatch'));
  /** @param {MatchedAddress} a */
  const one = (a) => `${a.postcode} ${a.houseNumber}${a.houseSuffix ? ` ${a.houseSuffix}` : ''} (${a.addressId})`;
  return h('p', { id: 'audit-matched' }, `${t('matched')}: ${addresses.map(one).join('; ')}`);
}

/** @param {AuditEntry[]} items @param {string[]} ids the addresses filtered by; none without an address filter */
export function auditTable(items, ids) {
  /** @param {AuditEntry} e */
  const named = (e) => e.addressId !== null && ids.includes(e.addressId);
  // With an address filter: did the entry name the address, or show it among others in a list?
  /** @param {AuditEntry} e */
  const how = (e) => {
    if (named(e)) return t('named');
    const count = fmt(Array.isArray(e.detail?.shown) ? e.detail.shown.length : 0, 0);
    return e.action === 'samples:draw' ? t('drawnInSample')(count) : t('shownInList')(count);
  };
  const heads = ['#', t('at'), t('actor'), t('role'), t('action'), t('path'), t('purpose'), t('status'), ...(ids.length ? [t('how')] : [])];
  /** @param {AuditEntry} e */
  const row = (e) =>
    h(
      'tr',
      { 'data-action': e.action, 'data-seq': e.seq },
      h('td', { class: 'num' }, e.seq),
      h('td', {}, when(e.at)),
      h('td', {}, e.actor),
      h('td', {}, e.role ?? ''),
      h('td', {}, e.action),
      h('td', {}, h('code', {}, e.path ?? '')),
      h('td', {}, e.purpose ?? ''),
      h('td', { class: 'num' }, e.status),
      ids.length ? h('td', { 'data-how': named(e) ? 'named' : 'shown' }, how(e)) : null,
    );
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { id: 'audit-log' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          heads.map((x) => h('th', {}, x)),
        ),
      ),
      h('tbody', {}, items.map(row)),
    ),
  );
}
