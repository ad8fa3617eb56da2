import { describe, expect, it } from 'vitest';
import { createClock } from '../../../proxy-server/sandbox/emulator';
import { createRateLimiter, XERO_DEFAULT_LIMITS } from '../../../proxy-server/sandbox/xero/api/rate-limits';

describe('Xero rate limiter', () => {
  it('rolls the minute window and reports remaining calls', () => {
    const clock = createClock();
    const limiter = createRateLimiter({ clock, limits: () => ({ ...XERO_DEFAULT_LIMITS, perMinute: 3 }) });
    for (let i = 0; i < 3; i += 1) {
      const admission = limiter.admit('t');
      expect(admission.admitted).toBe(true);
      if (admission.admitted) admission.release();
    }
    const rejected = limiter.admit('t');
    expect(rejected).toMatchObject({ admitted: false, problem: 'minute', headers: { 'X-MinLimit-Remaining': '0' } });
    clock.advance(61);
    expect(limiter.admit('t').admitted).toBe(true);
  });

  it('counts calls in flight until released', () => {
    const clock = createClock();
    const limiter = createRateLimiter({ clock, limits: () => ({ ...XERO_DEFAULT_LIMITS, concurrent: 1 }) });
    const first = limiter.admit('t');
    expect(limiter.admit('t')).toMatchObject({ admitted: false, problem: 'concurrent' });
    if (first.admitted) first.release();
    expect(limiter.admit('t').admitted).toBe(true);
  });
});
