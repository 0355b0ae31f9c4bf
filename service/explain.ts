import { FEATURE_CATALOGUE, type FeatureEntry } from '../features/index.ts';

/**
 * An explanation of one stored risk score, in words: every feature's contribution to the
 * logit with the value it came from and the population median it compares with, and
 * sentences from the feature catalogue. The numbers are the stored ones: intercept plus
 * contributions is the logit (exactly for logistic and additive models; for an MLP up to
 * the integrated-gradients completeness error stored with the model).
 */
export type Lang = 'nl' | 'en';

export interface StoredScore {
  score: number;
  contributions: number[];
  intercept: number;
  featureValues: number[] | null;
}

export interface Contribution {
  feature: string;
  contribution: number;
  value: number | null;
  reference: number | null;
  sentence: string;
}

export interface Explanation {
  lang: Lang;
  logit: number;
  intercept: number;
  /** Sum of intercept and contributions minus the logit: 0 up to rounding for glass-box models. */
  completenessError: number;
  contributions: Contribution[];
}

const byName = new Map<string, FeatureEntry>(FEATURE_CATALOGUE.map((f) => [f.name, f]));

const WORDS = {
  nl: { raises: 'verhoogt de score', lowers: 'verlaagt de score', none: 'vrijwel geen invloed op de score', unknown: 'onbekend' },
  en: { raises: 'raises the score', lowers: 'lowers the score', none: 'hardly affects the score', unknown: 'unknown' },
} as const;

/**
 * Numbers as Dutch (1.234,5) or English (1,234.5) text with at most `maximum` decimals
 * (at least `minimum`). Written out here rather than with Intl.NumberFormat: an
 * explanation formats 170 numbers, and Intl took most of a risk request's time.
 */
export function formatNumber(value: number, minimum: number, maximum: number, lang: Lang): string {
  const negative = value < 0;
  const abs = negative ? -value : value;
  let whole: string;
  let fraction = '';
  if (minimum === 0 && Number.isInteger(abs)) {
    // Counts and flags, most of an explanation's numbers: no rounding to do.
    whole = abs.toFixed(0);
  } else {
    const fixed = abs.toFixed(maximum);
    const dot = fixed.indexOf('.');
    if (dot < 0) {
      whole = fixed;
    } else {
      let end = fixed.length;
      while (end > dot + 1 + minimum && fixed.charCodeAt(end - 1) === 48 /* 0 */) end--;
      whole = fixed.slice(0, dot);
      fraction = fixed.slice(dot + 1, end);
    }
  }
  if (whole.length > 3) {
    const group = lang === 'nl' ? '.' : ',';
    let grouped = '';
    for (let i = whole.length; i > 0; i -= 3) grouped = whole.slice(Math.max(0, i - 3), i) + (grouped ? group + grouped : '');
    whole = grouped;
  }
  const sign = negative ? '-' : '';
  return fraction ? sign + whole + (lang === 'nl' ? ',' : '.') + fraction : sign + whole;
}

function format(value: number | null, decimals: number, lang: Lang): string {
  if (value === null || !Number.isFinite(value)) return WORDS[lang].unknown;
  return formatNumber(value, 0, decimals, lang);
}

export function signed(x: number, lang: Lang): string {
  return `${x < 0 ? '−' : '+'}${formatNumber(Math.abs(x), 2, 2, lang)}`;
}

/**
 * A feature's sentence template with the year and date filled in, cut at {value} and
 * {reference}: the pieces in order, a symbol where a number goes. Made once per
 * feature, language and reference date; an explanation looks up its language and date
 * once and then each feature by name (building a key per feature showed in profiles).
 */
const VALUE = Symbol('value');
const REFERENCE = Symbol('reference');
type Template = { pieces: Array<string | typeof VALUE | typeof REFERENCE>; decimals: number };
/** The templates of one language and reference date, by feature name (null: not in the catalogue). */
type Templates = { lang: Lang; referenceDate: string; byFeature: Map<string, Template | null> };
const templates = new Map<string, Templates>();

function templatesFor(lang: Lang, referenceDate: string): Templates {
  const key = `${lang}|${referenceDate}`;
  let forDate = templates.get(key);
  if (!forDate) {
    if (templates.size > 100) templates.clear();
    templates.set(key, (forDate = { lang, referenceDate, byFeature: new Map() }));
  }
  return forDate;
}

function template(forDate: Templates, name: string): Template | null {
  let t = forDate.byFeature.get(name);
  if (t === undefined) {
    const entry = byName.get(name);
    t = null;
    if (entry) {
      const { lang, referenceDate } = forDate;
      const year = String(Number(referenceDate.slice(0, 4)) - 1);
      const text = entry.sentence[lang].replaceAll('{year}', year).replaceAll('{date}', referenceDate);
      const pieces = text.split(/(\{value\}|\{reference\})/).map((p) => (p === '{value}' ? VALUE : p === '{reference}' ? REFERENCE : p));
      t = { pieces, decimals: entry.decimals };
    }
    forDate.byFeature.set(name, t);
  }
  return t;
}

function sentence(forDate: Templates, name: string, value: number | null, reference: number | null, contribution: number): string {
  const { lang } = forDate;
  const t = template(forDate, name);
  if (!t) return `${name}: ${format(value, 3, lang)}`;
  let text = '';
  for (const p of t.pieces) text += p === VALUE ? format(value, t.decimals, lang) : p === REFERENCE ? format(reference, t.decimals, lang) : p;
  // Below half a hundredth of a logit the shown sign would be noise.
  const effect = Math.abs(contribution) < 0.005 ? WORDS[lang].none : contribution > 0 ? WORDS[lang].raises : WORDS[lang].lowers;
  return `${text} — ${effect} (${signed(contribution, lang)})`;
}

export function featureSentence(name: string, value: number | null, reference: number | null, contribution: number, referenceDate: string, lang: Lang): string {
  return sentence(templatesFor(lang, referenceDate), name, value, reference, contribution);
}

/** Every contribution, largest effect first. */
export function explain(names: readonly string[], stored: StoredScore, medians: readonly number[] | null, referenceDate: string, lang: Lang): Explanation {
  const forDate = templatesFor(lang, referenceDate);
  const contributions = names.map((feature, j): Contribution => {
    const contribution = stored.contributions[j] ?? 0;
    const value = stored.featureValues?.[j] ?? null;
    const reference = medians?.[j] ?? null;
    return {
      feature,
      contribution,
      value,
      reference,
      sentence: sentence(forDate, feature, value, reference, contribution),
    };
  });
  contributions.sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution) || (a.feature < b.feature ? -1 : 1));
  const total = stored.intercept + stored.contributions.reduce((s, c) => s + c, 0);
  return { lang, logit: stored.score, intercept: stored.intercept, completenessError: total - stored.score, contributions };
}

/** The three contributions that raise the score most (fewer when fewer raise it). */
export function topReasons(names: readonly string[], stored: StoredScore, medians: readonly number[] | null, referenceDate: string, lang: Lang, count = 3): Array<{ feature: string; contribution: number; sentence: string }> {
  const forDate = templatesFor(lang, referenceDate);
  return names
    .map((feature, j) => ({ feature, j, contribution: stored.contributions[j] ?? 0 }))
    .filter((c) => c.contribution > 0)
    .sort((a, b) => b.contribution - a.contribution)
    .slice(0, count)
    .map(({ feature, j, contribution }) => ({
      feature,
      contribution,
      sentence: sentence(forDate, feature, stored.featureValues?.[j] ?? null, medians?.[j] ?? null, contribution),
    }));
}
