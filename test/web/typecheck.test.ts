import { execFile } from 'node:child_process';
import { appendFileSync, cpSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { REPO } from '../support/cli.ts';
import { temporaryDirectory } from '../support/tmp.ts';

/**
 * The page is plain JavaScript checked through its JSDoc (`tsc -p web/tsconfig.json`, run
 * by `npm run typecheck`): shown here to pass on web/ as it is, and to fail, naming the
 * file, on a copy of web/ with a mistake planted in one module — a wrong argument type, and
 * a property the API's answer does not have.
 */
const TSC = join(REPO, 'node_modules', 'typescript', 'bin', 'tsc');

/** Type-checks the page in `dir`: the exit code and what tsc printed. */
async function typecheck(dir: string): Promise<{ code: number; output: string }> {
  try {
    const { stdout } = await promisify(execFile)(process.execPath, [TSC, '--noEmit', '-p', join(dir, 'tsconfig.json')], { cwd: dir });
    return { code: 0, output: stdout };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
  }
}

/** A copy of web/ with `line` added at the end of `file`. */
function plantedCopy(file: string, line: string): string {
  const dir = temporaryDirectory('web-typecheck');
  cpSync(join(REPO, 'web'), dir, { recursive: true });
  appendFileSync(join(dir, file), `\n${line}\n`);
  return dir;
}

describe('the type check of the page', () => {
  it('passes on web/ as it is', async () => {
    const { code, output } = await typecheck(join(REPO, 'web'));
    expect(output).toBe('');
    expect(code).toBe(0);
  });

  it.each([
    { mistake: 'a wrong argument type', file: 'views/risk-list.js', line: "export const planted = () => fmt('one', 0);", error: 'TS2345' },
    {
      mistake: 'an unknown property',
      file: 'views/address.js',
      line: "/** @param {import('../types/risk.js').AddressRisk} r */\nexport const planted = (r) => r.probabilty;",
      error: 'TS2551',
    },
  ])('fails on $mistake, naming the module', async ({ file, line, error }) => {
    const { code, output } = await typecheck(plantedCopy(file, line));
    expect(code).not.toBe(0);
    expect(output).toContain(`${file}(`);
    expect(output).toContain(error);
    // The planted line is the only mistake: every error is in that file.
    expect(output.split('\n').filter((l) => /error TS\d+/.test(l) && !l.startsWith(file))).toEqual([]);
  });
});
