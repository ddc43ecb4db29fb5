/** Identifier aliasing: every form of an entity's identifier maps to lookup keys. */
import type { Entity, Identifier } from './model.js';

const BN9 = /^\d{9}$/;
const BN15 = /^(\d{9})[A-Z]{2}\d{4}$/;

/** The lookup keys an identifier is indexed under (see {@link Identifier} for the rules). */
export function identifierKeys(identifier: Identifier): string[] {
  const v = identifier.value;
  switch (identifier.scheme) {
    case 'did':
    case 'other':
      return [v];
    case 'indy-unqualified': {
      const keys = [v, `did:sov:${v}`];
      if (identifier.ledger) keys.push(`did:indy:${identifier.ledger}:${v}`);
      return keys;
    }
    case 'registry-number':
      return [`registry-number:${normalizeRegistryNumber(v)}`];
    case 'bn9':
      return [`bn9:${v.replace(/\s+/g, '')}`];
  }
}

function normalizeRegistryNumber(value: string): string {
  return value.replace(/\s+/g, '').toUpperCase();
}

/**
 * The keys to try when looking up a caller-supplied identifier, most specific first: the exact string,
 * then (for strings shaped like them) a BN9 / BN15 and a registry number.
 */
export function lookupKeys(query: string): string[] {
  const keys = [query];
  const compact = query.replace(/\s+/g, '').toUpperCase();
  if (BN9.test(compact)) keys.push(`bn9:${compact}`);
  const bn15 = BN15.exec(compact);
  if (bn15) keys.push(`bn9:${bn15[1]}`);
  if (!query.includes(':')) keys.push(`registry-number:${compact}`);
  return keys;
}

/** All keys an entity is indexed under, its canonical id first. */
export function entityKeys(entity: Entity): string[] {
  const keys = [entity.id];
  for (const identifier of entity.identifiers) keys.push(...identifierKeys(identifier));
  return keys;
}
