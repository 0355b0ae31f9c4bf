// @ts-check
/**
 * A pair term of the additive model as a grid: one cell per coarse bin of each feature,
 * its colour what the two do together beyond each alone — red raises the score, green
 * lowers it, white nothing — with the value written in the cell.
 */
import { describe } from '../api/catalogue.js';
import { t } from '../i18n/texts.js';
import { s } from '../lib/dom.js';
import { fmt, signedFmt } from '../lib/format.js';

/** @import { PairShape } from '../types/models.js' */

const CELL = 46;
const LEFT = 96;
const TOP = 10;
const BOTTOM = 40;

/** The bins of one feature as ranges: "≤ e₀", "e₀–e₁", …, "> eₙ". @param {number[]} edges */
function ranges(edges) {
  if (edges.length === 0) return [t('allValues')];
  return [
    `≤ ${fmt(edges[0] ?? 0, 2)}`,
    ...edges.slice(1).map((e, i) => `${fmt(edges[i] ?? 0, 2)}–${fmt(e, 2)}`),
    `> ${fmt(edges[edges.length - 1] ?? 0, 2)}`,
  ];
}

/** A colour from green through white to red, by the value's share of the largest. @param {number} share */
function colour(share) {
  const c = Math.min(1, Math.abs(share));
  const [r, g, b] = share >= 0 ? [164, 22, 26] : [27, 107, 58];
  const mix = (/** @type {number} */ v) => Math.round(255 + (v - 255) * c);
  return `rgb(${mix(r)},${mix(g)},${mix(b)})`;
}

/** @param {PairShape} pair */
export function pairChart(pair) {
  const [a, b] = pair.features;
  const rows = ranges(pair.edges[0]);
  const cols = ranges(pair.edges[1]);
  const largest = pair.terms.reduce((m, v) => Math.max(m, Math.abs(v)), 1e-9);
  // As wide as the line charts at least, so the axis names fit.
  const width = Math.max(360, LEFT + cols.length * CELL + 10);
  const height = TOP + rows.length * CELL + BOTTOM;
  const svg = s('svg', {
    viewBox: `0 0 ${width} ${height}`,
    width: '100%',
    role: 'img',
    'aria-label': `${describe(a)} × ${describe(b)}: ${t('pairTerms')}`,
  });
  rows.forEach((rowLabel, r) => {
    svg.append(s('text', { x: LEFT - 6, y: TOP + r * CELL + CELL / 2 + 4, 'text-anchor': 'end' }, rowLabel));
    cols.forEach((_, c) => {
      const value = pair.terms[r * cols.length + c] ?? 0;
      const x = LEFT + c * CELL;
      const y = TOP + r * CELL;
      // White figures on the darker half of the scale (app.css: text.on-dark).
      const dark = Math.abs(value / largest) > 0.5;
      svg.append(
        s('rect', { x, y, width: CELL - 2, height: CELL - 2, fill: colour(value / largest), class: 'pair-cell', 'data-value': value }),
        s(
          'text',
          { x: x + CELL / 2 - 1, y: y + CELL / 2 + 4, 'text-anchor': 'middle', class: dark ? 'on-dark' : null },
          signedFmt(value, 2),
        ),
      );
    });
  });
  cols.forEach((label, c) =>
    svg.append(s('text', { x: LEFT + c * CELL + CELL / 2 - 1, y: TOP + rows.length * CELL + 14, 'text-anchor': 'middle' }, label)),
  );
  svg.append(s('text', { x: LEFT, y: height - 4 }, b));
  svg.append(s('text', { x: 4, y: TOP + 8 }, a));
  return svg;
}
