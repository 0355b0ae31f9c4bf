// @ts-check
/**
 * A probability in words a person weighs: "1 in 7" and "≈ 150 × as high as an average
 * home", against the base rate the service computes from the list (the mean probability
 * over its addresses). Rounded to two significant digits: more would claim a precision
 * the calibration does not have.
 */
import { t } from '../i18n/texts.js';
import { fmt } from '../lib/format.js';

/** @param {number} x */
const twoDigits = (x) => (x > 0 ? Number(x.toPrecision(2)) : 0);

/** N of "1 in N" for a chance, at least 1. @param {number} p */
export const oneIn = (p) => (p > 0 ? Math.max(1, twoDigits(1 / p)) : Infinity);

/** How many times the base rate a chance is. @param {number} p @param {number} base */
export const timesBase = (p, base) => (base > 0 ? twoDigits(p / base) : NaN);

/** "Average home on this list: ≈ 1 in 1,000". @param {number} base */
export const baseRateSentence = (base) => t('baseRateText')(fmt(oneIn(base), 0));

/** "≈ 150 × as high as an average home, about 1 in 7." @param {number} p @param {number} base */
export const oddsSentence = (p, base) => {
  const times = timesBase(p, base);
  return t('comparedToAverage')(fmt(times, times < 10 ? 1 : 0), fmt(oneIn(p), 0));
};
