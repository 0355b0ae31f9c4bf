/** The features as the command line shows them: a CSV file of a matrix, or the catalogue as text. */
import { createWriteStream, type WriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { once } from 'node:events';
import type { Lang } from '../config/index.ts';
import type { FeatureMatrix } from './build.ts';
import { FEATURE_CATALOGUE } from './catalogue.ts';

/**
 * Writes `address_id,label,<features>` batch by batch; an empty label means the year's
 * labels are not complete. Numbers in JavaScript's shortest round-trip form, so equal
 * features give byte-identical files. The rows go to `<path>.partial`, renamed to `path`
 * once complete: a run that fails leaves no file that looks whole (and the file it would
 * have replaced as it was).
 */
export class FeaturesCsv {
  private readonly partial: string;
  private failure: Error | undefined;

  private constructor(
    private readonly path: string,
    private readonly out: WriteStream,
  ) {
    this.partial = `${path}.partial`;
    // Kept and thrown by the next add or close, naming the file, rather than left to crash the process.
    out.on('error', (error) => (this.failure ??= error));
  }

  /** Opens the file before anything is computed, so that a path that cannot be written is said at once. */
  static async open(path: string, names: readonly string[]): Promise<FeaturesCsv> {
    const out = createWriteStream(`${path}.partial`);
    try {
      await once(out, 'open');
    } catch (error) {
      throw new Error(`cannot write ${path}: ${(error as Error).message}`);
    }
    const csv = new FeaturesCsv(path, out);
    out.write(`address_id,label,${names.join(',')}\n`);
    return csv;
  }

  private check(): void {
    if (this.failure) throw new Error(`cannot write ${this.path}: ${this.failure.message}`);
  }

  async add(batch: FeatureMatrix): Promise<void> {
    this.check();
    const width = batch.names.length;
    for (let i = 0; i < batch.addressIds.length; i++) {
      const row = Array.from(batch.values.subarray(i * width, (i + 1) * width), String);
      const ok = this.out.write(`${batch.addressIds[i]},${batch.labels[i] ?? ''},${row.join(',')}\n`);
      if (!ok) await once(this.out, 'drain').catch(() => undefined);
      this.check();
    }
  }

  /** Finishes the file and gives it its name. */
  async close(): Promise<void> {
    this.check();
    const finished = once(this.out, 'finish');
    this.out.end();
    await finished.catch(() => undefined);
    this.check();
    await rename(this.partial, this.path);
  }

  /** Closes and removes the partial file: nothing is left where the run failed. */
  async discard(): Promise<void> {
    this.out.destroy();
    await rm(this.partial, { force: true });
  }
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
  const table = [line(header), line(widths.map((w) => '-'.repeat(w)).concat('-'.repeat(11))), ...rows.map(line)].join('\n');
  return `${table}\n\n${FEATURE_CATALOGUE.length} features. ${more}\n`;
}
