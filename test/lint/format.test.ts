/**
 * One format for the whole tree: `npm run format:check` (a step of `.ci/run`, which checks the
 * tree itself) fails on a file that Prettier would change, with the project's own settings.
 */
import { mkdtempSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import * as prettier from 'prettier';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const PRETTIER = join(ROOT, 'node_modules', 'prettier', 'bin', 'prettier.cjs');
const folder = mkdtempSync(join(tmpdir(), 'hennep-format-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('the format check', () => {
  it('refuses an unformatted file and names it, and accepts it once formatted', async () => {
    copyFileSync(join(ROOT, '.prettierrc.json'), join(folder, '.prettierrc.json'));
    const file = join(folder, 'messy.ts');
    writeFileSync(file, 'export const  f=(a:number,b:number)=>{return a+b}\n');
    const refused = spawnSync(process.execPath, [PRETTIER, '--check', file], { cwd: folder, encoding: 'utf8' });
    expect(refused.status).toBe(1);
    expect(refused.stderr + refused.stdout).toContain('messy.ts');

    const options = await prettier.resolveConfig(file);
    writeFileSync(file, await prettier.format('export const  f=(a:number,b:number)=>{return a+b}\n', { ...options, filepath: file }));
    const accepted = spawnSync(process.execPath, [PRETTIER, '--check', file], { cwd: folder, encoding: 'utf8' });
    expect(accepted.status).toBe(0);
  });
});
