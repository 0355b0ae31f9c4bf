import type { YearFigures } from './figures.ts';
import type { RunKey, SimulateOptions } from './options.ts';
import type { PolicyRun } from './run.ts';

/** A run over all its years. */
export interface RunSummary extends RunKey {
  label: string;
  /** Positive labels over the years (addresses found, each year counted). */
  found: number;
  extraControls: number;
  extraFinds: number;
  needless: number;
  /** Share of group b among the needless extra controls of all years; null without any. */
  groupBNeedless: number | null;
  /** Share of group b among the dwellings, mean over the years. */
  groupBPopulation: number;
  activeAtEnd: number;
  modelExpectedAp: { first: number | null; last: number | null };
  limitExpectedAp: { first: number | null; last: number | null };
  /** Years whose live-precision estimate had an interval, and how many of them covered the truth. */
  livePrecision: { withInterval: number; covered: number; meanWidth: number | null };
  seconds: number;
  cpuSeconds: number;
  /** Share of group b in the list's top K, first and last year. */
  groupBListTop: { first: number | null; last: number | null };
}

export interface SimulationReport {
  settings: SimulateOptions;
  runs: PolicyRun[];
  summaries: RunSummary[];
  /** The comparisons in plain words. */
  findings: string[];
  seconds: number;
}

export function runLabel(key: RunKey, options: Pick<SimulateOptions, 'labelWeightings'>): string {
  return options.labelWeightings.length > 1 || key.labelWeighting !== 'none' ? `${key.policy} (${key.labelWeighting})` : key.policy;
}

const sum = (years: readonly YearFigures[], of: (y: YearFigures) => number) => years.reduce((s, y) => s + of(y), 0);

export function summarise(run: PolicyRun, options: SimulateOptions): RunSummary {
  const { years } = run;
  const needless = sum(years, (y) => y.extra.needless);
  const intervals = years.map((y) => y.livePrecision).filter((l) => l !== null && l.low !== null && l.high !== null);
  return {
    policy: run.policy,
    labelWeighting: run.labelWeighting,
    label: runLabel(run, options),
    found: sum(years, (y) => y.found.total),
    extraControls: sum(years, (y) => y.extra.controls),
    extraFinds: sum(years, (y) => y.extra.finds),
    needless,
    groupBNeedless: needless > 0 ? sum(years, (y) => y.extra.needlessGroupB) / needless : null,
    groupBPopulation: sum(years, (y) => y.groupB.population) / Math.max(1, years.length),
    activeAtEnd: years.at(-1)?.activeAtYearEnd ?? 0,
    modelExpectedAp: { first: years[0]?.model.expectedAp ?? null, last: years.at(-1)?.model.expectedAp ?? null },
    limitExpectedAp: { first: years[0]?.limit.expectedAp ?? null, last: years.at(-1)?.limit.expectedAp ?? null },
    livePrecision: {
      withInterval: intervals.length,
      covered: intervals.filter((l) => l!.covered).length,
      meanWidth: intervals.length ? intervals.reduce((s, l) => s + (l!.high! - l!.low!), 0) / intervals.length : null,
    },
    seconds: run.seconds,
    cpuSeconds: run.cpuSeconds,
    groupBListTop: { first: years[0]?.groupB.listTop ?? null, last: years.at(-1)?.groupB.listTop ?? null },
  };
}

const ratio = (a: number | null, b: number | null) => (a !== null && b !== null && b > 0 ? a / b : null);
const times = (x: number | null) => (x === null ? 'n/a' : `${x.toFixed(2)} ×`);
const pct = (x: number | null) => (x === null ? '–' : `${(100 * x).toFixed(1)} %`);
const fixed = (x: number | null, digits = 3) => (x === null ? 'n/a' : x.toFixed(digits));

/** Each run against the same-weighting status quo, random controls and the limit, in sentences. */
export function findings(summaries: readonly RunSummary[], options: SimulateOptions): string[] {
  const lines: string[] = [];
  const years = `${options.from}–${options.from + options.years - 1}`;
  for (const s of summaries) {
    const peer = (policy: string) => summaries.find((o) => o.policy === policy && o.labelWeighting === s.labelWeighting);
    const parts = [`${s.label}, ${years}: ${s.found} cultivations found in all, ${s.activeAtEnd} still running at the end`];
    const statusQuo = peer('status-quo');
    if (statusQuo && s !== statusQuo)
      parts.push(`${s.found - statusQuo.found >= 0 ? '+' : ''}${s.found - statusQuo.found} against the status quo`);
    if (s.extraControls > 0) {
      parts.push(`its ${s.extraControls} extra controls found ${s.extraFinds}`);
      const random = peer('random');
      if (random && s !== random)
        parts.push(`${times(ratio(s.extraFinds, random.extraFinds))} as many as the same number of random controls (${random.extraFinds})`);
      const b = ratio(s.groupBNeedless, s.groupBPopulation);
      parts.push(
        `${s.needless} were needless, ${pct(s.groupBNeedless)} of them in group b against ${pct(s.groupBPopulation)} of the dwellings (${times(b)})`,
      );
      const limit = peer('limit');
      if (limit && s !== limit) parts.push(`the limit's needless controls: ${times(ratio(limit.groupBNeedless, limit.groupBPopulation))}`);
    }
    parts.push(
      `group b held ${pct(s.groupBListTop.first)} of the list's top ${options.capacity} in the first year and ${pct(s.groupBListTop.last)} in the last`,
    );
    const limit = `p_bayes: ${fixed(s.limitExpectedAp.first)} to ${fixed(s.limitExpectedAp.last)}`;
    parts.push(`the model's expected AP went from ${fixed(s.modelExpectedAp.first)} to ${fixed(s.modelExpectedAp.last)} (${limit})`);
    if (s.policy === 'model+sample') {
      const l = s.livePrecision;
      parts.push(
        `the 90 % interval of the list's live precision covered the truth in ${l.covered} of ${l.withInterval} years (mean width ${fixed(l.meanWidth)})`,
      );
    }
    lines.push(`${parts.join('; ')}.`);
  }
  return lines;
}

function yearRow(label: string, y: YearFigures, limitShare: number | null): string {
  const r = y.found.byReason;
  const live = y.livePrecision;
  const liveText =
    !live || live.estimate === null
      ? '–'
      : `${pct(live.estimate)} [${pct(live.low)}–${pct(live.high)}] n=${live.sampleSize} / ${pct(live.truth)}`;
  return [
    label,
    y.year,
    y.list ? `${y.list.modelVersion} @ ${y.list.referenceDate}` : '–',
    y.activeAtYearEnd,
    `${y.found.total} (${r.tip}/${r.police}/${r.other}/${r.random}/${r.risk_model})`,
    y.extra.controls,
    y.extra.finds,
    `${y.extra.needless} (${y.extra.needlessGroupB})`,
    `${pct(y.groupB.needless)} / ${pct(y.groupB.population)} / ${pct(limitShare)}`,
    `${pct(y.groupB.listTop)} / ${pct(y.groupB.limitTop)}`,
    `${fixed(y.model.expectedAp)} / ${fixed(y.limit.expectedAp)}`,
    `${fixed(y.model.apLatent)} / ${fixed(y.limit.apLatent)}`,
    liveText,
  ].join(' | ');
}

/** The per-year table (Markdown) and the findings. */
export function formatReport(report: SimulationReport): string {
  const header = [
    'run',
    'year',
    'list (model @ date)',
    'active at year end',
    'found (tip/police/other/random/risk_model)',
    'extra controls',
    'extra finds',
    'needless (group b)',
    'group b: needless / dwellings / limit needless',
    'group b in top K: list / p_bayes',
    'expected AP model / p_bayes',
    'AP on latent model / p_bayes',
    'live precision est. [90 %] n / truth',
  ];
  const lines = [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`];
  for (const run of report.runs) {
    const label = runLabel(run, report.settings);
    const limit = report.runs.find((r) => r.policy === 'limit' && r.labelWeighting === run.labelWeighting);
    for (const y of run.years) lines.push(`| ${yearRow(label, y, limit?.years.find((l) => l.year === y.year)?.groupB.needless ?? null)} |`);
  }
  return `${lines.join('\n')}\n\n${report.findings.map((f) => `- ${f}`).join('\n')}\n`;
}
