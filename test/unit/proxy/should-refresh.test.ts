import { describe, expect, it } from 'vitest';
import { REFRESH_MARGIN_MS, shouldRefresh } from '../../../proxy-server/providers/token-refresh';

const now = Date.parse('2026-01-01T12:00:00Z');

describe('shouldRefresh', () => {
  it.each([
    ['an hour left', now + 3600_000, false],
    ['just over five minutes left', now + REFRESH_MARGIN_MS + 1, false],
    ['exactly five minutes left', now + REFRESH_MARGIN_MS, false],
    ['just under five minutes left', now + REFRESH_MARGIN_MS - 1, true],
    ['one second left', now + 1000, true],
    ['expired now', now, true],
    ['expired an hour ago', now - 3600_000, true],
  ])('%s → %s', (_label, accessExpiresAt, expected) => {
    expect(shouldRefresh({ accessExpiresAt }, now)).toBe(expected);
  });
});
