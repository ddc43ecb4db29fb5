import { describe, expect, it } from 'vitest';
import { VOCAB_CONTEXT_URL, VOCAB_NAMESPACE, samples, vocabContext, vocabContextTerms, vocabContexts, vocabSchemas, VOCAB_CREDENTIAL_TYPES } from './index.js';
import { isPlainObject } from './util.js';

// Terms the VC 2.0 context (https://www.w3.org/ns/credentials/v2) defines and protects, which the
// subjects use; the vocabulary context must not redefine them.
const VC_V2_TERMS = new Set(['id', 'type', 'name', 'description']);

/** Every member name used inside credentialSubject, recursively, with its JSON Pointer. */
function subjectKeys(value: unknown, path: string, out: Array<[string, string]>): Array<[string, string]> {
  if (Array.isArray(value)) value.forEach((v, i) => subjectKeys(v, `${path}/${i}`, out));
  else if (isPlainObject(value)) {
    for (const [k, v] of Object.entries(value)) {
      out.push([k, `${path}/${k}`]);
      subjectKeys(v, `${path}/${k}`, out);
    }
  }
  return out;
}

function schemaProperties(schema: Record<string, unknown>, defs: Record<string, Record<string, unknown>>, out = new Set<string>()): Set<string> {
  const ref = schema['$ref'];
  if (typeof ref === 'string') return schemaProperties(defs[ref.replace('#/$defs/', '')]!, defs, out);
  const props = schema['properties'];
  if (isPlainObject(props)) {
    for (const [k, v] of Object.entries(props)) {
      out.add(k);
      schemaProperties(v as Record<string, unknown>, defs, out);
    }
  }
  const items = schema['items'];
  if (isPlainObject(items)) schemaProperties(items, defs, out);
  return out;
}

describe('JSON-LD context', () => {
  const ctx = vocabContext['@context'];

  it('is JSON-LD 1.1, @protected, and served under its stable URL', () => {
    expect(ctx['@version']).toBe(1.1);
    expect(ctx['@protected']).toBe(true);
    expect(vocabContexts[VOCAB_CONTEXT_URL]).toBe(vocabContext);
    expect(VOCAB_CONTEXT_URL).toBe('https://trustbridge.ca/contexts/business/v1');
  });

  it('has no @vocab fallback (undefined terms must stay errors in safe mode)', () => {
    expect(ctx['@vocab']).toBeUndefined();
  });

  it('defines every member name used by every sample subject', () => {
    const defined = new Set(vocabContextTerms());
    for (const [name, credential] of Object.entries(samples)) {
      for (const [key, path] of subjectKeys(credential.credentialSubject, '/credentialSubject', [])) {
        expect(defined.has(key) || VC_V2_TERMS.has(key), `${name}${path}`).toBe(true);
      }
    }
  });

  it('defines every type value the samples use', () => {
    const defined = new Set(vocabContextTerms());
    for (const credential of Object.values(samples)) {
      for (const t of credential.type as string[]) if (t !== 'VerifiableCredential') expect(defined.has(t)).toBe(true);
      expect(defined.has('PostalAddress')).toBe(true);
    }
  });

  it('defines every property any schema allows (not only those the samples use)', () => {
    const defined = new Set(vocabContextTerms());
    for (const type of VOCAB_CREDENTIAL_TYPES) {
      const schema = vocabSchemas[type] as Record<string, any>;
      const props = schemaProperties(schema['$defs'].subject, schema['$defs']);
      for (const p of props) expect(defined.has(p) || VC_V2_TERMS.has(p), `${type}: ${p}`).toBe(true);
    }
  });

  it('does not redefine the protected VC 2.0 terms', () => {
    for (const t of VC_V2_TERMS) expect(ctx[t]).toBeUndefined();
  });

  it('maps each term to an absolute IRI (schema.org or the TrustBridge namespace)', () => {
    for (const term of vocabContextTerms()) {
      const def = ctx[term];
      const iri = typeof def === 'string' ? def : (def as { '@id': string })['@id'];
      expect(iri.startsWith('https://schema.org/') || iri.startsWith(VOCAB_NAMESPACE), term).toBe(true);
    }
  });

  it('tags legalNameFr / legalNameEn as schema:legalName in French / English', () => {
    expect(ctx['legalNameFr']).toEqual({ '@id': 'https://schema.org/legalName', '@language': 'fr' });
    expect(ctx['legalNameEn']).toEqual({ '@id': 'https://schema.org/legalName', '@language': 'en' });
  });

  it('is frozen', () => {
    expect(Object.isFrozen(ctx)).toBe(true);
  });
});
