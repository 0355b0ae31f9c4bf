import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FeaturesCsv, type FeatureMatrix } from '../../features/index.ts';
import { temporaryDirectory } from '../support/tmp.ts';

const names = ['a', 'b'];
const batch = (ids: string[], labels: Array<0 | 1 | null>, values: number[]): FeatureMatrix => ({
  referenceDate: '2023-01-01',
  names,
  addressIds: ids,
  labels,
  values: Float64Array.from(values),
  labelsComplete: labels.every((l) => l !== null),
});

describe('the features CSV, written batch by batch', () => {
  it('writes every batch under the header and gives the file its name only when complete', async () => {
    const dir = temporaryDirectory('features-csv');
    const path = join(dir, 'features.csv');
    const csv = await FeaturesCsv.open(path, names);
    await csv.add(batch(['0001', '0002'], [0, 1], [1, 0.1, 2, 1e-7]));
    expect(existsSync(path)).toBe(false);
    await csv.add(batch(['0003'], [0], [3, -0]));
    await csv.close();
    expect(readFileSync(path, 'utf8')).toBe('address_id,label,a,b\n0001,0,1,0.1\n0002,1,2,1e-7\n0003,0,3,0\n');
    expect(readdirSync(dir)).toEqual(['features.csv']);
  });

  it('leaves the earlier file as it was, and no partial one, when a run is discarded', async () => {
    const dir = temporaryDirectory('features-csv');
    const path = join(dir, 'features.csv');
    writeFileSync(path, 'the earlier run\n');
    const csv = await FeaturesCsv.open(path, names);
    await csv.add(batch(['0001'], [null], [1, 2]));
    await csv.discard();
    expect(readFileSync(path, 'utf8')).toBe('the earlier run\n');
    expect(readdirSync(dir)).toEqual(['features.csv']);
  });

  it('names a file it cannot open before anything is computed', async () => {
    const path = join(temporaryDirectory('features-csv'), 'missing', 'features.csv');
    await expect(FeaturesCsv.open(path, names)).rejects.toThrow(`cannot write ${path}`);
  });
});
