/**
 * Presentations (VC DM 2.0 §4.13): create, and sign with an `authentication` proof bound to a
 * verifier's `challenge` (and `domain`).
 */
import {
  TrustBridgeError,
  VC_V1_CONTEXT,
  VC_V2_CONTEXT,
  type Clock,
  type DocumentLoader,
  type Presentation,
  type Signer,
  type VerifiablePresentation,
} from '@trustbridge/core';
import { addProof } from '@trustbridge/data-integrity';
import { assertSafe } from '@trustbridge/jsonld';
import { VcErrorCodes } from './codes.js';
import { checkSigningOptions, type IssueCryptosuite } from './issue.js';
import { defaultDocumentLoader, optionsError } from './options.js';
import { controllerDid, partyId } from './steps.js';
import { validatePresentation } from './validate.js';

/** Input of {@link createPresentation}. */
export interface CreatePresentationInput {
  /** One credential or several (secured objects, never strings). */
  verifiableCredential?: unknown | unknown[];
  /** The holder's DID (or URL). */
  holder?: string;
  /** The presentation's id (a URL). */
  id?: string;
  /** Data model version; default `2.0`. */
  version?: '2.0' | '1.1';
}

/**
 * Builds an unsigned presentation. Throws `ERR_VP_INVALID_PRESENTATION` (with `details.problems`) when
 * the result would not conform (e.g. a string in `verifiableCredential`, a holder that is not a URL).
 *
 * @example
 * ```ts
 * const vp = createPresentation({ verifiableCredential: [vc], holder: holderDid });
 * ```
 */
export function createPresentation(input: CreatePresentationInput): Presentation {
  const { verifiableCredential, holder, id, version = '2.0' } = input ?? {};
  if (version !== '2.0' && version !== '1.1') throw optionsError("version must be '2.0' or '1.1'.");
  const presentation: Presentation = {
    '@context': [version === '1.1' ? VC_V1_CONTEXT : VC_V2_CONTEXT],
    type: ['VerifiablePresentation'],
    ...(id !== undefined ? { id } : {}),
    ...(holder !== undefined ? { holder } : {}),
    ...(verifiableCredential !== undefined
      ? { verifiableCredential: Array.isArray(verifiableCredential) ? [...verifiableCredential] : [verifiableCredential] }
      : {}),
  };
  const problems = validatePresentation(presentation);
  if (problems.length > 0) {
    throw new TrustBridgeError(VcErrorCodes.VP_INVALID_PRESENTATION, 'The presentation does not conform to the data model.', {
      details: { problems },
    });
  }
  return presentation;
}

/** Options of {@link signPresentation}. */
export interface SignPresentationOptions {
  /** The holder's key (its DID must be the presentation's `holder`, when set). */
  signer: Signer;
  /** The verifier's challenge (nonce); required, so the presentation cannot be replayed elsewhere. */
  challenge: string;
  /** The verifier's domain (audience). */
  domain?: string | string[];
  /** Default `eddsa-rdfc-2022`. */
  cryptosuite?: IssueCryptosuite;
  documentLoader?: DocumentLoader;
  clock?: Clock;
  /** Proof `created`; default from the clock. */
  created?: string;
}

/**
 * Signs a presentation with an `authentication` proof carrying `challenge` and `domain` (VC DI 1.0
 * §2.1). Throws `ERR_VP_INVALID_PRESENTATION`, `ERR_VP_HOLDER_MISMATCH` (signer's DID is not the
 * holder), `ERR_JSONLD_*` (safe mode) or `ERR_VC_OPTIONS_INVALID`.
 *
 * @example
 * ```ts
 * const vp = await signPresentation(createPresentation({ verifiableCredential: vc, holder }), {
 *   signer: holderSigner, challenge: nonce, domain: 'https://bank.example',
 * });
 * ```
 */
export async function signPresentation(presentation: Presentation, options: SignPresentationOptions): Promise<VerifiablePresentation> {
  checkSigningOptions(options);
  if (typeof options.challenge !== 'string' || options.challenge.length === 0) throw optionsError('challenge is required.');
  const problems = validatePresentation(presentation, { includeCredentials: false });
  if (problems.length > 0) {
    throw new TrustBridgeError(VcErrorCodes.VP_INVALID_PRESENTATION, 'The presentation does not conform to the data model.', {
      details: { problems },
    });
  }
  const holder = partyId(presentation.holder);
  if (holder !== undefined && holder !== controllerDid(options.signer.id)) {
    throw new TrustBridgeError(VcErrorCodes.VP_HOLDER_MISMATCH, "The presentation's holder is not the signer's DID.", {
      specCode: 'INVALID_VERIFICATION_METHOD',
    });
  }
  const documentLoader = options.documentLoader ?? defaultDocumentLoader();
  const { proof: _existing, ...unsecured } = presentation;
  await assertSafe(unsecured, { documentLoader });
  const signed = await addProof(structuredClone(presentation), {
    cryptosuite: options.cryptosuite ?? 'eddsa-rdfc-2022',
    signer: options.signer,
    documentLoader,
    proofPurpose: 'authentication',
    challenge: options.challenge,
    ...(options.domain !== undefined ? { domain: options.domain } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.created !== undefined ? { created: options.created } : {}),
  });
  return signed as unknown as VerifiablePresentation;
}
