import { describe, expect, it } from 'vitest';
import { seatName } from '../../../lib/background/seat-name';

describe('seat name', () => {
  it.each([
    [{ userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0', platform: 'Linux x86_64' }, 'Chrome on Linux'],
    [{ userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0)', userAgentData: { platform: 'macOS' } }, 'Chrome on macOS'],
    [{ userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64)', platform: 'Win32' }, 'Chrome on Windows'],
    [{ userAgent: 'Mozilla/5.0 (X11; CrOS x86_64 14541.0.0)', platform: 'Linux x86_64' }, 'Chrome on ChromeOS'],
  ])('names the seat after the browser and the OS (%o)', (nav, name) => {
    expect(seatName(nav, 'Chrome')).toBe(name);
  });

  it('defaults to the running browser', () => {
    expect(seatName({ userAgent: 'X11; Linux' })).toMatch(/^(Chrome|Firefox) on Linux$/);
  });
});
