/**
 * The promotion gate's reasons in the reader's language. They are stored as English text
 * at training; a reason that the stored figures rebuild exactly (the comparison with the
 * active model, no model active, another feature list) is re-worded from those figures,
 * and any other stays the English it was stored as, said to be so.
 */
import type { Lang } from '../config/index.ts';
import type { StoredMetrics } from './card-types.ts';
import type { GateFinding } from './fairness-gate.ts';
import type { ModelRecord } from './registry.ts';
import { decimalNl } from './words-nl.ts';

export interface WordedReason {
  text: string;
  /** The language `text` is in: the page's, or `en` for a reason only the stored English says. */
  lang: Lang;
}

interface StoredGate {
  reasons: string[];
  promotionTolerance?: number;
}

type Comparison = { version: number; averagePrecision: number; withoutListPrompted: boolean };

/** The comparison with the active model as gate.ts wrote it, and in Dutch; null when the record does not hold its figures. */
function comparisonWords(metrics: StoredMetrics & { activeComparison?: Comparison | null }, tolerance: number | undefined) {
  const compared = metrics.activeComparison;
  const self = metrics.selfSelection;
  if (!compared || tolerance === undefined || (compared.withoutListPrompted && !self)) return null;
  const year = metrics.chosen.year;
  const chosenAp = compared.withoutListPrompted ? self!.averagePrecisionWithout! : metrics.chosen.averagePrecision;
  const activeAp = compared.averagePrecision;
  const needed = (1 - tolerance) * activeAp;
  const passed = chosenAp >= needed;
  const v = compared.version;
  const onWhat = compared.withoutListPrompted
    ? `on ${year} without the ${self!.controlled} addresses a risk list sent controls to`
    : `on ${year}`;
  const opNl = compared.withoutListPrompted
    ? `op ${year} zonder de ${self!.controlled} adressen waar een risicolijst controles heen stuurde`
    : `op ${year}`;
  const [c, n, a] = [chosenAp, needed, activeAp];
  const en = passed
    ? `test AP ${c.toFixed(4)} ≥ ${n.toFixed(4)} ${onWhat} (active model ${v}: ${a.toFixed(4)}, tolerance ${tolerance * 100} %)`
    : `test AP ${c.toFixed(4)} is below ${n.toFixed(4)}: more than ${tolerance * 100} % under the active model ${v} (${a.toFixed(4)}) ${onWhat}`;
  const pctNl = String(tolerance * 100).replace('.', ',');
  const nl = passed
    ? `test-AP ${decimalNl(c, 4)} ≥ ${decimalNl(n, 4)} ${opNl} (actief model ${v}: ${decimalNl(a, 4)}, tolerantie ${pctNl} %)`
    : `test-AP ${decimalNl(c, 4)} is lager dan ${decimalNl(n, 4)}: meer dan ${pctNl} % onder het actieve model ${v} (${decimalNl(a, 4)}) ${opNl}`;
  return { en, nl };
}

const OTHER_FEATURES =
  /^the active model (\d+) uses another feature list; it cannot be scored on this test year, so only the fairness bounds apply$/;

/** The gate's reasons of `record` in `lang`, each with the language it is in. */
export function gateReasonWords(record: ModelRecord, lang: Lang): WordedReason[] {
  const gate = record.gate as StoredGate;
  if (lang === 'en') return gate.reasons.map((text) => ({ text, lang: 'en' }));
  const comparison = comparisonWords(record.metrics as StoredMetrics, gate.promotionTolerance);
  // The fairness findings keep their Dutch beside the English since they were stored so.
  const stored = record.metrics as { fairness?: { gate?: { findings?: GateFinding[] } } };
  const findings = stored.fairness?.gate?.findings ?? [];
  return gate.reasons.map((reason): WordedReason => {
    if (reason === 'no model was active') return { text: 'er was geen actief model', lang };
    const other = OTHER_FEATURES.exec(reason);
    if (other)
      return {
        text: `het actieve model ${other[1]} gebruikt andere kenmerken; het is op dit testjaar niet te scoren, dus alleen de grenzen voor eerlijkheid gelden`,
        lang,
      };
    if (comparison && reason === comparison.en) return { text: comparison.nl, lang };
    const finding = findings.find((f) => f.reason === reason && f.reasonNl);
    if (finding) return { text: finding.reasonNl!, lang };
    return { text: reason, lang: 'en' };
  });
}
