/**
 * Reads a CSV export as a spreadsheet would: a byte-order mark, quoted fields with doubled
 * quotes, and a `="…"` cell taken as the text it yields.
 */
export interface ParsedCsv {
  bom: boolean;
  header: string[];
  rows: Array<Record<string, string>>;
}

function fields(line: string, separator: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i <= line.length) {
    let value = '';
    if (line[i] === '"') {
      i++;
      while (i < line.length && !(line[i] === '"' && line[i + 1] !== '"')) {
        value += line[i];
        i += line[i] === '"' ? 2 : 1;
      }
      i++;
    } else {
      const end = line.indexOf(separator, i);
      value = line.slice(i, end === -1 ? line.length : end);
      i = end === -1 ? line.length : end;
    }
    const formula = /^="(.*)"$/.exec(value);
    out.push(formula ? formula[1]! : value);
    i++;
  }
  return out;
}

export function parseCsv(text: string, separator: ',' | ';'): ParsedCsv {
  const bom = text.startsWith('\uFEFF');
  // Fields in these exports hold no line breaks, so a line is a row.
  const lines = (bom ? text.slice(1) : text).split('\r\n').filter((l) => l !== '');
  const header = fields(lines[0]!, separator);
  const rows = lines.slice(1).map((l) => Object.fromEntries(fields(l, separator).map((v, i) => [header[i]!, v])));
  return { bom, header, rows };
}
