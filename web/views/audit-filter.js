// @ts-check
/**
 * The auditor's filter of the audit log: who (part of a name), action, address — a 16-digit
 * id, or a postcode with an optional house number — days from and to, and whether reads of
 * the audit log itself are hidden (by default they are, so that the auditor's own reads do
 * not fill the page). Checked here so that a mistyped postcode or date is said in the
 * page's words, in place, not as the API's English refusal.
 */
import { t } from '../i18n/texts.js';
import { h } from '../lib/dom.js';

/**
 * What the auditor typed as an address: a 16-digit id, or a postcode with an optional house
 * number ("1234 AB 5", "1234ab", "1234 AB, 5-A"); {} when empty, null when it is neither.
 * @param {string | null | undefined} text
 * @returns {{ addressId?: string, postcode?: string, houseNumber?: string } | null}
 */
export function addressQuery(text) {
  const value = (text ?? '').trim();
  if (!value) return {};
  if (/^\d{16}$/.test(value)) return { addressId: value };
  const m = /^([1-9]\d{3})\s*([A-Za-z]{2})(?:[\s,]+(\d{1,5})(?:\s*-?\s*[A-Za-z0-9]{1,4})?)?$/.exec(value);
  return m ? { postcode: `${m[1]}${String(m[2]).toUpperCase()}`, ...(m[3] ? { houseNumber: m[3] } : {}) } : null;
}

/** A calendar day that exists, as YYYY-MM-DD. @param {string} d */
const isDay = (d) => /^\d{4}-\d{2}-\d{2}$/.test(d) && new Date(`${d}T00:00:00Z`).toISOString().slice(0, 10) === d;

/**
 * What is wrong with the days asked for, as a text key; null when nothing.
 * @param {string | null | undefined} from
 * @param {string | null | undefined} to
 * @returns {'dateInvalid' | 'dateOrder' | null}
 */
export function datesProblem(from, to) {
  if ((from && !isDay(from)) || (to && !isDay(to))) return 'dateInvalid';
  return from && to && from > to ? 'dateOrder' : null;
}

/** Whether reads of the audit log are left out: yes unless asked to show them, or asked for by action. @param {URLSearchParams} params */
export const hidesAuditReads = (params) => params.get('auditReads') !== 'show' && params.get('action') !== 'audit:read';

const FIELDS = /** @type {const} */ ([
  ['actor', 'actorFilter', 'text'],
  ['address', 'addressFilter', 'text'],
  ['action', 'actionFilter', 'text'],
  ['from', 'fromFilter', 'date'],
  ['to', 'toFilter', 'date'],
]);

/** @param {URLSearchParams} params @param {string} k */
const valueOf = (params, k) => params.get(k) ?? (k === 'address' ? params.get('addressId') : null) ?? '';

/** @param {URLSearchParams} params the filter now in the hash */
export function auditForm(params) {
  /** @param {string} k @param {string} type */
  const input = (k, type) =>
    h('input', {
      id: `audit-${k}`,
      type,
      value: valueOf(params, k),
      'aria-describedby': k === 'address' ? 'audit-address-hint' : null,
    });
  const inputs = Object.fromEntries(FIELDS.map(([k, , type]) => [k, input(k, type)]));
  const hide = h('input', { id: 'audit-hide-reads', type: 'checkbox', checked: params.get('auditReads') !== 'show' });
  const problem = h('p', { class: 'error', id: 'audit-address-error', role: 'alert' });
  const datesError = h('p', { class: 'error', id: 'audit-dates-error', role: 'alert' });
  /** @param {HTMLElement} field @param {HTMLElement} out @param {'addressInvalid' | 'dateInvalid' | 'dateOrder'} key */
  const refuse = (field, out, key) => {
    out.textContent = t(key);
    field.setAttribute('aria-invalid', 'true');
    field.focus();
  };
  /** @param {Event} e */
  const submit = (e) => {
    e.preventDefault();
    for (const [out, field] of [
      [problem, inputs.address],
      [datesError, inputs.to],
    ]) {
      out.textContent = '';
      field.removeAttribute('aria-invalid');
    }
    if (addressQuery(inputs.address.value) === null) return refuse(inputs.address, problem, 'addressInvalid');
    const dates = datesProblem(inputs.from.value, inputs.to.value);
    if (dates) return refuse(dates === 'dateOrder' ? inputs.to : inputs.from, datesError, dates);
    const q = new URLSearchParams();
    for (const [k] of FIELDS) if (inputs[k].value.trim()) q.set(k, inputs[k].value.trim());
    if (!hide.checked) q.set('auditReads', 'show');
    location.hash = `#/audit?${q}`;
  };
  return h(
    'form',
    { class: 'row', id: 'audit-filter', novalidate: true, onsubmit: submit },
    FIELDS.map(([k, label]) =>
      h(
        'div',
        {},
        h('label', { for: `audit-${k}` }, t(label)),
        inputs[k],
        k === 'address' ? [h('p', { class: 'muted hint', id: 'audit-address-hint' }, t('addressHint')), problem] : null,
        k === 'to' ? datesError : null,
      ),
    ),
    h('div', {}, hide, h('label', { for: 'audit-hide-reads' }, t('hideAuditReads'))),
    h('div', {}, h('button', { type: 'submit', class: 'primary' }, t('filter'))),
  );
}
