import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { renderVocabularyReference } from './reference.js';
import { VOCAB_CREDENTIAL_TYPES, claimCatalog } from './index.js';

describe('docs/vocabulary.md', () => {
  it('is up to date (regenerate with: npx tsx scripts/generate-vocab-docs.ts)', () => {
    const committed = readFileSync(fileURLToPath(new URL('../../../docs/vocabulary.md', import.meta.url)), 'utf8');
    expect(committed).toBe(renderVocabularyReference());
  });

  it('documents every type and every claim label in both languages', () => {
    const text = renderVocabularyReference();
    for (const t of VOCAB_CREDENTIAL_TYPES) {
      expect(text).toContain(`## ${t}`);
      for (const d of claimCatalog[t]) {
        expect(text).toContain(d.label.en.replace(/\|/g, '\\|'));
        expect(text).toContain(d.label.fr.replace(/\|/g, '\\|'));
      }
    }
    expect(renderVocabularyReference()).toBe(text);
  });
});
