// @ts-check
/**
 * The purpose of the session (doelbinding), asked once before address-level data is
 * shown and sent with every request after. The dialog cannot be dismissed without one.
 */
import { renderChrome } from '../chrome.js';
import { t } from '../i18n/texts.js';
import { byId } from '../lib/dom.js';
import { store } from './store.js';

/**
 * The service's rule (service/http/purpose.ts checkPurpose): ten letters or digits, or a case
 * reference; no control or line-separator characters.
 * @param {string} value
 */
function acceptable(value) {
  const normal = value.normalize('NFKC');
  const letters = normal.match(/[\p{L}\p{N}]/gu)?.length ?? 0;
  return !/[\p{C}\p{Zl}\p{Zp}]/u.test(normal) && (letters >= 10 || /^[A-Z]{2,10}-\d{4}-\d{1,6}$/.test(normal));
}

/** Opens the dialog; resolves once an acceptable purpose is kept. @returns {Promise<void>} */
export function askPurpose() {
  const dialog = byId('purpose-dialog', HTMLDialogElement);
  const input = byId('purpose-input', HTMLInputElement);
  const error = byId('purpose-error', HTMLElement);
  byId('purpose-title', HTMLElement).textContent = t('purposeTitle');
  byId('purpose-help', HTMLElement).textContent = t('purposeHelp');
  byId('purpose-label', HTMLElement).textContent = t('purposeLabel');
  byId('purpose-save', HTMLElement).textContent = t('purposeSave');
  input.value = store.purpose ?? '';
  error.textContent = '';
  return new Promise((resolve) => {
    const form = byId('purpose-form', HTMLFormElement);
    /** @param {SubmitEvent} event */
    const submit = (event) => {
      const value = input.value.trim();
      if (!acceptable(value)) {
        event.preventDefault();
        error.textContent = t('purposeLabel');
        return;
      }
      store.purpose = value;
      form.removeEventListener('submit', submit);
      renderChrome();
      resolve();
    };
    form.addEventListener('submit', submit);
    // Escape does not close it: address-level pages need a purpose.
    dialog.oncancel = (e) => e.preventDefault();
    dialog.showModal();
    input.focus();
  });
}
