import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { temporaryDirectory } from '../support/tmp.ts';
import { describe, expect, it } from 'vitest';
import { readCsv } from '../../ingest/csv.ts';
import { readCsvText, splitFields } from '../../ingest/csv-lines.ts';
import { FileRejected } from '../../ingest/errors.ts';

const dir = temporaryDirectory('csv');
let n = 0;
function csvFile(content: string | Buffer): string {
  const path = join(dir, `f${n++}.csv`);
  writeFileSync(path, content);
  return path;
}

async function readAll(path: string) {
  let header: string[] = [];
  let separator = '';
  const records: Array<{ line: number; fields: string[] }> = [];
  for await (const batch of readCsv(path, 'x.csv')) {
    header = batch.header;
    separator = batch.separator;
    for (const r of batch.records) records.push(r);
  }
  return { header, separator, records };
}

async function rejection(path: string): Promise<FileRejected> {
  try {
    await readAll(path);
  } catch (error) {
    if (error instanceof FileRejected) return error;
    throw error;
  }
  throw new Error('the file was not rejected');
}

describe('readCsv', () => {
  it('reads a Dutch Excel export: BOM, semicolons and CRLF line ends', async () => {
    const { header, separator, records } = await readAll(csvFile('\uFEFFa;b\r\n1;2\r\n3;4\r\n'));
    expect(separator).toBe(';');
    expect(header).toEqual(['a', 'b']);
    expect(records).toEqual([
      { line: 2, fields: ['1', '2'] },
      { line: 3, fields: ['3', '4'] },
    ]);
  });

  it('keeps the line numbers of the file across blank lines and a missing final newline', async () => {
    const { records } = await readAll(csvFile('a,b\n1,2\n\n3,4'));
    expect(records).toEqual([
      { line: 2, fields: ['1', '2'] },
      { line: 4, fields: ['3', '4'] },
    ]);
  });

  it('reads quoted fields with separators, doubled quotes and a line break', async () => {
    const { records } = await readAll(csvFile('a,b\n"x, y","say ""hi"""\n"two\nlines",z\n5,6\n'));
    expect(records).toEqual([
      { line: 2, fields: ['x, y', 'say "hi"'] },
      { line: 3, fields: ['two\nlines', 'z'] },
      { line: 5, fields: ['5', '6'] },
    ]);
  });

  it('reads rows that straddle the 1 MiB read chunks intact and in order', async () => {
    const rows = Array.from({ length: 60_000 }, (_, i) => `${i},${'v'.repeat(i % 37)}`);
    const { records } = await readAll(csvFile(`id,value\n${rows.join('\n')}\n`));
    expect(records).toHaveLength(60_000);
    expect(records.every((r, i) => r.line === i + 2 && r.fields[0] === String(i) && r.fields[1]!.length === i % 37)).toBe(true);
  });

  it('rejects text that is not UTF-8, naming the line and the column', async () => {
    const bytes = Buffer.concat([Buffer.from('id,street\n1,Laan\n2,Caf'), Buffer.from([0xe9]), Buffer.from('straat\n')]);
    const error = await rejection(csvFile(bytes));
    expect(error.line).toBe(3);
    expect(error.column).toBe('street');
    expect(error.message).toContain('not UTF-8');
  });

  it('rejects an empty file: a header row is required', async () => {
    expect((await rejection(csvFile(''))).message).toContain('header row is required');
  });

  it('rejects a quoted field that is never closed', async () => {
    const error = await rejection(csvFile('a,b\n1,"open\n2,3\n'));
    expect(error.line).toBe(2);
  });
});

describe('readCsvText', () => {
  it('reads a whole text as the file reader reads a file: BOM, separator, CRLF, quoted line breaks, line numbers', async () => {
    const text = '\uFEFFa;b\r\n1;"x;\ny"\r\n\r\n3;4';
    const fromText = readCsvText(text, 'x.csv');
    expect(fromText).toEqual({
      header: ['a', 'b'],
      separator: ';',
      records: [
        { line: 2, fields: ['1', 'x;\ny'] },
        { line: 5, fields: ['3', '4'] },
      ],
    });
    expect(await readAll(csvFile(text))).toEqual(fromText);
  });

  it('keeps blank lines as records when asked, for files whose every line must be a row', () => {
    expect(readCsvText('a,b\n\n1,2\n', 'x.csv', { keepBlankLines: true }).records).toEqual([
      { line: 2, fields: [''] },
      { line: 3, fields: ['1', '2'] },
    ]);
  });

  it('has no header for an empty text, and refuses a quoted field that is never closed', () => {
    expect(readCsvText('', 'x.csv')).toEqual({ header: null, separator: ',', records: [] });
    expect(() => readCsvText('a,b\n1,"open\n2,3\n', 'x.csv')).toThrow('x.csv line 2: a quoted field is never closed');
  });
});

describe('splitFields', () => {
  it('splits on the separator only', () => {
    expect(splitFields('a;b,c;', ';')).toEqual(['a', 'b,c', '']);
  });
  it('says when a quote is still open', () => {
    expect(splitFields('"a,b', ',')).toBeNull();
  });
});
