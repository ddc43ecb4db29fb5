#!/usr/bin/env node
// Fails when a package imports outside its layer (DESIGN.md §4), when the package graph has a cycle,
// when code reaches into another package by a relative path, or when a third-party library is imported
// by a package that does not own it. Usage: node scripts/check-layers.mjs [root]
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { join, relative, resolve, dirname, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Direct imports each package may make (DESIGN.md §4); the check allows their downward closure. */
export const LAYERS = {
  core: [],
  keys: ['core'],
  did: ['core', 'keys'],
  jsonld: ['core', 'did'],
  'data-integrity': ['core', 'keys', 'jsonld'],
  jose: ['core', 'keys', 'did'],
  'status-list': ['core'],
  'trust-registry': ['core', 'keys'],
  vocab: ['core'],
  vc: ['core', 'keys', 'did', 'jsonld', 'data-integrity', 'jose', 'status-list', 'trust-registry', 'vocab'],
  // KYB verifier policy and signed audit records: above the facade (docs/decisions/0003-kyb-package.md).
  kyb: ['core', 'keys', 'vc', 'vocab', 'trust-registry'],
  store: ['core'],
  protocols: ['vc', 'store'],
  wallet: ['vc', 'store', 'protocols'],
  server: ['core', 'keys', 'did', 'jsonld', 'data-integrity', 'jose', 'status-list', 'trust-registry', 'vocab', 'vc', 'kyb', 'store', 'protocols', 'wallet'],
};

/** Third-party libraries that only one package may import (STYLE.md: only the wrapper imports it). */
export const OWNERS = {
  jose: ['jose'],
  '@sd-jwt/': ['jose'],
  '@noble/': ['keys'],
  'did-resolver': ['did'],
  jsonld: ['jsonld', 'data-integrity'],
  'rdf-canonize': ['data-integrity'],
  express: ['server'],
  pg: ['store'],
  '@electric-sql/pglite': ['store'],
};

function closure(name, seen = new Set()) {
  for (const dep of LAYERS[name] ?? []) {
    if (!seen.has(dep)) {
      seen.add(dep);
      closure(dep, seen);
    }
  }
  return seen;
}

function* walk(dir) {
  for (const entry of readdirSync(dir)) {
    if (entry === 'node_modules' || entry === 'dist') continue;
    const p = join(dir, entry);
    if (statSync(p).isDirectory()) yield* walk(p);
    else if (/\.(m?[jt]s|tsx)$/.test(entry)) yield p;
  }
}

const IMPORT_RE = /(?:^|[\s;])(?:import|export)\s[^'"`]*?from\s*['"]([^'"]+)['"]|(?:^|[\s;(=])import\s*\(\s*['"]([^'"]+)['"]\s*\)|(?:^|[\s;])import\s*['"]([^'"]+)['"]/g;

export function importsOf(source) {
  const out = [];
  // Drop comments so examples in TSDoc do not count.
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
  for (const m of code.matchAll(IMPORT_RE)) out.push(m[1] ?? m[2] ?? m[3]);
  return out;
}

function ownerKey(spec) {
  for (const key of Object.keys(OWNERS)) {
    if (key.endsWith('/') ? spec.startsWith(key) : spec === key || spec.startsWith(key + '/')) return key;
  }
  return undefined;
}

/** Returns a list of violations (strings); empty when the tree obeys the layering. */
export function checkLayers(root) {
  const problems = [];
  const pkgDir = join(root, 'packages');
  const packages = existsSync(pkgDir) ? readdirSync(pkgDir).filter((d) => existsSync(join(pkgDir, d, 'package.json'))) : [];
  const graph = {};
  for (const name of packages) {
    if (!(name in LAYERS)) {
      problems.push(`packages/${name}: not in the layer table (scripts/check-layers.mjs LAYERS, DESIGN.md §4)`);
      continue;
    }
    const allowed = closure(name);
    const manifest = JSON.parse(readFileSync(join(pkgDir, name, 'package.json'), 'utf8'));
    const deps = Object.keys({ ...manifest.dependencies, ...manifest.peerDependencies });
    graph[name] = deps.filter((d) => d.startsWith('@trustbridge/')).map((d) => d.slice('@trustbridge/'.length));
    for (const dep of graph[name]) {
      if (!allowed.has(dep)) problems.push(`packages/${name}/package.json: depends on @trustbridge/${dep}, which is not below it`);
    }
    for (const file of walk(join(pkgDir, name))) {
      const rel = relative(root, file);
      for (const spec of importsOf(readFileSync(file, 'utf8'))) {
        if (spec.startsWith('.')) {
          const target = resolve(dirname(file), spec);
          if (!target.startsWith(join(pkgDir, name) + sep)) problems.push(`${rel}: relative import "${spec}" leaves the package; import by package name`);
          continue;
        }
        if (spec.startsWith('@trustbridge/')) {
          const dep = spec.slice('@trustbridge/'.length).split('/')[0];
          if (dep !== name && !allowed.has(dep)) problems.push(`${rel}: imports @trustbridge/${dep}, which is not below ${name}`);
          continue;
        }
        const key = ownerKey(spec);
        if (key && !OWNERS[key].includes(name) && !/\.test\.[mc]?[jt]s$/.test(file)) {
          problems.push(`${rel}: imports "${spec}", which only ${OWNERS[key].join(', ')} may import`);
        }
      }
    }
  }
  // Cycles in the declared dependency graph.
  const state = {};
  const visit = (n, path) => {
    if (state[n] === 'done') return;
    if (state[n] === 'active') {
      problems.push(`import cycle: ${[...path.slice(path.indexOf(n)), n].join(' -> ')}`);
      return;
    }
    state[n] = 'active';
    for (const d of graph[n] ?? []) visit(d, [...path, n]);
    state[n] = 'done';
  };
  for (const n of Object.keys(graph)) visit(n, []);
  // Outside packages/, code uses packages only by name.
  for (const dir of ['test', 'bench', 'examples']) {
    const d = join(root, dir);
    if (!existsSync(d)) continue;
    for (const file of walk(d)) {
      for (const spec of importsOf(readFileSync(file, 'utf8'))) {
        if (spec.startsWith('.') && resolve(dirname(file), spec).startsWith(pkgDir + sep)) {
          problems.push(`${relative(root, file)}: relative import "${spec}" into packages/; import by package name`);
        }
      }
    }
  }
  return problems;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = resolve(process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '..'));
  const problems = checkLayers(root);
  if (problems.length > 0) {
    console.error(`Layering check failed (${problems.length}):\n  ` + problems.join('\n  '));
    process.exit(1);
  }
  console.log('Layering check passed: no cycles, every import goes downward.');
}
