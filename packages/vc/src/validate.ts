/**
 * Data model validation: every MUST of VC Data Model 2.0 §4–§5 that can be checked on the JSON alone
 * (the W3C VC 2.0 test suite's list), and the VC Data Model 1.1 rules for credentials whose first
 * context is the v1 URL. Returns problems (never throws for any input); each problem has a stable
 * `code`, a `specCode` (VC DM 2.0 §7.1) and a JSON Pointer `path`.
 *
 * What this does not do: JSON-LD processing. "type values are terms or absolute URLs" (§4.5) and "a
 * context must not redefine protected terms" (§5.2.1) need the contexts; the `structure` step of the
 * verification pipeline and `issueCredential` run JSON-LD safe mode for those (ERR_JSONLD_*).
 */
import { SpecErrors, VC_V1_CONTEXT, VC_V2_CONTEXT, isObject, type Problem } from '@trustbridge/core';
import { VcErrorCodes, malformed } from './codes.js';
import { validateRelatedResource } from './related-resource.js';
import { instant, isDateTimeStamp, isLanguageValueObject, isUrl, pointer } from './syntax.js';

/** The data model version a document claims by its first `@context` entry. */
export type DataModelVersion = '2.0' | '1.1';

/** The version from the first `@context` entry, or `undefined` when it is neither base context. */
export function dataModelVersion(document: unknown): DataModelVersion | undefined {
  if (!isObject(document)) return undefined;
  const ctx = document['@context'];
  const first = Array.isArray(ctx) ? ctx[0] : ctx;
  if (first === VC_V2_CONTEXT) return '2.0';
  if (first === VC_V1_CONTEXT) return '1.1';
  return undefined;
}


/** §4.3 Contexts. Returns the version the rest of the checks follow (2.0 when unknown). */
function checkContext(doc: Record<string, unknown>, problems: Problem[], allowV1: boolean): DataModelVersion {
  const ctx = doc['@context'];
  if (ctx === undefined) {
    problems.push({ code: VcErrorCodes.CONTEXT_MISSING, specCode: SpecErrors.PARSING_ERROR, message: '@context is required.', path: '/@context' });
    return '2.0';
  }
  const list = Array.isArray(ctx) ? ctx : [ctx];
  const version = dataModelVersion(doc);
  if (version === undefined || (version === '1.1' && !allowV1)) {
    problems.push({
      code: VcErrorCodes.CONTEXT_INVALID,
      specCode: SpecErrors.PARSING_ERROR,
      message: `The first @context entry must be ${VC_V2_CONTEXT}${allowV1 ? ` (or ${VC_V1_CONTEXT} for VC 1.1)` : ''}.`,
      path: Array.isArray(ctx) ? '/@context/0' : '/@context',
    });
  }
  list.forEach((entry, i) => {
    if (i === 0) return;
    // Subsequent entries: URLs and/or objects, each processable as a JSON-LD context.
    if (!(isUrl(entry) || isObject(entry))) {
      problems.push({
        code: VcErrorCodes.CONTEXT_INVALID,
        specCode: SpecErrors.PARSING_ERROR,
        message: 'Each further @context entry must be a URL or an object.',
        path: pointer('/@context', i),
      });
    }
  });
  return version ?? '2.0';
}

/** §4.4 Identifiers: when present, `id` is a single URL. */
function checkId(obj: Record<string, unknown>, path: string, problems: Problem[], required = false): void {
  if (obj.id === undefined) {
    if (required) problems.push(malformed(VcErrorCodes.ID_MISSING, 'id is required here.', pointer(path, 'id')));
    return;
  }
  if (!isUrl(obj.id)) problems.push(malformed(VcErrorCodes.ID_INVALID, 'id must be a single URL.', pointer(path, 'id')));
}

/** §4.5 Types: `type` present, one or more non-empty strings, and (optionally) including `required`. */
function checkType(obj: Record<string, unknown>, path: string, problems: Problem[], required?: string): void {
  const type = obj.type;
  const at = pointer(path, 'type');
  if (type === undefined) {
    problems.push(malformed(VcErrorCodes.TYPE_MISSING, 'type is required.', at));
    return;
  }
  const list = Array.isArray(type) ? type : [type];
  if (list.length === 0 || !list.every((t) => typeof t === 'string' && t.length > 0)) {
    problems.push(malformed(VcErrorCodes.TYPE_INVALID, 'type must be one or more terms or URLs.', at));
    return;
  }
  if (required !== undefined && !list.includes(required)) {
    problems.push(malformed(VcErrorCodes.TYPE_INVALID, `type must include ${required}.`, at));
  }
}

/** §4.6 Names and Descriptions: a string, a language value object (§11.1), or several of them. */
function checkText(obj: Record<string, unknown>, prop: 'name' | 'description', path: string, problems: Problem[]): void {
  const value = obj[prop];
  if (value === undefined) return;
  const list = Array.isArray(value) ? value : [value];
  const ok = list.length > 0 && list.every((v) => typeof v === 'string' || isLanguageValueObject(v));
  if (!ok) {
    problems.push(
      malformed(
        prop === 'name' ? VcErrorCodes.NAME_INVALID : VcErrorCodes.DESCRIPTION_INVALID,
        `${prop} must be a string or a language value object.`,
        pointer(path, prop),
      ),
    );
  }
}

/** §4.7 Issuer (and §4.12 holder): a URL, or an object whose `id` is a URL. */
function checkParty(
  doc: Record<string, unknown>,
  prop: 'issuer' | 'holder',
  problems: Problem[],
  codes: { missing?: string; invalid: string },
): void {
  const value = doc[prop];
  const at = pointer('', prop);
  if (value === undefined) {
    if (codes.missing) problems.push(malformed(codes.missing, `${prop} is required.`, at));
    return;
  }
  if (typeof value === 'string') {
    if (!isUrl(value)) problems.push(malformed(codes.invalid, `${prop} must be a URL.`, at));
    return;
  }
  if (!isObject(value)) {
    problems.push(malformed(codes.invalid, `${prop} must be a URL or an object with a URL id.`, at));
    return;
  }
  if (!isUrl(value.id)) problems.push(malformed(codes.invalid, `${prop}.id must be a URL.`, pointer(at, 'id')));
  checkText(value, 'name', at, problems);
  checkText(value, 'description', at, problems);
}

/**
 * Objects that MUST have a `type` (§4.5 table; §4.10 status, §4.11 schemas, §5.4 refresh, §5.5 terms of
 * use, §5.6 evidence). `id`: required for credentialSchema (§4.11), a URL whenever present.
 */
const TYPED_PROPERTIES: ReadonlyArray<{ prop: string; idRequired: boolean }> = [
  { prop: 'credentialStatus', idRequired: false },
  { prop: 'credentialSchema', idRequired: true },
  { prop: 'refreshService', idRequired: false },
  { prop: 'termsOfUse', idRequired: false },
  { prop: 'evidence', idRequired: false },
];

function checkTypedObjects(doc: Record<string, unknown>, problems: Problem[], props = TYPED_PROPERTIES): void {
  for (const { prop, idRequired } of props) {
    const value = doc[prop];
    if (value === undefined) continue;
    const list = Array.isArray(value) ? value : [value];
    if (list.length === 0) {
      problems.push(malformed(VcErrorCodes.OBJECT_INVALID, `${prop} must be one or more objects.`, pointer('', prop)));
      continue;
    }
    list.forEach((entry, i) => {
      const at = Array.isArray(value) ? pointer('', prop, i) : pointer('', prop);
      if (!isObject(entry)) {
        problems.push(malformed(VcErrorCodes.OBJECT_INVALID, `Each ${prop} value must be an object.`, at));
        return;
      }
      checkId(entry, at, problems, idRequired);
      checkType(entry, at, problems);
    });
  }
}

/** §4.8 credentialSubject: an object, or a non-empty array of objects, each making at least one claim. */
function checkSubject(doc: Record<string, unknown>, problems: Problem[]): void {
  const value = doc.credentialSubject;
  if (value === undefined) {
    problems.push(malformed(VcErrorCodes.SUBJECT_MISSING, 'credentialSubject is required.', '/credentialSubject'));
    return;
  }
  const list = Array.isArray(value) ? value : [value];
  if (list.length === 0) {
    problems.push(malformed(VcErrorCodes.SUBJECT_INVALID, 'credentialSubject must be one or more objects.', '/credentialSubject'));
    return;
  }
  list.forEach((subject, i) => {
    const at = Array.isArray(value) ? pointer('/credentialSubject', i) : '/credentialSubject';
    if (!isObject(subject)) {
      problems.push(malformed(VcErrorCodes.SUBJECT_INVALID, 'Each credentialSubject must be an object.', at));
      return;
    }
    // "each object MUST be the subject of one or more claims": an empty object claims nothing. An
    // object with only an `id` is accepted (VC 1.1 suites send such subjects).
    if (Object.keys(subject).length === 0) {
      problems.push(malformed(VcErrorCodes.SUBJECT_INVALID, 'Each credentialSubject must make at least one claim.', at));
    }
    checkId(subject, at, problems);
  });
}

/** §4.9 Validity Period (2.0) and VC 1.1 §4.6 / §4.7 (issuanceDate required, expirationDate). */
function checkDates(doc: Record<string, unknown>, version: DataModelVersion, problems: Problem[]): void {
  const [fromProp, untilProp] = version === '1.1' ? (['issuanceDate', 'expirationDate'] as const) : (['validFrom', 'validUntil'] as const);
  if (version === '1.1' && doc.issuanceDate === undefined) {
    problems.push(malformed(VcErrorCodes.ISSUANCE_DATE_MISSING, 'issuanceDate is required in a VC 1.1 credential.', '/issuanceDate'));
  }
  let ok = true;
  for (const prop of [fromProp, untilProp]) {
    if (doc[prop] === undefined) continue;
    if (!isDateTimeStamp(doc[prop])) {
      ok = false;
      problems.push(malformed(VcErrorCodes.DATETIME_INVALID, `${prop} must be an XML Schema dateTimeStamp (with a timezone).`, pointer('', prop)));
    }
  }
  const from = doc[fromProp];
  const until = doc[untilProp];
  if (ok && typeof from === 'string' && typeof until === 'string' && instant(from) > instant(until)) {
    problems.push(malformed(VcErrorCodes.VALIDITY_PERIOD_INVALID, `${fromProp} must not be later than ${untilProp}.`, pointer('', untilProp)));
  }
}

/** Prefixes every problem's path (for credentials embedded in a presentation). */
function rebase(problems: Problem[], prefix: string): Problem[] {
  return problems.map((p) => ({ ...p, path: prefix + (p.path ?? '') }));
}

/**
 * Checks a credential against the data model (VC DM 2.0 §4–§5; VC DM 1.1 when the first context is
 * the v1 URL). Returns an empty array when it conforms. Never throws.
 *
 * @example
 * ```ts
 * const problems = validateCredential({ '@context': ['https://www.w3.org/ns/credentials/v2'], type: ['VerifiableCredential'] });
 * // [{ code: 'ERR_VC_ISSUER_MISSING', specCode: 'MALFORMED_VALUE_ERROR', path: '/issuer', ... }, ...]
 * ```
 */
export function validateCredential(credential: unknown): Problem[] {
  const problems: Problem[] = [];
  if (!isObject(credential)) {
    return [{ code: VcErrorCodes.NOT_AN_OBJECT, specCode: SpecErrors.PARSING_ERROR, message: 'A credential must be a JSON object.', path: '' }];
  }
  const version = checkContext(credential, problems, true);
  checkId(credential, '', problems);
  checkType(credential, '', problems, 'VerifiableCredential');
  checkText(credential, 'name', '', problems);
  checkText(credential, 'description', '', problems);
  checkParty(credential, 'issuer', problems, { missing: VcErrorCodes.ISSUER_MISSING, invalid: VcErrorCodes.ISSUER_INVALID });
  checkSubject(credential, problems);
  checkDates(credential, version, problems);
  checkTypedObjects(credential, problems);
  if (credential.relatedResource !== undefined) problems.push(...validateRelatedResource(credential.relatedResource, '/relatedResource'));
  checkProofShape(credential, problems);
  return problems;
}

/** A proof, when present, is an object or a non-empty array of objects (its contents are Data Integrity's). */
function checkProofShape(doc: Record<string, unknown>, problems: Problem[]): void {
  const proof = doc.proof;
  if (proof === undefined) return;
  const list = Array.isArray(proof) ? proof : [proof];
  if (list.length === 0 || !list.every(isObject)) {
    problems.push(malformed(VcErrorCodes.PROOF_INVALID, 'proof must be one or more objects.', '/proof'));
  }
}

/** Options of {@link validatePresentation}. */
export interface ValidatePresentationOptions {
  /** Also validate each embedded credential (problems carry `/verifiableCredential/<i>` paths). Default true. */
  includeCredentials?: boolean;
}

/**
 * Checks a presentation against the data model (VC DM 2.0 §4.13; VC DM 1.1 §4.10 for v1 context).
 * `verifiableCredential` values must be objects (never strings or URLs); an
 * `EnvelopedVerifiableCredential` (§4.13.1) must have a `data:` URL id. Never throws.
 *
 * @example
 * ```ts
 * validatePresentation({ '@context': ['https://www.w3.org/ns/credentials/v2'], type: 'VerifiablePresentation', holder: 'not a url' });
 * // [{ code: 'ERR_VP_HOLDER_INVALID', path: '/holder', ... }]
 * ```
 */
export function validatePresentation(presentation: unknown, options: ValidatePresentationOptions = {}): Problem[] {
  const { includeCredentials = true } = options;
  const problems: Problem[] = [];
  if (!isObject(presentation)) {
    return [{ code: VcErrorCodes.NOT_AN_OBJECT, specCode: SpecErrors.PARSING_ERROR, message: 'A presentation must be a JSON object.', path: '' }];
  }
  checkContext(presentation, problems, true);
  checkId(presentation, '', problems);
  checkType(presentation, '', problems, 'VerifiablePresentation');
  checkParty(presentation, 'holder', problems, { invalid: VcErrorCodes.VP_HOLDER_INVALID });
  checkTypedObjects(presentation, problems, [{ prop: 'termsOfUse', idRequired: false }]);
  checkProofShape(presentation, problems);
  const vcs = presentation.verifiableCredential;
  if (vcs !== undefined) {
    const list = Array.isArray(vcs) ? vcs : [vcs];
    list.forEach((vc, i) => {
      const at = Array.isArray(vcs) ? pointer('/verifiableCredential', i) : '/verifiableCredential';
      if (!isObject(vc)) {
        problems.push(malformed(VcErrorCodes.VP_CREDENTIAL_INVALID, 'verifiableCredential values must be objects.', at));
        return;
      }
      const type = Array.isArray(vc.type) ? vc.type : [vc.type];
      if (type.includes('EnvelopedVerifiableCredential')) {
        if (typeof vc.id !== 'string' || !vc.id.startsWith('data:')) {
          problems.push(malformed(VcErrorCodes.ID_INVALID, 'An EnvelopedVerifiableCredential id must be a data: URL.', pointer(at, 'id')));
        }
        return;
      }
      if (includeCredentials) problems.push(...rebase(validateCredential(vc), at));
    });
  }
  return problems;
}
