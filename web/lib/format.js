// @ts-check
/**
 * Every number and date on the page is written by these: nl-NL in Dutch, en-GB in
 * English, and a dash for a value that is missing.
 */
import { t } from '../i18n/texts.js';
import { store } from '../session/store.js';

/** @import { Address } from '../types/risk.js' */

/** @typedef {number | null | undefined} MaybeNumber */

const locale = () => (store.lang === 'nl' ? 'nl-NL' : 'en-GB');

/** @param {MaybeNumber} x @param {number} [digits] @param {number} [minimum] */
export const fmt = (x, digits = 2, minimum = 0) =>
  x === null || x === undefined || Number.isNaN(x)
    ? t('none')
    : Number(x).toLocaleString(locale(), { maximumFractionDigits: digits, minimumFractionDigits: minimum });

/** A contribution to the logit: sign, then a fixed number of decimals (+0,526 / −0.526). @param {number} x @param {number} [digits] */
export const signedFmt = (x, digits = 3) => `${x >= 0 ? '+' : '−'}${fmt(Math.abs(x), digits, digits)}`;

/** A year, or a value of a feature measured in years: no thousands separator. @param {MaybeNumber} x */
export const plain = (x) =>
  x === null || x === undefined ? t('none') : Number(x).toLocaleString(locale(), { useGrouping: false, maximumFractionDigits: 0 });

/** A share (0–1) as a percentage. @param {MaybeNumber} x @param {number} [digits] */
export const pct = (x, digits = 2) => (x === null || x === undefined ? t('none') : `${fmt(x * 100, digits)}%`);

/** Street, number and suffix, postcode. @param {Address} a */
export const addressText = (a) => `${a.street} ${a.houseNumber}${a.houseSuffix ? ` ${a.houseSuffix}` : ''}, ${a.postcode}`;

/** A moment (ISO 8601) as date and time. @param {string | null | undefined} iso */
export const when = (iso) => (iso ? new Date(iso).toLocaleString(locale()) : t('none'));

/** A calendar date (YYYY-MM-DD) in words: 15 december 2025 / 15 December 2025. @param {string | null | undefined} date */
export const day = (date) =>
  date ? new Date(`${date}T00:00:00Z`).toLocaleDateString(locale(), { dateStyle: 'long', timeZone: 'UTC' }) : t('none');
