import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateMunicipality, type GenerateSummary } from '../../synthetic/index.ts';

export const START_YEAR = 2016;
export const END_YEAR = 2024;

export interface Table {
  header: string[];
  rows: string[][];
}

export interface GeneratedCity {
  dir: string;
  summary: GenerateSummary;
  read(file: string): Table;
  remove(): void;
}

/** Generates a city for 2016–2024 into a fresh temporary directory. */
export async function generateCity(addresses: number, seed: number): Promise<GeneratedCity> {
  const dir = mkdtempSync(join(tmpdir(), 'hennep-synthetic-'));
  const summary = await generateMunicipality({ addresses, seed, startYear: START_YEAR, endYear: END_YEAR, outDir: dir });
  const tables = new Map<string, Table>();
  return {
    dir,
    summary,
    read(file) {
      let table = tables.get(file);
      if (!table) {
        table = readTable(join(dir, file));
        tables.set(file, table);
      }
      return table;
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** The generator never quotes fields, so a plain split is an exact parse (the contract test checks for quotes). */
export function readTable(path: string): Table {
  const lines = readFileSync(path, 'utf8').split('\n');
  if (lines.at(-1) === '') lines.pop();
  const [header = '', ...rows] = lines;
  return { header: header.split(','), rows: rows.map((line) => line.split(',')) };
}

/** One column's values (fast for the large files). */
export function columnOf(table: Table, name: string): string[] {
  const index = table.header.indexOf(name);
  if (index < 0) throw new Error(`no column ${name}`);
  return table.rows.map((row) => row[index] ?? '');
}

/** Rows as records keyed by the header's column names. */
export function records(table: Table): Record<string, string>[] {
  return table.rows.map((row) => Object.fromEntries(table.header.map((name, i) => [name, row[i] ?? ''])));
}

/** `address_id|year` of every address-year with a positive label (a control found cultivation or preparation). */
export function positiveLabels(inspections: Table): Set<string> {
  const positives = new Set<string>();
  for (const r of records(inspections)) {
    if (r.outcome === 'cultivation' || r.outcome === 'preparation') positives.add(`${r.address_id}|${r.inspected_on?.slice(0, 4)}`);
  }
  return positives;
}

export interface TruthRow {
  addressId: string;
  year: number;
  cultivating: boolean;
  pBayes: number;
  group: string;
  label: boolean;
}

const truthCache = new WeakMap<GeneratedCity, TruthRow[]>();

/** truth.csv with each address-year's label from inspections.csv (computed once per city). */
export function truthWithLabels(city: GeneratedCity): TruthRow[] {
  const cached = truthCache.get(city);
  if (cached) return cached;
  const positives = positiveLabels(city.read('inspections.csv'));
  const truth = city.read('truth.csv').rows.map(([addressId = '', year = '', cultivating, pBayes, group = '']) => ({
    addressId,
    year: Number(year),
    cultivating: cultivating === 'true',
    pBayes: Number(pBayes),
    group,
    label: positives.has(`${addressId}|${year}`),
  }));
  truthCache.set(city, truth);
  return truth;
}
