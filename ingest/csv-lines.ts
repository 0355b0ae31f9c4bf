/**
 * CSV line by line, the part the streaming file reader (csv.ts) and the reader of a whole
 * text share: the separator taken from the header line (`;` from Dutch Excel, else `,`),
 * a CR before the LF dropped, and a quoted field that holds separators, `""` or line breaks
 * joined into one record. Blank lines carry no row; a file whose every line must be a row
 * keeps them, so that its checks can name them.
 */
import { FileRejected } from './errors.ts';

/** One logical CSV row: its line number (header = 1) and its fields, untrimmed. */
export interface CsvRecord {
  line: number;
  fields: string[];
}

export type Separator = ',' | ';';

/** The reading state of one file: its header once read, and a quoted field still open. */
export class CsvLines {
  header: string[] | null = null;
  separator: Separator = ',';
  /** The number of the last line taken. */
  lineNumber = 0;
  private open: { line: number; text: string } | null = null;

  constructor(
    readonly file: string,
    private readonly keepBlankLines = false,
  ) {}

  /** Takes the next line (without its LF); a completed record is pushed to `records`. */
  take(line: string, records: CsvRecord[]): void {
    this.lineNumber += 1;
    const text = line.endsWith('\r') ? line.slice(0, -1) : line;
    if (this.header === null) {
      this.separator = detectSeparator(text);
      const fields = splitFields(text, this.separator);
      if (fields === null) throw new FileRejected(this.file, 1, null, 'the header line has an unclosed quote');
      this.header = fields;
      return;
    }
    const joined = this.open ? { line: this.open.line, text: `${this.open.text}\n${text}` } : { line: this.lineNumber, text };
    const fields = splitFields(joined.text, this.separator);
    this.open = fields === null ? joined : null;
    if (fields === null) return;
    if (fields.length === 1 && fields[0] === '' && !this.keepBlankLines) return;
    records.push({ line: joined.line, fields });
  }

  /** After the last line: a quoted field still open refuses the file. */
  end(): void {
    if (this.open !== null) throw new FileRejected(this.file, this.open.line, null, 'a quoted field is never closed');
  }
}

/**
 * A whole CSV text (a small file read at once): its header (null when the text is empty),
 * separator and records. A byte-order mark is accepted; errors name the file and the line.
 */
export function readCsvText(
  text: string,
  file: string,
  options: { keepBlankLines?: boolean } = {},
): { header: string[] | null; separator: Separator; records: CsvRecord[] } {
  const lines = text.replace(/^\uFEFF/, '').split('\n');
  if (lines.at(-1) === '') lines.pop(); // the empty string after the last LF
  const reader = new CsvLines(file, options.keepBlankLines);
  const records: CsvRecord[] = [];
  for (const line of lines) reader.take(line, records);
  reader.end();
  return { header: reader.header, separator: reader.separator, records };
}

export function detectSeparator(headerLine: string): Separator {
  const count = (c: string) => headerLine.split(c).length - 1;
  return count(';') > count(',') ? ';' : ',';
}

/** Splits one line into fields; null when a quoted field continues on the next line. */
export function splitFields(line: string, separator: Separator): string[] | null {
  if (!line.includes('"')) return line.split(separator);
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted && c === '"' && line[i + 1] === '"') {
      field += '"';
      i += 1;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (!quoted && c === separator) {
      fields.push(field);
      field = '';
    } else {
      field += c;
    }
  }
  if (quoted) return null;
  fields.push(field);
  return fields;
}
