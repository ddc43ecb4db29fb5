/** Validation of registry data with coded errors, and the append-only rule for status histories. */
import { TrustBridgeError, isObject } from '@trustbridge/core';
import { decodeEd25519PublicKeyMultibase } from '@trustbridge/keys';
import { ErrorCodes } from './codes.js';
import { entityKeys } from './identifiers.js';
import type { RegistryState, StatusEvent } from './model.js';
import { instantMs, isInstant, isJurisdiction } from './time.js';

const ACTIONS = new Set(['issue', 'verify', 'hold', 'operate']);
const ROLES = new Set(['issuer', 'verifier', 'wallet', 'registry']);
const STATUSES = new Set(['active', 'suspended', 'revoked']);
const SCHEMES = new Set(['did', 'indy-unqualified', 'registry-number', 'bn9', 'other']);
const DIGEST = /^sha256:[0-9a-f]{64}$/;
const MAX_PATH_LENGTH = 16;

/** One rule a registry state breaks, located by a JSON Pointer (RFC 6901). */
export interface StateProblem {
  pointer: string;
  message: string;
}

class Collector {
  readonly problems: StateProblem[] = [];
  add(pointer: string, message: string): void {
    if (this.problems.length < 50) this.problems.push({ pointer, message });
  }
  string(value: unknown, pointer: string): value is string {
    if (typeof value === 'string' && value.length > 0 && value.length <= 2048) return true;
    this.add(pointer, 'must be a non-empty string');
    return false;
  }
  strings(value: unknown, pointer: string, nonEmpty = true): value is string[] {
    if (!Array.isArray(value) || (nonEmpty && value.length === 0)) {
      this.add(pointer, nonEmpty ? 'must be a non-empty array of strings' : 'must be an array of strings');
      return false;
    }
    value.forEach((v, i) => this.string(v, `${pointer}/${i}`));
    return true;
  }
  instant(value: unknown, pointer: string): boolean {
    if (isInstant(value)) return true;
    this.add(pointer, 'must be an RFC 3339 date-time in UTC (Z)');
    return false;
  }
  window(value: unknown, pointer: string): void {
    if (!isObject(value)) return this.add(pointer, 'must be an object with from (and until)');
    this.instant(value.from, `${pointer}/from`);
    if (value.until !== undefined && this.instant(value.until, `${pointer}/until`) && instantMs(value.until) <= instantMs(value.from)) {
      this.add(`${pointer}/until`, 'must be after from');
    }
  }
  level(value: unknown, pointer: string): void {
    if (value !== 1 && value !== 2 && value !== 3 && value !== 4) this.add(pointer, 'must be a PCTF level 1, 2, 3 or 4');
  }
  jurisdictions(value: unknown, pointer: string): void {
    if (!Array.isArray(value) || value.length === 0) return this.add(pointer, 'must be a non-empty array of jurisdictions');
    value.forEach((j, i) => {
      if (!isJurisdiction(j)) this.add(`${pointer}/${i}`, 'must be an ISO 3166 code such as CA or CA-BC, CA-* or *');
    });
  }
  keys(value: unknown, pointer: string): void {
    if (!Array.isArray(value)) return this.add(pointer, 'must be an array of publicKeyMultibase strings');
    value.forEach((k, i) => {
      try {
        decodeEd25519PublicKeyMultibase(k as string);
      } catch {
        this.add(`${pointer}/${i}`, 'must be an Ed25519 publicKeyMultibase');
      }
    });
  }
  history(value: unknown, pointer: string): void {
    if (!Array.isArray(value)) return this.add(pointer, 'must be an array of status events');
    let last = Number.NEGATIVE_INFINITY;
    value.forEach((e, i) => {
      const p = `${pointer}/${i}`;
      if (!isObject(e)) return this.add(p, 'must be a status event');
      if (!STATUSES.has(e.status as string)) this.add(`${p}/status`, 'must be active, suspended or revoked');
      if (this.instant(e.at, `${p}/at`)) {
        const at = instantMs(e.at);
        if (at < last) this.add(`${p}/at`, 'status history must be in time order (append-only)');
        last = at;
      }
      if (e.compromisedSince !== undefined) this.instant(e.compromisedSince, `${p}/compromisedSince`);
      if (e.reason !== undefined && typeof e.reason !== 'string') this.add(`${p}/reason`, 'must be a string');
    });
  }
}

function uniqueIds(items: unknown[], pointer: string, c: Collector): Set<string> {
  const ids = new Set<string>();
  items.forEach((item, i) => {
    const id = isObject(item) ? item.id : undefined;
    if (!c.string(id, `${pointer}/${i}/id`)) return;
    if (ids.has(id)) c.add(`${pointer}/${i}/id`, `duplicate id ${JSON.stringify(id)}`);
    ids.add(id);
  });
  return ids;
}

/**
 * Checks a registry state against the model's rules and returns it typed. Throws `ERR_TR_STATE_INVALID`
 * (with `details.problems`: JSON Pointers and messages) or `ERR_TR_IDENTIFIER_CONFLICT` when two
 * entities share an identifier.
 *
 * @example
 * ```ts
 * const state = validateRegistryState(JSON.parse(text));
 * ```
 */
export function validateRegistryState(value: unknown): RegistryState {
  const c = new Collector();
  if (!isObject(value)) {
    throw new TrustBridgeError(ErrorCodes.ERR_TR_STATE_INVALID, 'Registry state must be an object.', {
      details: { problems: [{ pointer: '', message: 'must be an object' }] },
    });
  }
  const arrays = ['governanceFrameworks', 'entities', 'authorizations', 'recognitions'] as const;
  for (const key of arrays) if (!Array.isArray(value[key])) c.add(`/${key}`, 'must be an array');
  if (!Number.isSafeInteger(value.sequence) || (value.sequence as number) < 1) c.add('/sequence', 'must be an integer >= 1');
  if (c.problems.length) return fail(c);
  const s = value as unknown as RegistryState;

  const frameworks = uniqueIds(s.governanceFrameworks, '/governanceFrameworks', c);
  s.governanceFrameworks.forEach((g, i) => {
    const p = `/governanceFrameworks/${i}`;
    if (!isObject(g)) return c.add(p, 'must be an object');
    c.string(g.name, `${p}/name`);
    c.string(g.version, `${p}/version`);
    c.string(g.uri, `${p}/uri`);
    if (g.digest !== undefined && !(typeof g.digest === 'string' && DIGEST.test(g.digest))) c.add(`${p}/digest`, 'must be sha256:<64 lowercase hex>');
    if (!Array.isArray(g.legalBasis)) c.add(`${p}/legalBasis`, 'must be an array');
    else g.legalBasis.forEach((l, j) => c.string(isObject(l) ? l.citation : undefined, `${p}/legalBasis/${j}/citation`));
    c.window(g.effective, `${p}/effective`);
  });

  const entities = uniqueIds(s.entities, '/entities', c);
  s.entities.forEach((e, i) => {
    const p = `/entities/${i}`;
    if (!isObject(e)) return c.add(p, 'must be an object');
    c.string(e.name, `${p}/name`);
    if (!Array.isArray(e.roles) || e.roles.length === 0 || !e.roles.every((r) => ROLES.has(r))) {
      c.add(`${p}/roles`, 'must be a non-empty array of issuer, verifier, wallet, registry');
    }
    if (!isJurisdiction(e.jurisdiction)) c.add(`${p}/jurisdiction`, 'must be an ISO 3166 code');
    if (!Array.isArray(e.identifiers)) return c.add(`${p}/identifiers`, 'must be an array');
    e.identifiers.forEach((id, j) => {
      if (!isObject(id) || !SCHEMES.has(id.scheme as string)) c.add(`${p}/identifiers/${j}/scheme`, 'unknown identifier scheme');
      else c.string(id.value, `${p}/identifiers/${j}/value`);
    });
  });

  const registry = s.registry as unknown;
  if (!isObject(registry)) c.add('/registry', 'must be an object');
  else {
    for (const k of ['id', 'name', 'authority', 'operator'] as const) c.string(registry[k], `/registry/${k}`);
    if (!isJurisdiction(registry.jurisdiction)) c.add('/registry/jurisdiction', 'must be an ISO 3166 code');
    if (!frameworks.has(registry.governanceFramework as string)) c.add('/registry/governanceFramework', 'must name a governance framework of this registry');
    if (!entities.has(registry.operator as string)) c.add('/registry/operator', 'must name an entity of this registry');
    c.keys(registry.snapshotKeys, '/registry/snapshotKeys');
  }

  uniqueIds(s.authorizations, '/authorizations', c);
  s.authorizations.forEach((a, i) => {
    const p = `/authorizations/${i}`;
    if (!isObject(a)) return c.add(p, 'must be an object');
    if (!entities.has(a.entity as string)) c.add(`${p}/entity`, 'must name an entity of this registry');
    if (!ACTIONS.has(a.action as string)) c.add(`${p}/action`, 'must be issue, verify, hold or operate');
    if (!frameworks.has(a.governanceFramework as string)) c.add(`${p}/governanceFramework`, 'must name a governance framework of this registry');
    const r = a.resource as unknown;
    if (!isObject(r)) c.add(`${p}/resource`, 'must be an object');
    else {
      c.strings(r.credentialTypes, `${p}/resource/credentialTypes`);
      c.jurisdictions(r.jurisdictions, `${p}/resource/jurisdictions`);
      if (r.maxAssuranceLevel !== undefined) c.level(r.maxAssuranceLevel, `${p}/resource/maxAssuranceLevel`);
      if (r.purposes !== undefined) c.strings(r.purposes, `${p}/resource/purposes`, false);
      if (r.attributes !== undefined) c.strings(r.attributes, `${p}/resource/attributes`, false);
    }
    c.window(a.validity, `${p}/validity`);
    c.history(a.history, `${p}/history`);
  });

  uniqueIds(s.recognitions, '/recognitions', c);
  s.recognitions.forEach((r, i) => {
    const p = `/recognitions/${i}`;
    if (!isObject(r)) return c.add(p, 'must be an object');
    if (isObject(registry) && r.authority !== registry.id) c.add(`${p}/authority`, 'must be this registry');
    if (c.string(r.recognizes, `${p}/recognizes`) && isObject(registry) && r.recognizes === registry.id) c.add(`${p}/recognizes`, 'a registry cannot recognize itself');
    const scope = r.scope as unknown;
    if (!isObject(scope)) c.add(`${p}/scope`, 'must be an object');
    else {
      if (!Array.isArray(scope.actions) || scope.actions.length === 0 || !scope.actions.every((x) => ACTIONS.has(x))) c.add(`${p}/scope/actions`, 'must be a non-empty array of actions');
      c.strings(scope.credentialTypes, `${p}/scope/credentialTypes`);
      c.jurisdictions(scope.jurisdictions, `${p}/scope/jurisdictions`);
    }
    if (r.assuranceMapping !== undefined) {
      if (!Array.isArray(r.assuranceMapping)) c.add(`${p}/assuranceMapping`, 'must be an array');
      else {
        const seen = new Set<unknown>();
        r.assuranceMapping.forEach((m, j) => {
          c.level(isObject(m) ? m.from : undefined, `${p}/assuranceMapping/${j}/from`);
          c.level(isObject(m) ? m.to : undefined, `${p}/assuranceMapping/${j}/to`);
          if (isObject(m) && seen.has(m.from)) c.add(`${p}/assuranceMapping/${j}/from`, 'mapped twice');
          if (isObject(m)) seen.add(m.from);
        });
      }
    }
    if (!Number.isSafeInteger(r.maxPathLength) || (r.maxPathLength as number) < 1 || (r.maxPathLength as number) > MAX_PATH_LENGTH) {
      c.add(`${p}/maxPathLength`, `must be an integer from 1 to ${MAX_PATH_LENGTH}`);
    }
    if (r.snapshotKeys !== undefined) c.keys(r.snapshotKeys, `${p}/snapshotKeys`);
    if (r.agreement !== undefined && !frameworks.has(r.agreement as string)) c.add(`${p}/agreement`, 'must name a governance framework of this registry');
    c.window(r.validity, `${p}/validity`);
    c.history(r.history, `${p}/history`);
  });

  if (c.problems.length) return fail(c);

  // Identifier conflicts: one key, two entities.
  const owner = new Map<string, string>();
  for (const e of s.entities) {
    for (const key of entityKeys(e)) {
      const other = owner.get(key);
      if (other !== undefined && other !== e.id) {
        throw new TrustBridgeError(ErrorCodes.ERR_TR_IDENTIFIER_CONFLICT, 'Two entities share an identifier.', {
          details: { identifier: key, entities: [other, e.id] },
        });
      }
      owner.set(key, e.id);
    }
  }
  return s;
}

function fail(c: Collector): never {
  const first = c.problems[0]!;
  throw new TrustBridgeError(ErrorCodes.ERR_TR_STATE_INVALID, `Invalid registry state at ${first.pointer || '/'}: ${first.message}.`, {
    details: { problems: c.problems },
  });
}

/**
 * Appends a status event to a history and returns the new history (the input is not modified). Throws
 * `ERR_TR_HISTORY_REWRITTEN` when the event would take effect before the last recorded one: history is
 * appended to, never rewritten.
 */
export function appendStatusEvent(history: readonly StatusEvent[], event: StatusEvent): StatusEvent[] {
  const last = history[history.length - 1];
  if (!isInstant(event.at) || !STATUSES.has(event.status)) {
    throw new TrustBridgeError(ErrorCodes.ERR_TR_STATE_INVALID, 'Status event needs a status and an RFC 3339 UTC time.');
  }
  if (last && instantMs(event.at) < instantMs(last.at)) {
    throw new TrustBridgeError(ErrorCodes.ERR_TR_HISTORY_REWRITTEN, 'A status event cannot take effect before the last recorded one.', {
      details: { last: last.at, at: event.at },
    });
  }
  return [...history, { ...event }];
}

/**
 * Checks that `next` only appended to the status histories of `previous`: every authorization and
 * recognition of `previous` still exists in `next` and its history starts with the previous history.
 * Returns the ids that break the rule (empty when the change is append-only).
 */
export function historyRewrites(previous: RegistryState, next: RegistryState): string[] {
  const bad: string[] = [];
  const nextById = new Map<string, { history: StatusEvent[] }>();
  for (const a of next.authorizations) nextById.set(`authorization:${a.id}`, a);
  for (const r of next.recognitions) nextById.set(`recognition:${r.id}`, r);
  const check = (key: string, old: StatusEvent[]) => {
    const now = nextById.get(key);
    if (!now || now.history.length < old.length || old.some((e, i) => !sameEvent(e, now.history[i]!))) bad.push(key);
  };
  for (const a of previous.authorizations) check(`authorization:${a.id}`, a.history);
  for (const r of previous.recognitions) check(`recognition:${r.id}`, r.history);
  return bad;
}

function sameEvent(a: StatusEvent, b: StatusEvent): boolean {
  return a.status === b.status && a.at === b.at && a.reason === b.reason && a.compromisedSince === b.compromisedSince;
}
