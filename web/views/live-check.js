// @ts-check
/**
 * The live check in words: the active model's test precision against the interval of
 * its random-sample estimate, red when outside it. Shown on the model card and on the
 * jobs page.
 */
import { t } from '../i18n/texts.js';
import { h } from '../lib/dom.js';
import { fmt, pct } from '../lib/format.js';

/** @import { LiveCheck } from '../types/models.js' */

/** @param {LiveCheck} live */
export function liveCheckParagraph(live) {
  /** @type {[number, number, string, string, string, string]} */
  const args = [
    live.version,
    live.k,
    pct(live.testPrecision, 1),
    pct(live.estimate.low, 1),
    pct(live.estimate.high, 1),
    fmt(live.estimate.sampleSize, 0),
  ];
  const sentence =
    live.consistent === null ? t('liveNone')(live.version, live.k) : live.consistent ? t('liveInside')(...args) : t('liveOutside')(...args);
  return h('p', { class: live.consistent === false ? 'bad live-check' : 'live-check' }, sentence);
}
