import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateMunicipality } from '../../synthetic/index.ts';

describe('generateMunicipality options', () => {
  const root = mkdtempSync(join(tmpdir(), 'hennep-synthetic-options-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('creates a missing output directory, uses the municipality code and reports progress up to the total', async () => {
    const outDir = join(root, 'nested', 'city');
    const progress: [number, number][] = [];
    const summary = await generateMunicipality(
      { addresses: 300, seed: 1, startYear: 2020, endYear: 2021, outDir, municipalityCode: '0363' },
      (done, total) => progress.push([done, total]),
    );
    expect(summary.years).toEqual([2020, 2021]);
    expect(progress.at(-1)).toEqual([600, 600]);
    const firstRow = readFileSync(join(outDir, 'addresses.csv'), 'utf8').split('\n')[1] ?? '';
    expect(firstRow).toMatch(/^036301[0-9]{10},/);
    expect(firstRow).toContain(',WK0363');
  });

  it('rejects an end year before the start year, a malformed municipality code and no addresses', async () => {
    const base = { addresses: 10, seed: 1, startYear: 2020, endYear: 2021, outDir: join(root, 'bad') };
    await expect(generateMunicipality({ ...base, endYear: 2019 })).rejects.toThrow(/endYear/);
    await expect(generateMunicipality({ ...base, municipalityCode: '34' })).rejects.toThrow(/4 digits/);
    await expect(generateMunicipality({ ...base, addresses: 0 })).rejects.toThrow();
  });
});
