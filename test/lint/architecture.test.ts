/**
 * The arrows of the flow hold: `bin/check-architecture.js` finds an upward import, an import
 * of another folder's internals and a cycle when one is planted in a small tree, and finds
 * none in the project itself.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain JavaScript tool in bin/, without type declarations
import { checkArchitecture, importsOf } from '../../bin/check-architecture.js';

interface Problem {
  file: string;
  line: number;
  rule: string;
  message: string;
}
const check = checkArchitecture as (root: string) => Problem[];

const ROOT = join(import.meta.dirname, '..', '..');
let tree: string | undefined;

/** A small tree of the same stages: db/ below training/ below service/, each with its index. */
function plant(files: Record<string, string>): string {
  tree = mkdtempSync(join(tmpdir(), 'hennep-architecture-'));
  const base: Record<string, string> = {
    'db/index.ts': "export { open } from './connect.ts';\n",
    'db/connect.ts': 'export const open = () => 1;\n',
    'training/index.ts': "export { train } from './train.ts';\n",
    'training/train.ts': "import { open } from '../db/index.ts';\nexport const train = () => open();\n",
    'service/index.ts': "export { serve } from './app.ts';\n",
    'service/app.ts': "import { train } from '../training/index.ts';\nexport const serve = () => train();\n",
  };
  for (const [path, text] of Object.entries({ ...base, ...files })) {
    mkdirSync(dirname(join(tree, path)), { recursive: true });
    writeFileSync(join(tree, path), text);
  }
  return tree;
}

afterEach(() => {
  if (tree) rmSync(tree, { recursive: true, force: true });
  tree = undefined;
});

describe('the architecture check', () => {
  it('accepts imports that go down the flow through index.ts', () => {
    expect(check(plant({}))).toEqual([]);
  });

  it('names an upward import with its file, line and rule', () => {
    const problems = check(
      plant({ 'db/connect.ts': "\nimport { serve } from '../service/index.ts';\nexport const open = () => serve;\n" }),
    );
    expect(problems).toContainEqual(expect.objectContaining({ file: 'db/connect.ts', line: 2, rule: 'upward' }));
  });

  it("names an import of another folder's internals", () => {
    const problems = check(
      plant({ 'service/app.ts': "import { train } from '../training/train.ts';\nexport const serve = () => train();\n" }),
    );
    expect(problems).toEqual([expect.objectContaining({ file: 'service/app.ts', line: 1, rule: 'internals' })]);
    expect(problems[0]!.message).toContain("import from 'training/index.ts'");
  });

  it('names an import cycle inside a folder, with its path', () => {
    const problems = check(
      plant({
        'training/train.ts':
          "import { open } from '../db/index.ts';\nimport { gate } from './gate.ts';\nexport const train = () => open() + gate();\n",
        'training/gate.ts':
          "import type { train } from './train.ts';\nexport const gate = (): number => 0 as unknown as ReturnType<typeof train>;\n",
      }),
    );
    expect(problems).toEqual([expect.objectContaining({ rule: 'cycle' })]);
    expect(problems[0]!.message).toMatch(/training\/(gate|train)\.ts → training\/(gate|train)\.ts → /);
  });

  it('reads multi-line, type-only, re-export and dynamic imports', () => {
    const text =
      "import {\n  a,\n  b,\n} from './a.ts';\nimport type { T } from './t.ts';\nexport { c } from './c.ts';\nconst d = await import('./d.ts');\n";
    expect(importsOf(text)).toEqual([
      { specifier: './a.ts', line: 4 },
      { specifier: './t.ts', line: 5 },
      { specifier: './c.ts', line: 6 },
      { specifier: './d.ts', line: 7 },
    ]);
  });

  it('finds nothing in the project, and the command fails with the rule when it does', () => {
    const problems = check(ROOT);
    expect(problems.map((p) => `${p.file}:${p.line} ${p.rule} ${p.message}`)).toEqual([]);
    const planted = plant({ 'db/connect.ts': "import { serve } from '../service/index.ts';\nexport const open = () => serve;\n" });
    const run = spawnSync(process.execPath, [join(ROOT, 'bin', 'check-architecture.js'), planted], { encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('db/connect.ts:1  upward');
  });
});
