/**
 * The audit-attributes file (`address_id,group`). It holds a protected attribute, so it is
 * used only for a fairness audit: it is never stored with the source data and never used as
 * a feature.
 */
import { FileRejected, readCsvText } from '../ingest/index.ts';

const ATTRIBUTES_HEADER = 'address_id,group';

/**
 * Reads the file's text into address id → group. Blank lines are skipped and values are
 * trimmed; errors name the file, the line and what is wrong.
 */
export function parseAttributesCsv(text: string, file: string): Map<string, string> {
  const { header, separator, records } = readCsvText(text, file);
  const blank = (fields: readonly string[]) => fields.length === 1 && fields[0]!.trim() === '';
  if (header?.join(separator) !== ATTRIBUTES_HEADER) {
    const empty = header === null || (blank(header) && records.every((r) => blank(r.fields)));
    const problem = empty ? 'the file is empty' : `the first line is "${header.join(separator)}"`;
    throw new FileRejected(file, 1, null, `missing header: expected exactly "${ATTRIBUTES_HEADER}", but ${problem}`);
  }
  const groups = new Map<string, string>();
  const firstLine = new Map<string, number>();
  for (const { line, fields } of records) {
    if (blank(fields)) continue;
    if (fields.length !== 2) throw new FileRejected(file, line, null, `expected 2 columns (${ATTRIBUTES_HEADER}), found ${fields.length}`);
    const [addressId, group] = fields.map((f) => f.trim()) as [string, string];
    if (addressId === '') throw new FileRejected(file, line, 'address_id', 'the value is empty');
    if (group === '') throw new FileRejected(file, line, 'group', 'the value is empty');
    const earlier = firstLine.get(addressId);
    if (earlier !== undefined)
      throw new FileRejected(file, line, 'address_id', `address_id ${addressId} appears on line ${earlier} and again on line ${line}`);
    firstLine.set(addressId, line);
    groups.set(addressId, group);
  }
  return groups;
}
