import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The contract fixtures live in ../shared (the source of truth) and are copied under
 * test/fixtures/contract so that `npm test` runs without ../shared. Where ../shared
 * exists, the copy must equal it file for file, byte for byte.
 */
const COPY = join(import.meta.dirname, '..', 'fixtures', 'contract');
const SHARED = join(import.meta.dirname, '..', '..', '..', 'shared', 'fixtures', 'contract');

function listFiles(root: string): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? walk(path) : [relative(root, path)];
    });
  return walk(root).sort();
}

describe('contract fixture copy', () => {
  it.skipIf(!existsSync(SHARED))('holds exactly the files of ../shared/fixtures/contract, byte for byte', () => {
    const shared = listFiles(SHARED);
    expect(listFiles(COPY)).toEqual(shared);
    for (const file of shared) {
      const same = readFileSync(join(COPY, file)).equals(readFileSync(join(SHARED, file)));
      expect(same, `${file} differs from ../shared; copy it again (cp -r ../shared/fixtures/contract test/fixtures/)`).toBe(true);
    }
  });
});
