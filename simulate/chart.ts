/**
 * The report as one SVG, written by hand: three panels over the years (cultivations
 * found, still running at year end, the model's expected AP with p_bayes dashed), one
 * colour per run.
 */
import type { YearFigures } from './figures.ts';
import { runLabel, type SimulationReport } from './report.ts';

const COLOURS = ['#1b6ca8', '#d1495b', '#2a9d8f', '#e9a03b', '#6a4c93', '#5c6b73', '#8ab17d', '#b5838d', '#264653', '#f4a261'];
const WIDTH = 860;
const PANEL = 220;
const MARGIN = { left: 64, right: 190, top: 36, bottom: 34 };

interface Panel {
  title: string;
  value: (y: YearFigures) => number | null;
  /** A dashed reference line per year (p_bayes), averaged over the runs. */
  reference?: (y: YearFigures) => number | null;
}

const PANELS: Panel[] = [
  { title: 'Cultivations found per year (all controls)', value: (y) => y.found.total },
  { title: 'Cultivations still running at year end', value: (y) => y.activeAtYearEnd },
  {
    title: "Model's expected AP (labels drawn from p_bayes); dashed: p_bayes itself",
    value: (y) => y.model.expectedAp,
    reference: (y) => y.limit.expectedAp,
  },
];

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** The top of the axis: four grid steps of 1, 2, 2.5 or 5 times a power of ten. */
function niceMax(value: number): number {
  if (!(value > 0)) return 1;
  const raw = (value * 1.05) / 4;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].find((m) => m * power >= raw)! * power;
  return 4 * step;
}

function panel(report: SimulationReport, spec: Panel, top: number): string[] {
  const years = report.runs[0]?.years.map((y) => y.year) ?? [];
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = PANEL - MARGIN.top - MARGIN.bottom;
  const series = report.runs.map((run) => run.years.map(spec.value));
  const reference = spec.reference
    ? years.map((_, i) => {
        const values = report.runs
          .map((run) => (run.years[i] ? spec.reference!(run.years[i]!) : null))
          .filter((v): v is number => v !== null);
        return values.length ? values.reduce((a, b) => a + b, 0) / values.length : null;
      })
    : [];
  const all = [...series.flat(), ...reference].filter((v): v is number => v !== null);
  const yMax = niceMax(all.length ? all.reduce((a, b) => Math.max(a, b), 0) : 1);
  const x = (i: number) => MARGIN.left + (years.length > 1 ? (i / (years.length - 1)) * plotWidth : plotWidth / 2);
  const y = (v: number) => top + MARGIN.top + plotHeight - (v / yMax) * plotHeight;
  const out = [`<text x="${MARGIN.left}" y="${top + 20}" class="title">${escape(spec.title)}</text>`];
  for (let t = 0; t <= 4; t++) {
    const v = (yMax * t) / 4;
    out.push(`<line x1="${MARGIN.left}" x2="${MARGIN.left + plotWidth}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" class="grid"/>`);
    out.push(`<text x="${MARGIN.left - 6}" y="${(y(v) + 4).toFixed(1)}" class="tick" text-anchor="end">${Number(v.toPrecision(3))}</text>`);
  }
  years.forEach((year, i) =>
    out.push(`<text x="${x(i).toFixed(1)}" y="${top + PANEL - 12}" class="tick" text-anchor="middle">${year}</text>`),
  );
  const path = (values: readonly (number | null)[]) =>
    values
      .map((v, i) => (v === null ? null : `${x(i).toFixed(1)},${y(v).toFixed(1)}`))
      .filter((p) => p !== null)
      .join(' ');
  if (reference.length) out.push(`<polyline points="${path(reference)}" class="reference"/>`);
  series.forEach((values, r) => {
    const colour = COLOURS[r % COLOURS.length];
    out.push(`<polyline points="${path(values)}" fill="none" stroke="${colour}" stroke-width="2"/>`);
    values.forEach((v, i) => v !== null && out.push(`<circle cx="${x(i).toFixed(1)}" cy="${y(v).toFixed(1)}" r="3" fill="${colour}"/>`));
  });
  return out;
}

export function reportChart(report: SimulationReport): string {
  const height = PANELS.length * PANEL + 40;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="sans-serif">`,
    '<style>.title{font-size:14px;font-weight:bold}.tick{font-size:11px;fill:#444}.grid{stroke:#ddd}.legend{font-size:12px}' +
      '.reference{fill:none;stroke:#888;stroke-width:1.5;stroke-dasharray:5 4}</style>',
    `<rect width="${WIDTH}" height="${height}" fill="white"/>`,
  ];
  PANELS.forEach((spec, i) => {
    for (const line of panel(report, spec, i * PANEL)) parts.push(line);
  });
  report.runs.forEach((run, r) => {
    const top = MARGIN.top + 10 + r * 18;
    parts.push(`<rect x="${WIDTH - MARGIN.right + 16}" y="${top - 9}" width="12" height="12" fill="${COLOURS[r % COLOURS.length]}"/>`);
    parts.push(`<text x="${WIDTH - MARGIN.right + 34}" y="${top + 1}" class="legend">${escape(runLabel(run, report.settings))}</text>`);
  });
  const s = report.settings;
  const caption = `${s.addresses.toLocaleString('en')} addresses, seed ${s.seed}, ${s.capacity} extra controls a year from ${s.from}`;
  parts.push(`<text x="${MARGIN.left}" y="${height - 10}" class="tick">${escape(caption)}</text>`);
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
