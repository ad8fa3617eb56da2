import { describe, expect, it } from 'vitest';
import { splitByRequiredEmail } from '../../../proxy-server/sync/require-email';

const customer = (id: string, emails: string[]) => ({ id, displayName: `Customer ${id}`, emails });

describe('require email (sync setting, skip reason no_email)', () => {
  const customers = [customer('1', ['a@example.com']), customer('2', []), customer('3', ['  ']), customer('4', ['', 'd@example.com'])];

  it('keeps every customer when the setting is off', () => {
    expect(splitByRequiredEmail(customers, false)).toEqual({ kept: customers, skipped: [] });
  });

  it('leaves out customers with no (or only blank) emails and lists each with no_email and a readable message', () => {
    const { kept, skipped } = splitByRequiredEmail(customers, true);
    expect(kept.map((c) => c.id)).toEqual(['1', '4']);
    expect(skipped.map((s) => [s.entity, s.providerId, s.reason])).toEqual([
      ['customer', '2', 'no_email'],
      ['customer', '3', 'no_email'],
    ]);
    expect(skipped[0]?.message).toMatch(/^Customer 2 has no email address.*turn the setting off/);
  });
});
