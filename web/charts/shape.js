// @ts-check
/**
 * A shape function of the additive model: the contribution to the logit as a step
 * function of the feature's value, symmetric around zero.
 */
import { describe, isYear } from '../api/catalogue.js';
import { t } from '../i18n/texts.js';
import { lineChart } from './line.js';

/** @import { Shape } from '../types/models.js' */

/** @param {Shape} shape */
export function shapeChart(shape) {
  const { edges, terms } = shape;
  const first = edges[0] ?? 0,
    last = edges[edges.length - 1] ?? 0;
  const span = edges.length > 1 ? last - first : Math.max(1, Math.abs(edges[0] ?? 1));
  const pad = Math.max(span * 0.08, 0.5);
  const lo = first - pad,
    hi = last + pad;
  const points = [{ x: lo, y: terms[0] ?? 0 }];
  edges.forEach((e, i) => points.push({ x: e, y: terms[i + 1] ?? 0 }));
  points.push({ x: hi, y: terms[terms.length - 1] ?? 0 });
  const m = terms.reduce((m, y) => Math.max(m, Math.abs(y)), 1e-3);
  return lineChart({
    points,
    xLabel: shape.feature,
    yLabel: 'logit',
    step: true,
    xDomain: [lo, hi],
    yDomain: [-m, m],
    label: `${describe(shape.feature)}: ${t('shapes')}`,
    xYears: isYear(shape.feature),
  });
}
