import { describe, expect, it } from 'vitest';
import { createPanelSessions } from '../../../lib/background/panel-sessions';
import type { RecordContext } from '../../../lib/model';
import type { Status } from '../../../lib/messaging';

const PANEL = 'chrome-extension://abc/panel.html';
const context = { crm: 'hubspot', kind: 'person', recordKey: 'hubspot:1:0-1:2', name: 'Ada', emails: ['ada@example.com'], companyName: null, phone: null, address: null } as RecordContext;
const status = { paired: true, proxyUrl: null, seat: null, connections: [], lastError: null, pendingAuthorize: null } as Status;
const token = () => crypto.randomUUID();

function sessions(now = () => 0) {
  let lookups = 0;
  const noted: number[] = [];
  const s = createPanelSessions({
    lookup: async () => ((lookups += 1), { state: 'no-match' }),
    status: async () => status,
    noteLookup: (tabId) => noted.push(tabId),
    now,
    claimWaitMs: 50,
  });
  return { s, lookups: () => lookups, noted };
}

describe('panel sessions: the panel gets its record from the background, by one-time token', () => {
  it('starts the lookup when the content script opens the session, and hands record and answer to the panel once', async () => {
    const { s, lookups, noted } = sessions();
    const t = token();
    expect(s.open(7, context, t)).toBe(true);
    expect(lookups()).toBe(1); // before the panel asked
    expect(await s.claim(7, `${PANEL}#x`, PANEL, t)).toEqual({ context, result: { state: 'no-match' }, companies: {} });
    expect(noted).toEqual([7]);
    expect(await s.claim(7, PANEL, PANEL, t)).toBeNull();
    expect(s.open(7, context, t)).toBe(false); // a token is never reused
  });

  it('a claim that overtakes its openPanel waits for it', async () => {
    const { s } = sessions();
    const t = token();
    const claimed = s.claim(7, PANEL, PANEL, t);
    s.open(7, context, t);
    expect((await claimed)?.context).toEqual(context);
  });

  it('refuses a made-up token, a token from another tab, a sender that is not the panel, and an expired token', async () => {
    let now = 0;
    const { s } = sessions(() => now);
    expect(await s.claim(7, PANEL, PANEL, token())).toBeNull(); // never opened: gives up after the wait
    expect(await s.claim(7, PANEL, PANEL, { token: 'x' })).toBeNull();
    expect(s.open(7, context, 'guessable')).toBe(false);
    const other = token();
    s.open(7, context, other);
    expect(await s.claim(8, PANEL, PANEL, other)).toBeNull();
    const page = token();
    s.open(7, context, page);
    expect(await s.claim(7, 'https://app.hubspot.com/x', PANEL, page)).toBeNull();
    const old = token();
    s.open(7, context, old);
    now = 61_000;
    expect(await s.claim(7, PANEL, PANEL, old)).toBeNull();
    expect(s.open(undefined, context, token())).toBe(false);
  });
});
