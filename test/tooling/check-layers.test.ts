import { describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// @ts-expect-error plain ESM script without types
import { checkLayers, importsOf } from '../../scripts/check-layers.mjs';

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'layers-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}
const pkg = (name: string, deps: string[] = []) =>
  JSON.stringify({ name: `@trustbridge/${name}`, dependencies: Object.fromEntries(deps.map((d) => [d, 'workspace:*'])) });

describe('check-layers', () => {
  it('passes a tree whose imports go downward', () => {
    const root = tree({
      'packages/core/package.json': pkg('core'),
      'packages/core/src/index.ts': "export const x = 1;\n",
      'packages/keys/package.json': pkg('keys', ['@trustbridge/core']),
      'packages/keys/src/index.ts': "import { x } from '@trustbridge/core';\nimport './local.js';\n",
    });
    expect(checkLayers(root)).toEqual([]);
  });

  it('fails an upward import', () => {
    const root = tree({
      'packages/core/package.json': pkg('core'),
      'packages/core/src/index.ts': "import { y } from '@trustbridge/keys';\n",
      'packages/keys/package.json': pkg('keys', ['@trustbridge/core']),
      'packages/keys/src/index.ts': "export const y = 1;\n",
    });
    expect(checkLayers(root).join('\n')).toMatch(/core\/src\/index.ts: imports @trustbridge\/keys/);
  });

  it('fails a dependency cycle', () => {
    const root = tree({
      'packages/core/package.json': pkg('core', ['@trustbridge/keys']),
      'packages/keys/package.json': pkg('keys', ['@trustbridge/core']),
    });
    expect(checkLayers(root).join('\n')).toMatch(/import cycle: (core -> keys -> core|keys -> core -> keys)/);
  });

  it('fails a relative import into another package and a third-party import by a non-owner', () => {
    const root = tree({
      'packages/core/package.json': pkg('core'),
      'packages/core/src/a.ts': "export const a = 1;\n",
      'packages/keys/package.json': pkg('keys', ['@trustbridge/core']),
      'packages/keys/src/index.ts': "import { a } from '../../core/src/a.js';\nimport express from 'express';\n",
    });
    const problems = checkLayers(root).join('\n');
    expect(problems).toMatch(/relative import "..\/..\/core\/src\/a.js" leaves the package/);
    expect(problems).toMatch(/imports "express", which only server may import/);
  });

  it('reads static, dynamic and side-effect imports but not comments', () => {
    expect(importsOf("import a from 'x';\nexport * from \"y\";\nawait import('z');\nimport 'w';\n// import q from 'q';\n")).toEqual(['x', 'y', 'z', 'w']);
  });

  it('passes on this repository', () => {
    expect(checkLayers(join(import.meta.dirname, '..', '..'))).toEqual([]);
  });
});
