#!/usr/bin/env node
// The arrows of the flow, checked: folders are stages, and an import may only point down
// the flow (to an earlier stage), only through the other folder's `index.ts`, and never
// close a cycle. A wrong import fails CI here with the file, the line and the rule.
//
// usage: check-architecture.js [ROOT]     (ROOT defaults to the project folder)
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { dirname, join, normalize, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The stages, first to last. A folder may import from folders before it, never after. */
export const STAGES = ['config', 'db', 'ingest', 'synthetic', 'features', 'models', 'training', 'service', 'simulate', 'cli', 'bench'];

/** Folders outside the flow: tests may read any internals; the page is a browser module of its own. */
const FREE = new Set(['test']);
const ISOLATED = new Set(['web']);

const IMPORT = /(?:^|[\s;])(?:import|export)\s*(?:type\s+)?(?:[^'";]*?\sfrom\s*)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

/** Every import of one source text, with its line number. */
export function importsOf(text) {
  const found = [];
  for (const match of text.matchAll(IMPORT)) {
    const specifier = match[1] ?? match[2];
    const line = text.slice(0, match.index + match[0].indexOf(specifier)).split('\n').length;
    found.push({ specifier, line });
  }
  return found;
}

function sourceFiles(root) {
  const files = [];
  const walk = (folder) => {
    for (const name of readdirSync(folder)) {
      if (name === 'node_modules' || name.startsWith('.')) continue;
      const path = join(folder, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.(ts|js)$/.test(name) && !name.endsWith('.d.ts')) files.push(relative(root, path).split(sep).join('/'));
    }
  };
  for (const top of [...STAGES, ...ISOLATED]) if (existsSync(join(root, top))) walk(join(root, top));
  return files;
}

function resolveImport(root, from, specifier) {
  if (!specifier.startsWith('.')) return null;
  const target = normalize(join(dirname(from), specifier))
    .split(sep)
    .join('/');
  for (const candidate of [target, target.replace(/\.js$/, '.ts'), `${target}.ts`, `${target}/index.ts`]) {
    if (existsSync(join(root, candidate)) && statSync(join(root, candidate)).isFile()) return candidate;
  }
  return target;
}

const stageOf = (file) => file.split('/')[0];

/** All breaches of the arrows under root: [{ file, line, rule, message }]. */
export function checkArchitecture(root) {
  const problems = [];
  const edges = new Map();
  for (const file of sourceFiles(root)) {
    const text = readFileSync(join(root, file), 'utf8');
    const from = stageOf(file);
    const targets = [];
    for (const { specifier, line } of importsOf(text)) {
      const target = resolveImport(root, file, specifier);
      if (target === null) continue;
      targets.push({ target, line });
      const to = stageOf(target);
      if (to === from || FREE.has(from)) continue;
      if (ISOLATED.has(from) || ISOLATED.has(to)) {
        problems.push({
          file,
          line,
          rule: 'isolated',
          message: `${from}/ and ${to}/ do not import each other: the page is a browser module of its own`,
        });
        continue;
      }
      if (!STAGES.includes(to)) {
        problems.push({ file, line, rule: 'unknown-stage', message: `${to}/ is not a stage of the flow (${STAGES.join(' → ')})` });
        continue;
      }
      if (STAGES.indexOf(to) > STAGES.indexOf(from)) {
        problems.push({
          file,
          line,
          rule: 'upward',
          message: `${from}/ imports ${target}, a later stage: imports only go down the flow (${STAGES.join(' → ')})`,
        });
      }
      if (target !== `${to}/index.ts`) {
        problems.push({
          file,
          line,
          rule: 'internals',
          message: `imports ${target}, an internal of ${to}/: import from '${to}/index.ts' and export it there if it is public`,
        });
      }
    }
    edges.set(file, targets);
  }
  for (const cycle of cycles(edges)) {
    const [file] = cycle;
    const line = edges.get(file).find((edge) => edge.target === cycle[1])?.line ?? 1;
    problems.push({ file, line, rule: 'cycle', message: `import cycle: ${[...cycle, cycle[0]].join(' → ')}` });
  }
  return problems;
}

/** Strongly connected components of more than one file (Tarjan), each as a path through it. */
function cycles(edges) {
  let counter = 0;
  const index = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const found = [];
  const visit = (node) => {
    index.set(node, counter);
    low.set(node, counter);
    counter += 1;
    stack.push(node);
    onStack.add(node);
    for (const { target } of edges.get(node) ?? []) {
      if (!edges.has(target)) continue;
      if (!index.has(target)) {
        visit(target);
        low.set(node, Math.min(low.get(node), low.get(target)));
      } else if (onStack.has(target)) {
        low.set(node, Math.min(low.get(node), index.get(target)));
      }
    }
    if (low.get(node) !== index.get(node)) return;
    const component = [];
    let member;
    do {
      member = stack.pop();
      onStack.delete(member);
      component.push(member);
    } while (member !== node);
    if (component.length > 1) found.push(orderAlongEdges(component.sort(), edges));
  };
  for (const node of edges.keys()) if (!index.has(node)) visit(node);
  return found;
}

function orderAlongEdges(component, edges) {
  const members = new Set(component);
  const path = [component[0]];
  while (path.length < component.length) {
    const next = (edges.get(path.at(-1)) ?? []).map((edge) => edge.target).find((t) => members.has(t) && !path.includes(t));
    if (!next) break;
    path.push(next);
  }
  return path;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = resolve(process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '..'));
  const problems = checkArchitecture(root);
  for (const p of problems) console.error(`${p.file}:${p.line}  ${p.rule}  ${p.message}`);
  if (problems.length > 0) {
    console.error(`\n${problems.length} import(s) break the arrows of the flow`);
    process.exit(1);
  }
  console.log(`architecture: every import goes down the flow, through index.ts, without cycles (${STAGES.join(' → ')})`);
}
