import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/**
 * Two patterns that work on a test city and break on a large one: `NOT IN (SELECT …)`,
 * which PostgreSQL runs as a scan per row once the subquery outgrows work_mem (an ingest of
 * 300,000 addresses ran for hours), and an array spread into a call's arguments, which
 * overflows the stack somewhere above 100,000 elements.
 */
const ROOT = join(import.meta.dirname, '..', '..');
const SOURCE_FOLDERS = ['bench', 'bin', 'cli', 'config', 'db', 'features', 'ingest', 'models', 'service', 'synthetic', 'training', 'web'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return /\.(ts|js|sql)$/.test(e.name) ? [path] : [];
  });
}

describe('patterns that do not scale', () => {
  it('no SQL anywhere in the sources uses NOT IN with a subquery (NOT EXISTS is the anti-join)', () => {
    const found = SOURCE_FOLDERS.flatMap((folder) => sourceFiles(join(ROOT, folder)))
      .flatMap((file) =>
        readFileSync(file, 'utf8')
          .split('\n')
          .map((line, i) => ({ file, line: i + 1, text: line })),
      )
      .filter(({ text }) => /\bNOT\s+IN\s*\(\s*SELECT\b/i.test(text))
      .map(({ file, line }) => `${relative(ROOT, file)}:${line}`);
    expect(found).toEqual([]);
  });

  it('the lint configuration refuses a data-sized array spread into push, Math.max and the like', async () => {
    const eslint = new ESLint({ cwd: ROOT });
    const code = [
      'export function f(ids: string[], more: string[], xs: number[]): number {',
      '  ids.push(...more);',
      '  return Math.max(...xs) + Math.min(0, ...xs);',
      '}',
      '',
    ].join('\n');
    const [result] = await eslint.lintText(code, { filePath: join(ROOT, 'training', 'scale-example.ts') });
    const spreads = result!.messages.filter((m) => m.ruleId === 'no-restricted-syntax').map((m) => m.line);
    expect(spreads).toEqual([2, 3, 3]);
  });
});
