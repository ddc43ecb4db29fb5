// Writes docs/vocabulary.md from the @trustbridge/vocab schemas and metadata.
// Usage: npx tsx scripts/generate-vocab-docs.ts [--check]   (--check: exit 1 when the file is stale)
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderVocabularyReference } from '../packages/vocab/src/reference.js';

const target = join(dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'vocabulary.md');
const text = renderVocabularyReference();
if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(target, 'utf8');
  } catch {
    // Missing counts as stale.
  }
  if (current !== text) {
    process.stderr.write('docs/vocabulary.md is out of date: run npx tsx scripts/generate-vocab-docs.ts\n');
    process.exit(1);
  }
} else {
  writeFileSync(target, text);
  process.stdout.write(`wrote ${target}\n`);
}
