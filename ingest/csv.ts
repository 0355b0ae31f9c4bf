/** Reading a delivered CSV file as a stream: chunks of bytes in, batches of records out. */
import { createReadStream } from 'node:fs';
import { CsvLines, detectSeparator, type CsvRecord, type Separator } from './csv-lines.ts';
import { FileRejected } from './errors.ts';

const LF = 0x0a;
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
/** Each decode is a whole block of lines (no `stream`), so one decoder serves every file. */
const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Streams a CSV file as batches of records, never holding more than one chunk of it. A BOM
 * and CRLF line ends are accepted, and a quoted field may hold separators, `""` and line
 * breaks (csv-lines.ts). Text that is not UTF-8 rejects the file, naming line and column.
 */
export async function* readCsv(
  path: string,
  file: string,
  onBytes: (bytes: number) => void = () => undefined,
): AsyncGenerator<{ header: string[]; separator: Separator; records: CsvRecord[] }> {
  const reader = new CsvLines(file);
  let pending: Buffer = Buffer.alloc(0);
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    onBytes(chunk.length);
    const buffer = pending.length > 0 ? Buffer.concat([pending, chunk]) : chunk;
    const lastLf = buffer.lastIndexOf(LF);
    if (lastLf === -1) {
      pending = Buffer.from(buffer);
      continue;
    }
    const records: CsvRecord[] = [];
    takeLines(reader, buffer.subarray(0, lastLf + 1), records, false);
    pending = Buffer.from(buffer.subarray(lastLf + 1));
    if (reader.header !== null) yield { header: reader.header, separator: reader.separator, records };
  }
  const records: CsvRecord[] = [];
  if (pending.length > 0) takeLines(reader, pending, records, true);
  reader.end();
  if (reader.header === null) throw new FileRejected(file, 1, null, 'the file is empty: a header row is required');
  yield { header: reader.header, separator: reader.separator, records };
}

/** Whole lines in one decode; only when that fails is the bad line looked for. `final`: the bytes end the file, not at a LF. */
function takeLines(reader: CsvLines, bytes: Buffer, records: CsvRecord[], final: boolean): void {
  if (reader.lineNumber === 0 && bytes.subarray(0, 3).equals(BOM)) bytes = bytes.subarray(3);
  let lines: string[];
  try {
    lines = UTF8.decode(bytes).split('\n');
  } catch {
    return refuseUndecodable(reader, bytes);
  }
  if (!final) lines.pop(); // the empty string after the last LF
  for (const line of lines) reader.take(line, records);
}

/**
 * The slow path, once a block failed to decode: take its lines one by one up to the
 * bad one (so that the header is known), then refuse the file naming line and column.
 * A LF byte never occurs inside a UTF-8 sequence, so some line of the block is bad.
 */
function refuseUndecodable(reader: CsvLines, bytes: Buffer): never {
  const strict = new TextDecoder('utf-8', { fatal: true });
  for (let start = 0; start < bytes.length;) {
    const lf = bytes.indexOf(LF, start);
    const end = lf === -1 ? bytes.length : lf;
    try {
      reader.take(strict.decode(bytes.subarray(start, end)), []);
    } catch (error) {
      if (error instanceof FileRejected) throw error;
      throw undecodable(bytes.subarray(start, end), reader);
    }
    start = end + 1;
  }
  throw new FileRejected(reader.file, reader.lineNumber, null, 'the text is not UTF-8');
}

/** The refusal of the line after the reader's last, which does not decode, naming its bad field. */
function undecodable(lineBytes: Uint8Array, reader: CsvLines): FileRejected {
  const { header } = reader;
  const sep = header === null ? detectSeparatorBytes(lineBytes) : reader.separator;
  const { index, offset } = locateBadField(lineBytes, sep.charCodeAt(0));
  const column = header?.[index] ?? `field ${index + 1}`;
  const problem = `the text is not UTF-8 (an undecodable byte at character ${offset + 1} of the field); save the file as UTF-8 and deliver it again`;
  return new FileRejected(reader.file, reader.lineNumber + 1, column, problem);
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
