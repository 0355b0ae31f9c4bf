import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The contract fixtures live in ../shared (the source of truth) and are copied under
 * test/fixtures so that `npm test` runs without ../shared. Where ../shared exists, each
 * copy must equal it file for file, byte for byte.
 */
const COPIES = join(import.meta.dirname, '..', 'fixtures');
const SHARED = join(import.meta.dirname, '..', '..', '..', 'shared', 'fixtures');
const SETS = ['contract', 'contract-v1.1'];

function listFiles(root: string): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? walk(path) : [relative(root, path)];
    });
  return walk(root).sort();
}

describe.each(SETS)('contract fixture copy of %s', (set) => {
  const shared = join(SHARED, set);
  const copy = join(COPIES, set);

  // Without ../shared (a machine that has only this repository) the copy is all there is.
  it.skipIf(!existsSync(shared))('holds exactly the files of ../shared, byte for byte', () => {
    expect(existsSync(copy), `${set} is not copied; cp -r ../shared/fixtures/${set} test/fixtures/`).toBe(true);
    const files = listFiles(shared);
    expect(listFiles(copy)).toEqual(files);
    for (const file of files) {
      const same = readFileSync(join(copy, file)).equals(readFileSync(join(shared, file)));
      expect(same, `${set}/${file} differs from ../shared; copy it again (cp -r ../shared/fixtures/${set} test/fixtures/)`).toBe(true);
    }
  });
});
