// @ts-check
/**
 * A shape function of the additive model: the contribution to the logit as a step
 * function of the feature's value, symmetric around zero, with a band of ± the spread of
 * each bin across the model's outer bags where the model has one.
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
  /** The step points of per-bin values. @param {(k: number) => number} value */
  const stepsOf = (value) => [
    { x: lo, y: value(0) },
    ...edges.map((e, i) => ({ x: e, y: value(i + 1) })),
    { x: hi, y: value(terms.length - 1) },
  ];
  const spread = shape.spread;
  const points = stepsOf((k) => terms[k] ?? 0);
  const band = spread
    ? { upper: stepsOf((k) => (terms[k] ?? 0) + (spread[k] ?? 0)), lower: stepsOf((k) => (terms[k] ?? 0) - (spread[k] ?? 0)) }
    : undefined;
  const m = terms.reduce((m, y, k) => Math.max(m, Math.abs(y) + (spread?.[k] ?? 0)), 1e-3);
  return lineChart({
    points,
    xLabel: shape.feature,
    yLabel: 'logit',
    step: true,
    xDomain: [lo, hi],
    yDomain: [-m, m],
    label: `${describe(shape.feature)}: ${t('shapes')}`,
    xYears: isYear(shape.feature),
    ...(band ? { band } : {}),
  });
}
