/**
 * How one feature value reads in an explanation: a number in the language's format, the
 * state of a yes/no feature, "never" for a capped recency, "unknown" for a value that was
 * missing or imputed. A 0 or a placeholder such as 120 months must never read as a
 * measured amount.
 */
import type { Lang } from '../../config/index.ts';
import type { FeatureEntry } from '../../features/index.ts';

/** The words for a value that is not a measurement. */
const WORDS = {
  nl: { unknown: 'onbekend', imputed: 'aangevuld' },
  en: { unknown: 'unknown', imputed: 'imputed' },
} as const;

/**
 * Numbers as Dutch (1.234,5) or English (1,234.5) text with at most `maximum` decimals
 * (at least `minimum`); `grouping` false writes no thousands separator (a year). Written
 * out here rather than with Intl.NumberFormat, which is slow for the 170 numbers an
 * explanation formats (README, Performance).
 */
export function formatNumber(value: number, minimum: number, maximum: number, lang: Lang, grouping = true): string {
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
  if (grouping && whole.length > 3) {
    const group = lang === 'nl' ? '.' : ',';
    let grouped = '';
    for (let i = whole.length; i > 0; i -= 3) grouped = whole.slice(Math.max(0, i - 3), i) + (grouped ? group + grouped : '');
    whole = grouped;
  }
  const sign = negative ? '-' : '';
  return fraction ? sign + whole + (lang === 'nl' ? ',' : '.') + fraction : sign + whole;
}

/** A contribution to the logit with its sign and two decimals: +0,33 / −0.50. */
export function signed(x: number, lang: Lang): string {
  return `${x < 0 ? '−' : '+'}${formatNumber(Math.abs(x), 2, 2, lang)}`;
}

/**
 * One value of `entry` as words or a number. `imputed`: the feature's missing-data
 * indicator is 1, so the number is a stand-in (a median), shown as such.
 */
export function valueText(entry: FeatureEntry | undefined, value: number | null, lang: Lang, imputed = false): string {
  if (value === null || !Number.isFinite(value)) return WORDS[lang].unknown;
  if (!entry) return formatNumber(value, 0, 3, lang);
  // Flags are 0 or 1; an MLP's reference could sit between, which reads as the nearer state.
  if (entry.states) return entry.states[lang][value >= 0.5 ? 1 : 0];
  if (entry.never && value >= entry.never.value) return entry.never[lang];
  const number = formatNumber(value, 0, entry.decimals, lang, !entry.plain);
  return imputed ? `${WORDS[lang].unknown} (${WORDS[lang].imputed}: ${number})` : number;
}

const DATES = {
  nl: new Intl.DateTimeFormat('nl-NL', { dateStyle: 'long', timeZone: 'UTC' }),
  en: new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'UTC' }),
};

/** A calendar date (YYYY-MM-DD) as words: 1 januari 2025, 1 January 2025. */
export function dateText(isoDate: string, lang: Lang): string {
  return DATES[lang].format(new Date(`${isoDate}T00:00:00Z`));
}
