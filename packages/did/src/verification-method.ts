/**
 * Dereferencing verification methods (DID Core 1.0 §5.2 "Verification Methods", §5.3 "Verification
 * Relationships"; DID Resolution §5 "DID URL Dereferencing" for fragments).
 */
import {
  TrustBridgeError,
  SpecErrors,
  isObject,
  type DidDocument,
  type DidResolver,
  type VerificationMethod,
  type VerificationMethodResolver,
  type VerificationRelationship,
} from '@trustbridge/core';
import { parseDidUrl } from './parse.js';

const RELATIONSHIPS: readonly VerificationRelationship[] = [
  'authentication',
  'assertionMethod',
  'keyAgreement',
  'capabilityInvocation',
  'capabilityDelegation',
];

/** Resolves a verification method id relative to the document (DID Core 1.0 §3.2.2 relative DID URLs). */
function absolute(doc: DidDocument, id: string): string {
  return id.startsWith('#') ? `${doc.id}${id}` : id;
}

function normalizeVm(doc: DidDocument, vm: VerificationMethod): VerificationMethod {
  return {
    ...vm,
    id: absolute(doc, vm.id),
    ...(typeof vm.controller === 'string' ? { controller: absolute(doc, vm.controller) } : {}),
  };
}

function isVm(value: unknown): value is VerificationMethod {
  return isObject(value) && typeof value.id === 'string' && typeof value.type === 'string';
}

/** Every verification method the document defines, embedded or top-level, with absolute ids. */
function allVerificationMethods(doc: DidDocument): VerificationMethod[] {
  const out: VerificationMethod[] = [];
  const candidates: unknown[] = [...(Array.isArray(doc.verificationMethod) ? doc.verificationMethod : [])];
  for (const rel of RELATIONSHIPS) {
    const entries = doc[rel];
    if (Array.isArray(entries)) candidates.push(...entries.filter((e) => typeof e !== 'string'));
  }
  for (const c of candidates) if (isVm(c)) out.push(normalizeVm(doc, c));
  return out;
}

/**
 * The verification methods a DID document lists under `relationship`, embedded or referenced by id
 * (relative `#frag` ids resolved against the document id). References that the document does not
 * define are skipped.
 *
 * @example
 * ```ts
 * const keys = findVerificationMethods(didDocument, 'assertionMethod');
 * ```
 */
export function findVerificationMethods(doc: DidDocument, relationship: VerificationRelationship): VerificationMethod[] {
  if (!isObject(doc) || typeof doc.id !== 'string') return [];
  const entries = doc[relationship];
  if (!Array.isArray(entries)) return [];
  const defined = allVerificationMethods(doc);
  const out: VerificationMethod[] = [];
  for (const entry of entries) {
    if (typeof entry === 'string') {
      const vm = defined.find((m) => m.id === absolute(doc, entry));
      if (vm) out.push(vm);
    } else if (isVm(entry)) {
      out.push(normalizeVm(doc, entry));
    }
  }
  return out;
}

/**
 * Creates a {@link VerificationMethodResolver}: given a DID URL with a fragment and a verification
 * relationship, resolves the DID, finds the verification method, and checks that the document lists
 * it under that relationship and that it is controlled by the DID subject. Throws:
 * - `ERR_DID_URL_INVALID` (`invalidDidUrl`) — not a DID URL with a fragment;
 * - `ERR_DID_RESOLUTION_FAILED` (`specCode` = the resolution error, `details.code` = its TrustBridge code);
 * - `ERR_VM_NOT_FOUND` — the document has no such verification method;
 * - `ERR_VM_NOT_AUTHORIZED` (`INVALID_VERIFICATION_METHOD`) — not listed under `relationship`;
 * - `ERR_VM_CONTROLLER_MISMATCH` (`INVALID_VERIFICATION_METHOD`) — `controller` is not the document id.
 *
 * @example
 * ```ts
 * const resolveVm = createVerificationMethodResolver(createDidResolver());
 * const vm = await resolveVm(proof.verificationMethod, 'assertionMethod');
 * ```
 */
export function createVerificationMethodResolver(resolver: DidResolver): VerificationMethodResolver {
  return async (id, relationship) => {
    if (!RELATIONSHIPS.includes(relationship)) {
      throw new TrustBridgeError('ERR_VM_RELATIONSHIP_INVALID', 'Unknown verification relationship.');
    }
    const url = parseDidUrl(id);
    if (url.fragment === undefined || url.fragment === '' || url.path !== undefined || url.query !== undefined) {
      throw new TrustBridgeError('ERR_DID_URL_INVALID', 'A verification method id must be a DID URL with a fragment and no path or query.', {
        specCode: SpecErrors.DID_INVALID_URL,
      });
    }
    const result = await resolver.resolve(url.did);
    const meta = result.didResolutionMetadata ?? {};
    const doc = result.didDocument;
    if (meta.error || !doc) {
      throw new TrustBridgeError('ERR_DID_RESOLUTION_FAILED', 'The DID could not be resolved.', {
        specCode: typeof meta.error === 'string' ? meta.error : SpecErrors.DID_INTERNAL_ERROR,
        details: { did: url.did, ...(typeof meta.code === 'string' ? { code: meta.code } : {}) },
      });
    }
    if (doc.id !== url.did) {
      throw new TrustBridgeError('ERR_DID_RESOLUTION_FAILED', 'The resolved DID document has a different id.', {
        specCode: 'invalidDidDocument',
        details: { did: url.did },
      });
    }
    const fullId = `${url.did}#${url.fragment}`;
    const vm = allVerificationMethods(doc).find((m) => m.id === fullId);
    if (!vm) {
      throw new TrustBridgeError('ERR_VM_NOT_FOUND', 'The DID document has no such verification method.', { details: { id: fullId } });
    }
    const listed = (doc[relationship] ?? []).some((e) => (typeof e === 'string' ? absolute(doc, e) : isVm(e) ? absolute(doc, e.id) : undefined) === fullId);
    if (!listed) {
      throw new TrustBridgeError('ERR_VM_NOT_AUTHORIZED', `The verification method is not authorized for ${relationship}.`, {
        specCode: SpecErrors.INVALID_VERIFICATION_METHOD,
        details: { id: fullId, relationship },
      });
    }
    if (vm.controller !== doc.id) {
      throw new TrustBridgeError('ERR_VM_CONTROLLER_MISMATCH', 'The verification method is not controlled by the DID subject.', {
        specCode: SpecErrors.INVALID_VERIFICATION_METHOD,
        details: { id: fullId },
      });
    }
    return vm;
  };
}
