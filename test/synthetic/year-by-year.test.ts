import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { END_YEAR, generateCity, readTable, START_YEAR, type GeneratedCity } from './fixtures.ts';
import { runYearByYear, type YearByYearRun } from './year-by-year.ts';

const KEYED_FILES = ['energy.csv', 'reports.csv', 'inspections.csv', 'truth.csv'];
const HISTORY_THROUGH = 2020;

/** A file's data rows, without its header line. */
function body(file: string): string {
  const text = readFileSync(file, 'utf8');
  return text.slice(text.indexOf('\n') + 1);
}

describe('synthetic municipality run one year at a time, without extra controls', () => {
  let generated: GeneratedCity;
  let run: YearByYearRun;
  beforeAll(async () => {
    generated = await generateCity(2000, 42);
    run = await runYearByYear({ addresses: 2000, seed: 42, startYear: START_YEAR, endYear: END_YEAR, historyThrough: HISTORY_THROUGH });
  });
  afterAll(() => {
    generated.remove();
    run.remove();
  });

  it('writes, delivery after delivery, exactly the rows hennep generate writes for the same seed', () => {
    expect(run.deliveries).toHaveLength(1 + END_YEAR - HISTORY_THROUGH);
    for (const file of KEYED_FILES) {
      const generatedBytes = readFileSync(join(generated.dir, file));
      const header = generatedBytes.subarray(0, generatedBytes.indexOf('\n') + 1).toString('utf8');
      const joined = header + run.deliveries.map((dir) => body(join(dir, file))).join('');
      expect(Buffer.from(joined, 'utf8').equals(generatedBytes), `${file} differs`).toBe(true);
    }
    expect(readFileSync(join(run.deliveries[0]!, 'addresses.csv')).equals(readFileSync(join(generated.dir, 'addresses.csv')))).toBe(true);
    for (const dir of run.deliveries.slice(1)) expect(body(join(dir, 'addresses.csv'))).toBe('');
    // History files are delivered whole; the last delivery knows everything generate knows.
    const last = run.deliveries.at(-1)!;
    for (const file of ['companies.csv', 'occupancy.csv']) {
      expect(readFileSync(join(last, file)).equals(readFileSync(join(generated.dir, file))), `${file} differs`).toBe(true);
    }
  });

  it('shows a KvK deregistration only in deliveries that cover its date', () => {
    const early = readTable(join(run.deliveries[0]!, 'companies.csv'));
    const all = generated.read('companies.csv');
    const endOf = (rows: string[][]) => rows.map((r) => r[2] ?? '');
    expect(early.rows.map((r) => [r[0], r[1], r[3]])).toEqual(
      all.rows.filter((r) => (r[1] ?? '') <= `${HISTORY_THROUGH}-12-31`).map((r) => [r[0], r[1], r[3]]),
    );
    expect(endOf(early.rows).filter((to) => to > `${HISTORY_THROUGH}-12-31`)).toEqual([]);
    expect(endOf(all.rows).filter((to) => to > `${HISTORY_THROUGH}-12-31`).length).toBeGreaterThan(0);
  });

  it('gives each year the same truth in memory as in truth.csv', () => {
    const truth = generated.read('truth.csv').rows.filter((r) => r[1] === '2022');
    const year = run.truths.find((t) => t.year === 2022)!;
    expect(truth.map((r) => r[2] === 'true')).toEqual(Array.from(year.cultivating, (c) => c === 1));
    expect(truth.map((r) => Number(r[3]))).toEqual(Array.from(year.pBayes, (p) => Number(p.toFixed(10))));
  });
});
