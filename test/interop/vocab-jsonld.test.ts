// The vocabulary context with the real JSON-LD stack: every sample passes safe mode (no undefined
// term, VC Data Integrity 1.0 §2.4) when @trustbridge/jsonld's offline loader serves vocabContexts.
import { describe, expect, it } from 'vitest';
import { assertSafe, createDocumentLoader, expand } from '@trustbridge/jsonld';
import { VOCAB_CONTEXT_URL, samples, vocabContexts } from '@trustbridge/vocab';

const documentLoader = createDocumentLoader({ extraContexts: vocabContexts });

describe('vocab context in JSON-LD safe mode', () => {
  for (const [name, credential] of Object.entries(samples)) {
    it(`${name} is safe`, async () => {
      await expect(assertSafe(structuredClone(credential), { documentLoader, structureCache: false })).resolves.toBeUndefined();
    });
  }

  it('an undefined subject member is an error', async () => {
    const c = structuredClone(samples.bcPersonIdentity) as Record<string, any>;
    c.credentialSubject.favouriteColour = 'blue';
    await expect(assertSafe(c, { documentLoader, structureCache: false })).rejects.toMatchObject({ code: 'ERR_JSONLD_UNDEFINED_TERM' });
  });

  it('expands the French legal name as a @fr-tagged schema:legalName and status as tb:businessStatus', async () => {
    const [node] = (await expand(structuredClone(samples.federalCorporationRegistration), { documentLoader })) as Array<Record<string, any>>;
    const subject = node!['https://www.w3.org/2018/credentials#credentialSubject'][0];
    expect(subject['https://schema.org/legalName']).toContainEqual({ '@value': 'Analytique Northwind inc.', '@language': 'fr' });
    expect(subject['https://trustbridge.ca/vocab/business#businessStatus']).toEqual([{ '@value': 'ACTIVE' }]);
    expect(VOCAB_CONTEXT_URL in vocabContexts).toBe(true);
  });
});
