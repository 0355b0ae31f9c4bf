/** The features as the command line shows them: a CSV file of a matrix, or the catalogue as text. */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Lang } from '../config/index.ts';
import type { FeatureMatrix } from './build.ts';
import { FEATURE_CATALOGUE } from './catalogue.ts';

/**
 * Writes `address_id,label,<features>`; an empty label means the year's labels are not
 * complete. Numbers in JavaScript's shortest round-trip form, so equal features give
 * byte-identical files.
 */
export async function writeFeaturesCsv(matrix: FeatureMatrix, path: string): Promise<void> {
  const out = createWriteStream(path);
  const width = matrix.names.length;
  out.write(`address_id,label,${matrix.names.join(',')}\n`);
  for (let i = 0; i < matrix.addressIds.length; i++) {
    const row = Array.from(matrix.values.subarray(i * width, (i + 1) * width), String);
    const ok = out.write(`${matrix.addressIds[i]},${matrix.labels[i] ?? ''},${row.join(',')}\n`);
    if (!ok) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

/** The catalogue as a readable table; `detail` adds missing data, purpose and sentence. */
export function formatCatalogue(lang: Lang = 'en', detail = false): string {
  if (detail) {
    const lines = FEATURE_CATALOGUE.flatMap((f) => [
      `${f.name}  [${f.unit}]  (${f.group}; ${f.sources.join(', ')})`,
      `    ${f.description[lang]}`,
      `    missing: ${f.missing}`,
      `    purpose: ${f.purpose}`,
      `    sentence: ${f.sentence[lang]}`,
    ]);
    return `${FEATURE_CATALOGUE.length} features\n\n${lines.join('\n')}\n`;
  }
  const rows = FEATURE_CATALOGUE.map((f) => [f.name, f.unit, f.sources.map((s) => s.replace('.csv', '')).join('+'), f.description[lang]]);
  const header = lang === 'nl' ? ['kenmerk', 'eenheid', 'bronnen', 'omschrijving'] : ['feature', 'unit', 'sources', 'description'];
  const widths = [0, 1, 2].map((i) => rows.reduce((w, r) => Math.max(w, r[i]!.length), header[i]!.length));
  const line = (cells: string[]) => cells.map((c, i) => (i < 3 ? c.padEnd(widths[i]!) : c)).join('  ');
  const more =
    lang === 'nl'
      ? 'Met --detail: ontbrekende gegevens, doel en zin per kenmerk.'
      : 'With --detail: missing data, purpose and sentence per feature.';
  return `${[line(header), line(widths.map((w) => '-'.repeat(w)).concat('-'.repeat(11))), ...rows.map(line)].join('\n')}\n\n${FEATURE_CATALOGUE.length} features. ${more}\n`;
}
