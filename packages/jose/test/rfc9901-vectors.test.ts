/**
 * RFC 9901 worked examples (sources in test/vectors/rfc9901/SOURCE.md): Disclosures and digests
 * reproduced byte for byte with the RFC's salts, and the RFC's signed presentations verified with
 * the RFC's issuer key (Appendix A.5) and holder key (`cnf.jwk`).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fixedClock } from '@trustbridge/core';
import { disclosureDigest, encodeDisclosure, rfcExampleSerializer, sdHash, verifySdJwt, verifySdJwtVc } from '../src/index.js';

const dir = new URL('./vectors/rfc9901/', import.meta.url);
const read = (f: string) => readFileSync(new URL(f, dir), 'utf8');
const issuerKey = JSON.parse(read('a-5-issuer-key.json'));
const disclosures = JSON.parse(read('section-5-disclosures.json')) as Array<{ digest: string; disclosure: string; contents: unknown[] }>;
const unwrap = (text: string) => text.replace(/\s+/g, '');
// KB-JWT iat of the examples is 1748537243; verify a few seconds later.
const clock = fixedClock(new Date((1748537243 + 5) * 1000));
const resolveIssuerKey = async () => issuerKey;

describe('RFC 9901 §5.1 Disclosures', () => {
  it.each(disclosures.map((d) => [d.contents[1], d] as const))('%s: encoding and digest byte for byte', (_name, d) => {
    const [salt, ...rest] = d.contents as [string, ...unknown[]];
    const encoded = rest.length === 2 ? encodeDisclosure(salt, rest[0] as string, rest[1], rfcExampleSerializer) : encodeDisclosure(salt, undefined, rest[0], rfcExampleSerializer);
    expect(encoded).toBe(d.disclosure);
    expect(disclosureDigest(d.disclosure)).toBe(d.digest);
  });
});

describe('RFC 9901 §5.2 presentation (SD-JWT+KB)', () => {
  const presentation = unwrap(read('section-5-2-presentation.txt'));

  it('sd_hash of the presented SD-JWT is the RFC value', () => {
    expect(sdHash(presentation.slice(0, presentation.lastIndexOf('~') + 1))).toBe('G3I8z-cFMATAK2ep8MXWk-vnjI3X6-aahYeU9Tvzz3E');
  });

  it('verifies (ES256 issuer and holder) and yields the RFC Processed SD-JWT Payload', async () => {
    const r = await verifySdJwt(presentation, {
      resolveIssuerKey, clock, expectedTyp: ['example+sd-jwt'],
      requireKeyBinding: true, expectedNonce: '1234567890', expectedAudience: 'https://verifier.example.org',
    });
    expect(r.problems).toEqual([]);
    expect(r.verified).toBe(true);
    expect(r.document).toEqual({
      iss: 'https://issuer.example.com',
      iat: 1683000000,
      exp: 1883000000,
      sub: 'user_42',
      nationalities: ['US'],
      cnf: { jwk: { kty: 'EC', crv: 'P-256', x: 'TCAER19Zvu3OHF4j4W4vfSVoHIP1ILilDls7vCeGemc', y: 'ZxjiWWbZMQGHVWKVQ4hbSIirsVfuecCE6t4jT9F2HZQ' } },
      family_name: 'Doe',
      address: { street_address: '123 Main St', locality: 'Anytown', region: 'Anystate', country: 'US' },
      given_name: 'John',
    });
  });

  it('is refused as an SD-JWT VC (typ example+sd-jwt) and with another nonce', async () => {
    expect((await verifySdJwtVc(presentation, { resolveIssuerKey, clock })).problems.map((p) => p.code)).toEqual(['ERR_JOSE_TYP_INVALID']);
    const r = await verifySdJwt(presentation, { resolveIssuerKey, clock, requireKeyBinding: true, expectedNonce: '0987654321', expectedAudience: 'https://verifier.example.org' });
    expect(r.problems.map((p) => p.code)).toEqual(['ERR_SDJWT_KB_NONCE']);
  });
});

describe('RFC 9901 Appendix A.3 SD-JWT VC (PID) presentation', () => {
  const presentation = unwrap(read('a-3-pid-presentation.txt'));

  it('verifies as dc+sd-jwt with recursive Disclosures and key binding', async () => {
    const r = await verifySdJwtVc(presentation, {
      resolveIssuerKey, clock, requireKeyBinding: true, expectedNonce: '1234567890', expectedAudience: 'https://verifier.example.org',
    });
    expect(r.problems).toEqual([]);
    expect(r.document).toEqual({
      iss: 'https://pid-issuer.bund.de.example',
      iat: 1683000000,
      exp: 1883000000,
      vct: 'urn:eudi:pid:de:1',
      cnf: { jwk: { kty: 'EC', crv: 'P-256', x: 'TCAER19Zvu3OHF4j4W4vfSVoHIP1ILilDls7vCeGemc', y: 'ZxjiWWbZMQGHVWKVQ4hbSIirsVfuecCE6t4jT9F2HZQ' } },
      age_equal_or_over: { '18': true },
      nationalities: ['DE'],
    });
    expect(sdHash(presentation.slice(0, presentation.lastIndexOf('~') + 1))).toBe('4-ANieQKpaCH9XDLijztvmJCnoFIbdoI1zQl72CYExs');
  });

  it('a stale verifier clock (one hour later) → ERR_SDJWT_KB_STALE', async () => {
    const later = fixedClock(new Date((1748537243 + 3600) * 1000));
    const r = await verifySdJwtVc(presentation, { resolveIssuerKey, clock: later, requireKeyBinding: true, expectedNonce: '1234567890', expectedAudience: 'https://verifier.example.org' });
    expect(r.problems.map((p) => p.code)).toEqual(['ERR_SDJWT_KB_STALE']);
  });
});
