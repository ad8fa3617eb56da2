import type { SkippedInput } from '../store/sync-log';

/**
 * Customers that share an email address are all imported — dropping any would hide a balance — but each is listed
 * with shared_email so the user knows that matching a CRM contact by that email is ambiguous (api-facts.md
 * "Duplicate customers", "Missing email").
 */
export function sharedEmailNotices(customers: readonly { id: string; displayName: string; emails: readonly string[] }[]): SkippedInput[] {
  const byEmail = new Map<string, { id: string; displayName: string }[]>();
  for (const c of customers) {
    for (const email of new Set(c.emails.map((e) => e.trim().toLowerCase()).filter(Boolean))) {
      const list = byEmail.get(email) ?? [];
      list.push(c);
      byEmail.set(email, list);
    }
  }
  const notices: SkippedInput[] = [];
  for (const [email, owners] of byEmail) {
    if (owners.length < 2) continue;
    for (const owner of owners) {
      const others = owners.filter((o) => o.id !== owner.id).map((o) => o.displayName);
      notices.push({
        entity: 'customer',
        providerId: owner.id,
        reason: 'shared_email',
        message: `Imported, but ${email} is also the email of ${others.join(', ')}; matching a CRM contact by this email may pick the wrong customer.`,
      });
    }
  }
  return notices;
}
