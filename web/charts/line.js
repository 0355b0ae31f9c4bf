// @ts-check
/**
 * A small line chart in SVG with four grid lines per axis: the model card's PR curve,
 * calibration curve and shape functions.
 */
import { fmt, plain } from '../lib/format.js';
import { s } from '../lib/dom.js';

/** @typedef {{ x: number, y: number }} Point */

/**
 * @typedef {object} LineChart
 * @property {Point[]} points
 * @property {string} xLabel
 * @property {string} yLabel
 * @property {string} label  what a screen reader says for the chart
 * @property {boolean} [diagonal]  draw y = x, for calibration
 * @property {boolean} [step]  a step function rather than straight lines
 * @property {[number, number]} [xDomain]
 * @property {[number, number]} [yDomain]
 * @property {boolean} [dots]
 * @property {boolean} [xYears]  x ticks as years, without a thousands separator
 * @property {{ upper: Point[], lower: Point[] }} [band]  a shaded band behind the curve (same x as the points), drawn as the curve is
 */

const WIDTH = 360,
  HEIGHT = 250,
  LEFT = 44,
  BOTTOM = 34,
  TOP = 10,
  RIGHT = 10;

/** The smallest or largest of `values` and `start`, without spreading them into a call. @param {number[]} values @param {(a: number, b: number) => number} pick @param {number} start */
function extreme(values, pick, start) {
  return values.reduce((m, v) => pick(m, v), start);
}

/** Enough decimals that the ticks differ: 0.0025 steps need 4, 0.25 steps need 2. @param {number} span */
const digits = (span) => Math.min(6, Math.max(0, Math.ceil(-Math.log10((span || 1) / 4)) + 1));

/** The path through the points, in chart coordinates. @param {Point[]} points @param {(x: number) => number} X @param {(y: number) => number} Y @param {boolean} step */
function pathOf(points, X, Y, step) {
  let d = '';
  points.forEach((p, i) => {
    if (i === 0) d += `M${X(p.x)},${Y(p.y)}`;
    else d += step ? `H${X(p.x)}V${Y(p.y)}` : `L${X(p.x)},${Y(p.y)}`;
  });
  return d;
}

/**
 * The outline of a band: along the upper points left to right, back along the lower ones.
 * A step band goes back vertical-then-horizontal, so each stretch keeps the height it has going forward.
 * @param {{ upper: Point[], lower: Point[] }} band @param {(x: number) => number} X @param {(y: number) => number} Y @param {boolean} step
 */
function bandOf({ upper, lower }, X, Y, step) {
  let d = pathOf(upper, X, Y, step);
  for (let i = lower.length - 1; i >= 0; i--) {
    const p = lower[i];
    if (!p) continue;
    if (i === lower.length - 1) d += `L${X(p.x)},${Y(p.y)}`;
    else d += step ? `V${Y(p.y)}H${X(p.x)}` : `L${X(p.x)},${Y(p.y)}`;
  }
  return `${d}Z`;
}

/** @param {LineChart} chart */
export function lineChart({
  points,
  xLabel,
  yLabel,
  diagonal = false,
  step = false,
  xDomain,
  yDomain,
  dots = false,
  label,
  xYears = false,
  band,
}) {
  const xs = points.map((p) => p.x),
    ys = points.map((p) => p.y);
  const [x0, x1] = xDomain ?? [extreme(xs, Math.min, Infinity), extreme(xs, Math.max, -Infinity)];
  const [y0, y1] = yDomain ?? [extreme(ys, Math.min, 0), extreme(ys, Math.max, 1e-9)];
  /** @param {number} x */
  const X = (x) => LEFT + ((x - x0) / (x1 - x0 || 1)) * (WIDTH - LEFT - RIGHT);
  /** @param {number} y */
  const Y = (y) => HEIGHT - BOTTOM - ((y - y0) / (y1 - y0 || 1)) * (HEIGHT - BOTTOM - TOP);
  const svg = s('svg', { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, width: '100%', role: 'img', 'aria-label': label });
  for (let i = 0; i <= 4; i++) {
    const gy = y0 + ((y1 - y0) * i) / 4,
      gx = x0 + ((x1 - x0) * i) / 4;
    svg.append(
      s('line', { x1: LEFT, x2: WIDTH - RIGHT, y1: Y(gy), y2: Y(gy), class: 'grid' }),
      s('text', { x: LEFT - 4, y: Y(gy) + 4, 'text-anchor': 'end' }, fmt(gy, digits(y1 - y0))),
    );
    svg.append(s('text', { x: X(gx), y: HEIGHT - BOTTOM + 14, 'text-anchor': 'middle' }, xYears ? plain(gx) : fmt(gx, digits(x1 - x0))));
  }
  svg.append(
    s('line', { x1: LEFT, x2: LEFT, y1: TOP, y2: HEIGHT - BOTTOM, class: 'axis' }),
    s('line', { x1: LEFT, x2: WIDTH - RIGHT, y1: HEIGHT - BOTTOM, y2: HEIGHT - BOTTOM, class: 'axis' }),
  );
  if (diagonal) svg.append(s('line', { x1: X(x0), y1: Y(y0), x2: X(Math.min(x1, y1)), y2: Y(Math.min(x1, y1)), class: 'diag' }));
  if (band) svg.append(s('path', { d: bandOf(band, X, Y, step), class: 'band' }));
  svg.append(s('path', { d: pathOf(points, X, Y, step), class: 'curve' }));
  if (dots) for (const p of points) svg.append(s('circle', { cx: X(p.x), cy: Y(p.y), r: 3, class: 'dot' }));
  svg.append(
    s('text', { x: (LEFT + WIDTH) / 2, y: HEIGHT - 4, 'text-anchor': 'middle' }, xLabel),
    s('text', { x: 10, y: TOP + 8 }, yLabel),
  );
  return svg;
}
