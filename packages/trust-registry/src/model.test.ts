import { describe, expect, it } from 'vitest';
import { TrustBridgeError } from '@trustbridge/core';
import { validateRegistryState, historyRewrites } from './validate.js';
import { seedPilotRegistries, didKeyFromEd25519, pilotKeyPair } from './seed.js';
import { jurisdictionCovers } from './time.js';
import { stateDigest, canonicalJson } from './canonical.js';
import type { RegistryState } from './model.js';

function codeOf(fn: () => unknown): { code?: string; pointers: string[] } {
  try {
    fn();
  } catch (e) {
    const err = e as TrustBridgeError;
    return { code: err.code, pointers: ((err.details?.problems as { pointer: string }[]) ?? []).map((p) => p.pointer) };
  }
  return { pointers: [] };
}

describe('model validation', () => {
  it('the pilot seed is valid and deterministic (stable DIDs and digests)', () => {
    const a = seedPilotRegistries();
    const b = seedPilotRegistries();
    for (const s of a.states) expect(validateRegistryState(s)).toBe(s);
    expect(a.entities).toEqual(b.entities);
    expect(a.states.map(stateDigest)).toEqual(b.states.map(stateDigest));
    expect(a.entities.serviceBc).toBe(didKeyFromEd25519(pilotKeyPair('service-bc').publicKey));
    expect(a.entities.serviceBc).toMatch(/^did:key:z6Mk/);
  });

  it('reports broken rules as ERR_TR_STATE_INVALID with JSON Pointers', () => {
    const mutate = (f: (s: RegistryState) => void) => {
      const s = structuredClone(seedPilotRegistries().registries.bc);
      f(s);
      return codeOf(() => validateRegistryState(s));
    };
    expect(codeOf(() => validateRegistryState('x')).code).toBe('ERR_TR_STATE_INVALID');
    expect(mutate((s) => (s.sequence = 0)).pointers).toEqual(['/sequence']);
    expect(mutate((s) => (s.authorizations[1]!.entity = 'did:web:ghost')).pointers).toEqual(['/authorizations/1/entity']);
    expect(mutate((s) => (s.authorizations[1]!.resource.maxAssuranceLevel = 5 as never)).pointers).toEqual(['/authorizations/1/resource/maxAssuranceLevel']);
    expect(mutate((s) => (s.authorizations[1]!.resource.jurisdictions = ['British Columbia'])).pointers).toEqual(['/authorizations/1/resource/jurisdictions/0']);
    expect(mutate((s) => s.authorizations[1]!.history.push({ status: 'revoked', at: '2024-01-01T00:00:00Z' })).pointers).toEqual(['/authorizations/1/history/1/at']);
    expect(mutate((s) => (s.authorizations[1]!.validity.until = '2024-01-01T00:00:00Z')).pointers).toEqual(['/authorizations/1/validity/until']);
    expect(mutate((s) => (s.governanceFrameworks[0]!.digest = 'md5:abc')).pointers).toEqual(['/governanceFrameworks/0/digest']);
    expect(mutate((s) => (s.registry.snapshotKeys = ['zNotAKey'])).pointers).toEqual(['/registry/snapshotKeys/0']);
    expect(mutate((s) => s.authorizations.push(structuredClone(s.authorizations[1]!))).pointers).toEqual(['/authorizations/3/id']);
    expect(mutate((s) => (s.authorizations[1]!.validity.from = '2025-01-01T00:00:00+01:00')).pointers).toEqual(['/authorizations/1/validity/from']);
  });

  it('two entities sharing an identifier → ERR_TR_IDENTIFIER_CONFLICT', () => {
    const s = structuredClone(seedPilotRegistries().registries.bc);
    s.entities[2]!.identifiers.push({ scheme: 'did', value: 'did:sov:AcZpBDz3oxmKrpcuPcdKai' });
    expect(codeOf(() => validateRegistryState(s)).code).toBe('ERR_TR_IDENTIFIER_CONFLICT');
  });

  it('historyRewrites names records whose history was changed or dropped', () => {
    const a = seedPilotRegistries().registries.bc;
    const b = structuredClone(a);
    b.authorizations[1]!.history[0]!.at = '2025-01-02T00:00:00Z';
    b.authorizations.pop();
    expect(historyRewrites(a, b)).toEqual([`authorization:${a.authorizations[1]!.id}`, `authorization:${a.authorizations[2]!.id}`]);
  });

  it('jurisdiction rule: CA is federal only; CA-* covers provinces; * covers all', () => {
    expect(jurisdictionCovers('CA', 'CA')).toBe(true);
    expect(jurisdictionCovers('CA', 'CA-BC')).toBe(false);
    expect(jurisdictionCovers('CA-*', 'CA-BC')).toBe(true);
    expect(jurisdictionCovers('CA-*', 'CA')).toBe(false);
    expect(jurisdictionCovers('CA-BC', 'CA-AB')).toBe(false);
    expect(jurisdictionCovers('*', 'CA-QC')).toBe(true);
  });

  it('canonical JSON follows RFC 8785 (sorted keys, ES number form)', () => {
    // RFC 8785 §3.2.3 sorting and §3.2.2.3 numbers.
    expect(canonicalJson({ b: 1, a: [1e21, 0.1, -0], c: 'é' })).toBe('{"a":[1e+21,0.1,0],"b":1,"c":"é"}');
  });
});
