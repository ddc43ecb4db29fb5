import { describe, expect, it } from 'vitest';
import { ResultBuilder, problemFromError } from './result.js';
import { TrustBridgeError } from './errors.js';

describe('ResultBuilder', () => {
  it('is verified only when checks ran and none failed', () => {
    expect(new ResultBuilder().build().verified).toBe(false);
    const ok = new ResultBuilder().pass('parse').skip('status', 'no credentialStatus').build();
    expect(ok.verified).toBe(true);
    expect(ok.checks.map((c) => c.status)).toEqual(['passed', 'skipped']);
  });
  it('records failures as problems with codes', () => {
    const r = new ResultBuilder()
      .pass('parse')
      .fail('proof', { code: 'ERR_PROOF_INVALID', specCode: 'PROOF_VERIFICATION_ERROR', message: 'Invalid signature.' })
      .build();
    expect(r.verified).toBe(false);
    expect(r.problems[0]?.code).toBe('ERR_PROOF_INVALID');
    expect(r.checks[1]).toMatchObject({ id: 'proof', status: 'failed', code: 'ERR_PROOF_INVALID' });
  });
});

describe('problemFromError', () => {
  it('keeps the code of a TrustBridgeError', () => {
    const p = problemFromError(new TrustBridgeError('ERR_X_Y', 'why', { specCode: 'RANGE_ERROR' }), 'ERR_FALLBACK');
    expect(p).toEqual({ code: 'ERR_X_Y', specCode: 'RANGE_ERROR', message: 'why' });
  });
  it('hides the message of unknown errors behind the fallback code', () => {
    const p = problemFromError(new Error('secret internals'), 'ERR_FALLBACK', '/proof');
    expect(p).toEqual({ code: 'ERR_FALLBACK', message: 'Verification failed.', path: '/proof' });
  });
});
