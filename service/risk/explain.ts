/**
 * An explanation of one stored risk score, in words: every feature's contribution to the
 * logit with the value it came from and the population median it compares with, and
 * sentences from the feature catalogue. The numbers are the ones scoring computed (stored,
 * or computed again from the stored values: models/stored-terms.ts): intercept plus
 * contributions is the logit (exactly for logistic and additive models; for an MLP up to
 * the integrated-gradients completeness error stored with the model).
 */
import type { Lang } from '../../config/index.ts';
import { FEATURE_CATALOGUE, imputationIndicators, isImputed, type FeatureEntry } from '../../features/index.ts';
import { reasonTerms, type ReasonTerm } from '../../models/index.ts';
import { dateText, signed, valueText } from './explain-values.ts';

export interface StoredScore {
  score: number;
  contributions: number[];
  intercept: number;
  featureValues: number[] | null;
}

/**
 * What a risk list gives every explanation on it: the model's feature names, the medians in
 * the same order, the reference date, and the feature indices of the model's pair terms,
 * whose contributions follow the features' in a stored score.
 */
export interface ListBasis {
  names: readonly string[];
  medians: readonly number[] | null;
  referenceDate: string;
  pairs?: ReadonlyArray<readonly [number, number]>;
}

export interface Contribution {
  /** The feature's name; for a pair term "a × b". */
  feature: string;
  /** A pair term's two feature names (absent for a feature). */
  pair?: [string, string];
  contribution: number;
  value: number | null;
  reference: number | null;
  /** The value as the sentence reads it: a state, "never", "unknown", or a number in the language's format. */
  valueText: string;
  referenceText: string;
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

export type Reason = Pick<Contribution, 'feature' | 'contribution' | 'sentence'>;

/** One feature of one address, as a sentence reads it. `imputed`: the value is a stand-in for a missing one. */
export interface FeatureReading {
  name: string;
  value: number | null;
  reference: number | null;
  contribution: number;
  imputed?: boolean;
}

const byName = new Map<string, FeatureEntry>(FEATURE_CATALOGUE.map((f) => [f.name, f]));

/**
 * What a contribution means: every family's contributions are measured from the average
 * address (additive terms are centred, logistic features standardised, integrated
 * gradients start at the training mean), so a sentence says how this value moves the
 * score against an average home — not that the value itself raises or lowers it.
 */
const EFFECT = {
  nl: {
    raises: 'verhoogt de score ten opzichte van een gemiddelde woning',
    lowers: 'verlaagt de score ten opzichte van een gemiddelde woning',
    none: 'maakt vrijwel geen verschil ten opzichte van een gemiddelde woning',
  },
  en: {
    raises: 'raises the score compared with an average home',
    lowers: 'lowers the score compared with an average home',
    none: 'makes hardly any difference compared with an average home',
  },
} as const;

/**
 * A feature's sentence template with the year and date filled in, cut at {value} and
 * {reference}: the pieces in order, a symbol where a number goes.
 */
const VALUE = Symbol('value');
const REFERENCE = Symbol('reference');
type Template = { pieces: Array<string | typeof VALUE | typeof REFERENCE>; entry: FeatureEntry };
/** The templates of one language and reference date, by feature name (null: not in the catalogue). */
type Templates = { lang: Lang; referenceDate: string; byFeature: Map<string, Template | null> };

/** Language and reference dates whose templates are kept at most; then the kept ones are dropped. */
const KEPT_DATES = 100;

/**
 * Writes explanations. Templates are made once per feature, language and reference date,
 * and an explanation looks up its language and date once, then each feature by name; one
 * Explainer per app holds them.
 */
export class Explainer {
  private readonly templates = new Map<string, Templates>();
  /** For each feature of a names array, the position of the indicator that marks its value as imputed (-1: none). A risk list keeps one names array. */
  private readonly indicators = new WeakMap<readonly string[], Int32Array>();

  /** Every contribution, largest effect first. */
  explain(basis: ListBasis, stored: StoredScore, lang: Lang): Explanation {
    const { names, medians } = basis;
    const forDate = this.templatesFor(lang, basis.referenceDate);
    const contributions = names.map((feature, j): Contribution => {
      const contribution = stored.contributions[j] ?? 0;
      const value = stored.featureValues?.[j] ?? null;
      const reference = medians?.[j] ?? null;
      const imputed = isImputed(this.indicatorsOf(names), stored.featureValues, j);
      const entry = byName.get(feature);
      return {
        feature,
        contribution,
        value,
        reference,
        valueText: valueText(entry, value, lang, imputed),
        referenceText: valueText(entry, reference, lang),
        sentence: sentence(forDate, { name: feature, value, reference, contribution, imputed }),
      };
    });
    for (const [q, [a, b]] of (basis.pairs ?? []).entries()) {
      const contribution = stored.contributions[names.length + q] ?? 0;
      const pair: [string, string] = [names[a]!, names[b]!];
      const sentence = pairSentence(pair, contribution, lang);
      contributions.push({
        feature: pair.join(' × '),
        pair,
        contribution,
        value: null,
        reference: null,
        valueText: '',
        referenceText: '',
        sentence,
      });
    }
    contributions.sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution) || (a.feature < b.feature ? -1 : 1));
    const total = stored.intercept + stored.contributions.reduce((s, c) => s + c, 0);
    return { lang, logit: stored.score, intercept: stored.intercept, completenessError: total - stored.score, contributions };
  }

  /** The three contributions that raise the score most (fewer when fewer raise it); with `sign` -1, those that lower it most. */
  topReasons(basis: ListBasis, stored: StoredScore, lang: Lang, count = 3, sign: 1 | -1 = 1): Reason[] {
    const score = {
      contributions: stored.contributions,
      values: stored.featureValues,
      features: basis.names.length,
      pairs: basis.pairs?.length ?? 0,
      indicators: this.indicatorsOf(basis.names),
    };
    return this.reasons(basis, reasonTerms(score, count, sign), lang);
  }

  /** Reasons in words: the terms as chosen (topReasons, or as scoring stored them), in their order. */
  reasons(basis: ListBasis, terms: readonly ReasonTerm[], lang: Lang): Reason[] {
    const { names, medians } = basis;
    const forDate = this.templatesFor(lang, basis.referenceDate);
    return terms.map(({ term, contribution, value, imputed }) => {
      if (term < names.length) {
        const name = names[term]!;
        const reference = medians?.[term] ?? null;
        return { feature: name, contribution, sentence: sentence(forDate, { name, value, reference, contribution, imputed }) };
      }
      const [a, b] = basis.pairs?.[term - names.length] ?? [];
      if (a === undefined || b === undefined) throw new Error(`a stored reason names term ${term}, which this list's model does not have`);
      const pair: [string, string] = [names[a]!, names[b]!];
      return { feature: pair.join(' × '), contribution, sentence: pairSentence(pair, contribution, lang) };
    });
  }

  /** One feature's sentence on a list of `referenceDate`. */
  featureSentence(reading: FeatureReading, referenceDate: string, lang: Lang): string {
    return sentence(this.templatesFor(lang, referenceDate), reading);
  }

  private templatesFor(lang: Lang, referenceDate: string): Templates {
    const key = `${lang}|${referenceDate}`;
    let forDate = this.templates.get(key);
    if (!forDate) {
      if (this.templates.size > KEPT_DATES) this.templates.clear();
      this.templates.set(key, (forDate = { lang, referenceDate, byFeature: new Map() }));
    }
    return forDate;
  }

  private indicatorsOf(names: readonly string[]): Int32Array {
    let found = this.indicators.get(names);
    if (!found) this.indicators.set(names, (found = imputationIndicators(names)));
    return found;
  }
}

function template(forDate: Templates, name: string): Template | null {
  let t = forDate.byFeature.get(name);
  if (t === undefined) {
    const entry = byName.get(name);
    t = null;
    if (entry) {
      const { lang, referenceDate } = forDate;
      const year = String(Number(referenceDate.slice(0, 4)) - 1);
      const text = entry.sentence[lang].replaceAll('{year}', year).replaceAll('{date}', dateText(referenceDate, lang));
      const pieces = text.split(/(\{value\}|\{reference\})/).map((p) => (p === '{value}' ? VALUE : p === '{reference}' ? REFERENCE : p));
      t = { pieces, entry };
    }
    forDate.byFeature.set(name, t);
  }
  return t;
}

/** The effect words of a contribution, with its signed size. */
function effectOf(contribution: number, lang: Lang): string {
  // Below half a hundredth of a logit the shown sign would be noise.
  const effect = Math.abs(contribution) < 0.005 ? EFFECT[lang].none : contribution > 0 ? EFFECT[lang].raises : EFFECT[lang].lowers;
  return `${effect} (${signed(contribution, lang)})`;
}

/**
 * A pair term's sentence: what the two features do together beyond what each does alone
 * (the pair is purified: its values sum to 0 along each feature over the training rows).
 */
function pairSentence([a, b]: readonly [string, string], contribution: number, lang: Lang): string {
  const words = (name: string) => byName.get(name)?.description[lang] ?? name;
  const together =
    lang === 'nl'
      ? `Samenspel van ${lowerFirst(words(a))} en ${lowerFirst(words(b))}, bovenop het effect van elk apart`
      : `Interplay of ${lowerFirst(words(a))} and ${lowerFirst(words(b))}, beyond the effect of each alone`;
  return `${together} — ${effectOf(contribution, lang)}`;
}

const lowerFirst = (text: string) => text.charAt(0).toLowerCase() + text.slice(1);

function sentence(forDate: Templates, { name, value, reference, contribution, imputed = false }: FeatureReading): string {
  const { lang } = forDate;
  const t = template(forDate, name);
  let text = t ? '' : `${name}: ${valueText(undefined, value, lang)}`;
  for (const p of t?.pieces ?? []) {
    if (p === REFERENCE) text += valueText(t!.entry, reference, lang);
    else if (p !== VALUE) text += p;
    else {
      text += valueText(t!.entry, value, lang, imputed);
      // The rest of a template speaks of the stand-in as if measured ("× the median").
      if (imputed) break;
    }
  }
  return `${text} — ${effectOf(contribution, lang)}`;
}
