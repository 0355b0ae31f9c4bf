// @ts-check
/** The page's words in the language the user chose. */
import { store } from '../session/store.js';
import { en } from './en.js';
import { nl } from './nl.js';

/** @import { Texts } from './nl.js' */
/** @import { Lang } from '../session/store.js' */

/** @type {Record<Lang, Texts>} */
const TEXTS = { nl, en };

/**
 * A text in the current language.
 * @template {keyof Texts} K
 * @param {K} key
 * @returns {Texts[K]}
 */
export const t = (key) => TEXTS[store.lang][key];

/**
 * A plain text named at run time (index.html's `data-t`): the key itself when there is
 * no such text, so a typo shows on the page instead of an empty element.
 * @param {string} key
 * @returns {string}
 */
export function textOf(key) {
  const texts = TEXTS[store.lang];
  const value = Object.hasOwn(texts, key) ? /** @type {Record<string, unknown>} */ (texts)[key] : undefined;
  return typeof value === 'string' ? value : key;
}
