import { FORBIDDEN_COLUMN_WORDS, type FileSpec } from './contract.ts';
import { FileRejected } from './errors.ts';

/** Where each contract column stands in a delivered file, and what else it carried. */
export interface HeaderPlan {
  /**
   * For each column of the spec, in spec order, its index in the file's rows; -1 for an
   * optional column the file does not carry.
   */
  indexes: number[];
  /** The header as delivered (trimmed), for the quarantine's copy of a row. */
  names: string[];
  unknownColumns: string[];
}

/**
 * Checks a file's header against the contract. Refuses the file when a column name
 * carries a forbidden word (personal data), repeats, or a required contract column is
 * missing; an optional column may be missing.
 */
export function planHeader(spec: FileSpec, header: readonly string[]): HeaderPlan {
  const names = header.map((h) => h.trim());
  const lower = names.map((n) => n.toLowerCase());
  for (const [i, name] of lower.entries()) {
    const word = FORBIDDEN_COLUMN_WORDS.find((w) => name.includes(w));
    if (word) {
      const problem = `column '${names[i]}' is forbidden: it names personal data ('${word}'), which never enters this system. Remove the column and deliver the file again`;
      throw new FileRejected(spec.file, 1, names[i]!, problem);
    }
    const first = lower.indexOf(name);
    if (first !== i && name !== '')
      throw new FileRejected(spec.file, 1, names[i]!, `column '${names[i]}' appears twice (columns ${first + 1} and ${i + 1})`);
  }
  const indexes = spec.columns.map((c) => lower.indexOf(c.name));
  const missing = spec.columns.filter((c, i) => indexes[i] === -1 && !c.optional).map((c) => c.name);
  if (missing.length > 0) {
    throw new FileRejected(
      spec.file,
      1,
      missing[0]!,
      `required column${missing.length > 1 ? 's' : ''} ${missing.map((m) => `'${m}'`).join(', ')} missing from the header`,
    );
  }
  const known = new Set(spec.columns.map((c) => c.name));
  const unknownColumns = names.filter((n, i) => !known.has(lower[i]!) && n !== '');
  return { indexes, names, unknownColumns };
}
