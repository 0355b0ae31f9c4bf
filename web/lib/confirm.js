// @ts-check
/**
 * Asking before a step a hasty click must not take: a modal dialog that names what will
 * be recorded, with "Back" focused so that Enter right after the click does not record.
 */
import { t } from '../i18n/texts.js';
import { h } from './dom.js';

/**
 * Resolves true only on the explicit yes; Back and Escape resolve false.
 * @param {string} title
 * @param {Array<[string, string]>} rows what will be recorded, as term and value
 * @param {string} yes the button that records
 * @param {string} note what recording means
 * @returns {Promise<boolean>}
 */
export function confirmStep(title, rows, yes, note) {
  return new Promise((resolve) => {
    const dialog = h('dialog', { id: 'confirm-dialog', 'aria-labelledby': 'confirm-title' });
    /** @param {boolean} answer */
    const close = (answer) => {
      dialog.close();
      dialog.remove();
      resolve(answer);
    };
    const back = h('button', { type: 'button', id: 'confirm-no', onclick: () => close(false) }, t('back'));
    dialog.append(
      h('h2', { id: 'confirm-title' }, title),
      h(
        'dl',
        { class: 'confirm' },
        rows.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]),
      ),
      h('p', { class: 'muted' }, note),
      h(
        'div',
        { class: 'actions' },
        h('button', { type: 'button', class: 'primary', id: 'confirm-yes', onclick: () => close(true) }, yes),
        back,
      ),
    );
    dialog.addEventListener('cancel', (e) => {
      e.preventDefault();
      close(false);
    });
    document.body.append(dialog);
    dialog.showModal();
    back.focus();
  });
}
