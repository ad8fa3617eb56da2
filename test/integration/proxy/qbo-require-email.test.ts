import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Customer } from '../../../lib/model';
import { ConnectionSettingsResponseSchema, SkippedRecordsResponseSchema, SyncRunsResponseSchema } from '../../../lib/proxy-api';
import { startSandbox, type RunningSandbox } from '../../../proxy-server/sandbox/server';
import { type Api, drainFeed, pair, startTestProxy } from './helpers';
import { SandboxQbo, connectQbo } from './qbo-sync-support';

/**
 * The per-company setting "only sync customers that have an email" (issue 4 §5, skip reason no_email), over real
 * HTTP against the sandbox: off, a customer without an email is mirrored; on, it leaves the mirror and is listed in
 * the sync log with no_email; off again, it comes back.
 */
let sandbox: RunningSandbox;
let qbo: SandboxQbo;
let harness: Awaited<ReturnType<typeof startTestProxy>>;
let api: Api;
let connectionId: string;
let noEmailId: string;

/** Live customers in the feed, by id. */
async function mirroredCustomers(): Promise<Map<string, Customer>> {
  const live = new Map<string, Customer>();
  for (const item of (await drainFeed(api, undefined, 1000)).items) {
    if (item.entity !== 'customer') continue;
    const id = item.key.split(':').at(-1) as string;
    if (item.op === 'upsert') live.set(id, item.data as Customer);
    else live.delete(id);
  }
  return live;
}

async function saveRequireEmail(requireEmail: boolean): Promise<void> {
  const path = `/v1/connections/${connectionId}/settings`;
  const { settings } = ConnectionSettingsResponseSchema.parse(await api.json('GET', path));
  const saved = ConnectionSettingsResponseSchema.parse(await api.json('PUT', path, { ...settings, requireEmail }));
  expect(saved.settings.requireEmail).toBe(requireEmail);
  // The PUT starts the customers' re-import; wait for it (and any follow-up) to finish.
  await harness.proxy.sync.idle();
}

const noEmailSkips = async () =>
  SkippedRecordsResponseSchema.parse(await api.json('GET', `/v1/skipped-records?connectionId=${connectionId}&reason=no_email`)).records;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
  qbo = await SandboxQbo.open(sandbox.url);
  await qbo.control('POST', 'reset', { customers: 12, invoices: 10 });
  const created = await qbo.call('POST', 'customer', { DisplayName: 'Walk-in Customer Without Email' });
  expect(created.status, JSON.stringify(created.json)).toBe(200);
  noEmailId = String((created.json.Customer as { Id: string }).Id);
  harness = await startTestProxy({ SANDBOX_URL: sandbox.url }, { sync: { schedulerTickMs: false } });
  api = await pair(harness.proxy);
  connectionId = await connectQbo(api, qbo.realmId);
  await harness.proxy.sync.idle();
});

afterAll(async () => {
  await harness?.close();
  await sandbox?.close();
});

describe('require email (per-company sync setting)', () => {
  it('off (the default): a customer without an email is mirrored and not listed as skipped', async () => {
    const path = `/v1/connections/${connectionId}/settings`;
    expect(ConnectionSettingsResponseSchema.parse(await api.json('GET', path)).settings.requireEmail).toBe(false);
    expect((await mirroredCustomers()).has(noEmailId)).toBe(true);
    expect(await noEmailSkips()).toEqual([]);
  });

  it('on: every customer without an email leaves the mirror and is in the sync log with no_email', async () => {
    const all = (await qbo.all('Customer', ' WHERE Active IN (true, false)')) ?? [];
    const withoutEmail = all.filter((c) => !(c.PrimaryEmailAddr as { Address?: string } | undefined)?.Address?.trim()).map((c) => String(c.Id));
    expect(withoutEmail).toContain(noEmailId);

    await saveRequireEmail(true);
    const live = await mirroredCustomers();
    expect(live.has(noEmailId)).toBe(false);
    for (const id of withoutEmail) expect(live.has(id), id).toBe(false);
    expect([...live.values()].every((c) => c.emails.some((e) => e.trim() !== ''))).toBe(true);
    expect(live.size).toBe(all.length - withoutEmail.length);

    const skipped = await noEmailSkips();
    expect(skipped.map((s) => s.providerId).sort()).toEqual([...withoutEmail].sort());
    const walkIn = skipped.find((s) => s.providerId === noEmailId);
    expect(walkIn).toMatchObject({ entity: 'customer', reason: 'no_email', connectionId });
    expect(walkIn?.message).toContain('Walk-in Customer Without Email has no email address');

    const [run] = SyncRunsResponseSchema.parse(await api.json('GET', `/v1/sync-runs?connectionId=${connectionId}&limit=1`)).runs;
    expect(run?.status).toBe('succeeded');
    // Counts are per read: CDC's overlap may read a record the import just read, so at least one skip each.
    expect(run?.counts.customer?.skipped).toBeGreaterThanOrEqual(withoutEmail.length);
  });

  it('off again: the customers without an email come back and the no_email entries are gone', async () => {
    await saveRequireEmail(false);
    expect((await mirroredCustomers()).get(noEmailId)?.displayName).toBe('Walk-in Customer Without Email');
    expect(await noEmailSkips()).toEqual([]);
  });
});
