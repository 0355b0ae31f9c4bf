import { createReadStream } from 'node:fs';
import { FileRejected } from './errors.ts';

/** One logical CSV row: its line number (header = 1) and its fields, untrimmed. */
export interface CsvRecord {
  line: number;
  fields: string[];
}

export type Separator = ',' | ';';

const LF = 0x0a;
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/**
 * Streams a CSV file as batches of records, never holding more than one chunk of it.
 * The separator is taken from the header line (`;` from Dutch Excel, else `,`); a BOM
 * and CRLF line ends are accepted; a quoted field may hold separators, `""` and line
 * breaks. Text that is not UTF-8 rejects the file, naming line and column.
 */
export async function* readCsv(
  path: string,
  file: string,
  onBytes: (bytes: number) => void = () => undefined,
): AsyncGenerator<{ header: string[]; separator: Separator; records: CsvRecord[] }> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let header: string[] | null = null;
  let separator: Separator = ',';
  let pending: Buffer = Buffer.alloc(0);
  let lineNumber = 0;
  const state: { open: { line: number; text: string } | null } = { open: null };

  const take = (line: string, records: CsvRecord[]) => {
    lineNumber += 1;
    const text = line.endsWith('\r') ? line.slice(0, -1) : line;
    if (header === null) {
      separator = detectSeparator(text);
      const fields = splitFields(text, separator);
      if (fields === null) throw new FileRejected(file, 1, null, 'the header line has an unclosed quote');
      header = fields;
      return;
    }
    const open = state.open;
    const joined = open ? { line: open.line, text: `${open.text}\n${text}` } : { line: lineNumber, text };
    const fields = splitFields(joined.text, separator);
    state.open = fields === null ? joined : null;
    if (fields === null) return;
    if (fields.length === 1 && fields[0] === '') return; // a blank line carries no row
    records.push({ line: joined.line, fields });
  };

  /** Whole lines in one decode; only when that fails is the bad line looked for. */
  const takeLines = (bytes: Buffer, records: CsvRecord[], final: boolean) => {
    if (lineNumber === 0 && bytes.subarray(0, 3).equals(BOM)) bytes = bytes.subarray(3);
    let lines: string[];
    try {
      lines = decoder.decode(bytes).split('\n');
    } catch {
      return refuseUndecodable(bytes);
    }
    if (!final) lines.pop(); // the empty string after the last LF
    for (const line of lines) take(line, records);
  };

  /**
   * The slow path, once a block failed to decode: take its lines one by one up to the
   * bad one (so that the header is known), then refuse the file naming line and column.
   * A LF byte never occurs inside a UTF-8 sequence, so some line of the block is bad.
   */
  const refuseUndecodable = (bytes: Buffer): never => {
    const strict = new TextDecoder('utf-8', { fatal: true });
    for (let start = 0; start < bytes.length; ) {
      const lf = bytes.indexOf(LF, start);
      const end = lf === -1 ? bytes.length : lf;
      try {
        take(strict.decode(bytes.subarray(start, end)), []);
      } catch (error) {
        if (error instanceof FileRejected) throw error;
        throw undecodable(bytes.subarray(start, end), file, lineNumber + 1, header, separator);
      }
      start = end + 1;
    }
    throw new FileRejected(file, lineNumber, null, 'the text is not UTF-8');
  };

  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    onBytes(chunk.length);
    const buffer = pending.length > 0 ? Buffer.concat([pending, chunk]) : chunk;
    const lastLf = buffer.lastIndexOf(LF);
    if (lastLf === -1) {
      pending = Buffer.from(buffer);
      continue;
    }
    const records: CsvRecord[] = [];
    takeLines(buffer.subarray(0, lastLf + 1), records, false);
    pending = Buffer.from(buffer.subarray(lastLf + 1));
    if (header !== null) yield { header, separator, records };
  }
  const records: CsvRecord[] = [];
  if (pending.length > 0) takeLines(pending, records, true);
  if (state.open !== null) throw new FileRejected(file, state.open.line, null, 'a quoted field is never closed');
  if (header === null) throw new FileRejected(file, 1, null, 'the file is empty: a header row is required');
  yield { header, separator, records };
}

function detectSeparator(headerLine: string): Separator {
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

function undecodable(lineBytes: Uint8Array, file: string, line: number, header: string[] | null, separator: Separator): FileRejected {
  const sep = header === null ? detectSeparatorBytes(lineBytes) : separator;
  const { index, offset } = locateBadField(lineBytes, sep.charCodeAt(0));
  const column = header?.[index] ?? `field ${index + 1}`;
  return new FileRejected(file, line, column, `the text is not UTF-8 (an undecodable byte at character ${offset + 1} of the field); save the file as UTF-8 and deliver it again`);
}

function detectSeparatorBytes(bytes: Uint8Array): Separator {
  return detectSeparator(new TextDecoder().decode(bytes));
}

function locateBadField(bytes: Uint8Array, separatorByte: number): { index: number; offset: number } {
  const strict = new TextDecoder('utf-8', { fatal: true });
  let index = 0;
  let start = 0;
  for (let i = 0; i <= bytes.length; i++) {
    if (i < bytes.length && bytes[i] !== separatorByte) continue;
    const field = bytes.subarray(start, i);
    try {
      strict.decode(field);
    } catch {
      return { index, offset: firstBadOffset(field) };
    }
    index += 1;
    start = i + 1;
  }
  return { index: 0, offset: 0 };
}

function firstBadOffset(field: Uint8Array): number {
  for (let end = 1; end <= field.length; end++) {
    try {
      // stream: an unfinished sequence at the end of the prefix is not (yet) an error
      new TextDecoder('utf-8', { fatal: true }).decode(field.subarray(0, end), { stream: true });
    } catch {
      return new TextDecoder().decode(field.subarray(0, end - 1)).length;
    }
  }
  return 0;
}
