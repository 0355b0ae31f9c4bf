// @ts-check
/**
 * The address page's bar chart: each feature's contribution to the score, red to the
 * right where it raises it, green to the left where it lowers it; the twelve largest,
 * then the rest together.
 */
import { describe } from '../api/catalogue.js';
import { t } from '../i18n/texts.js';
import { s } from '../lib/dom.js';
import { signedFmt } from '../lib/format.js';

/** @import { Contribution } from '../types/risk.js' */

const WIDTH = 720;
const LABEL_WIDTH = 300;
const ROW = 24;
/** Characters of an 11px label that fit the label column; a longer label goes on to the next line. */
const LINE_CHARS = 46;
const LINE_HEIGHT = 13;

/** A label in lines of at most LINE_CHARS, broken between words. @param {string} text */
export function labelLines(text) {
  /** @type {string[]} */
  const lines = [];
  for (const word of text.split(' ')) {
    const last = lines.length - 1;
    if (last >= 0 && `${lines[last]} ${word}`.length <= LINE_CHARS) lines[last] = `${lines[last]} ${word}`;
    else lines.push(word);
  }
  return lines;
}

/** @param {Contribution[]} contributions */
function chartRows(contributions) {
  const top = contributions.slice(0, 12);
  const rest = contributions.slice(12);
  // The sentence's first half names the value ("Eigendom: geen koopwoning"): a bare description
  // beside a red bar ("Woning is koopwoning") would say the opposite for a flag that is 0.
  const rows = top.map((c) => ({ label: c.sentence?.split(' — ')[0] ?? describe(c.feature), value: c.contribution }));
  if (rest.length) rows.push({ label: `${rest.length} ${t('others')}`, value: rest.reduce((a, c) => a + c.contribution, 0) });
  return rows.map((r) => ({ ...r, lines: labelLines(r.label) }));
}

/** @param {Contribution[]} contributions */
export function contributionChart(contributions) {
  const rows = chartRows(contributions);
  const heights = rows.map((r) => ROW + (r.lines.length - 1) * LINE_HEIGHT);
  const height = heights.reduce((a, b) => a + b, 0) + 30;
  const max = rows.reduce((m, r) => Math.max(m, Math.abs(r.value)), 1e-9);
  const mid = LABEL_WIDTH + (WIDTH - LABEL_WIDTH) / 2,
    half = (WIDTH - LABEL_WIDTH) / 2 - 50;
  const svg = s('svg', { viewBox: `0 0 ${WIDTH} ${height}`, width: '100%', role: 'img', 'aria-label': t('chartCaption') });
  svg.append(s('line', { x1: mid, x2: mid, y1: 0, y2: height - 20, class: 'axis' }));
  let top = 0;
  rows.forEach((r, i) => {
    // A bar beside a label of several lines stands level with their middle.
    const y = top + 4 + ((r.lines.length - 1) * LINE_HEIGHT) / 2,
      w = (Math.abs(r.value) / max) * half;
    svg.append(
      s(
        'text',
        { x: 0, y: top + 19 },
        r.lines.map((line, n) => s('tspan', { x: 0, dy: n ? LINE_HEIGHT : null }, line)),
      ),
    );
    svg.append(
      s(
        'rect',
        { x: r.value >= 0 ? mid : mid - w, y, width: Math.max(w, 1), height: ROW - 8, class: r.value >= 0 ? 'raise' : 'lower' },
        s('title', {}, `${r.label}: ${signedFmt(r.value)}`),
      ),
    );
    svg.append(
      s(
        'text',
        { x: r.value >= 0 ? mid + w + 4 : mid - w - 4, y: y + 14, 'text-anchor': r.value >= 0 ? 'start' : 'end' },
        signedFmt(r.value, 2),
      ),
    );
    top += heights[i] ?? ROW;
  });
  svg.append(s('text', { x: mid, y: height - 4, 'text-anchor': 'middle' }, '0'));
  return svg;
}
