// @ts-check
/**
 * The auditor's filter of the audit log: who, action, and address — a 16-digit id, or a
 * postcode with an optional house number — checked here so that a mistyped postcode is
 * said in the page's words, in place, not as the API's English refusal.
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

const FIELDS = /** @type {const} */ ([
  ['actor', 'actorFilter'],
  ['address', 'addressFilter'],
  ['action', 'actionFilter'],
]);

/** @param {URLSearchParams} params the filter now in the hash */
export function auditForm(params) {
  /** @param {string} k */
  const input = (k) =>
    h('input', {
      id: `audit-${k}`,
      value: params.get(k) ?? (k === 'address' ? params.get('addressId') : null) ?? '',
      'aria-describedby': k === 'address' ? 'audit-address-hint' : null,
    });
  const inputs = { actor: input('actor'), address: input('address'), action: input('action') };
  const problem = h('p', { class: 'error', id: 'audit-address-error', role: 'alert' });
  /** @param {Event} e */
  const submit = (e) => {
    e.preventDefault();
    if (addressQuery(inputs.address.value) === null) {
      problem.textContent = t('addressInvalid');
      inputs.address.setAttribute('aria-invalid', 'true');
      inputs.address.focus();
      return;
    }
    const q = new URLSearchParams();
    for (const [k] of FIELDS) if (inputs[k].value.trim()) q.set(k, inputs[k].value.trim());
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
      ),
    ),
    h('div', {}, h('button', { type: 'submit', class: 'primary' }, t('filter'))),
  );
}
