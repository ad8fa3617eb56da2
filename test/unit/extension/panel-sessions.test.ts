import { describe, expect, it } from 'vitest';
import { createPanelSessions } from '../../../lib/background/panel-sessions';
import type { RecordContext } from '../../../lib/model';
import type { Status } from '../../../lib/messaging';

const PANEL = 'chrome-extension://abc/panel.html';
const context = { crm: 'hubspot', kind: 'person', recordKey: 'hubspot:1:0-1:2', name: 'Ada', emails: ['ada@example.com'], companyName: null, phone: null, address: null } as RecordContext;
const status = { paired: true, proxyUrl: null, seat: null, connections: [], lastError: null, pendingAuthorize: null } as Status;

function sessions(now = () => 0) {
  let lookups = 0;
  const noted: number[] = [];
  let n = 0;
  const s = createPanelSessions({
    lookup: async () => ((lookups += 1), { state: 'no-match' }),
    status: async () => status,
    noteLookup: (tabId) => noted.push(tabId),
    now,
    newToken: () => `token-${(n += 1)}`,
  });
  return { s, lookups: () => lookups, noted };
}

describe('panel sessions: the panel gets its record from the background, by one-time token', () => {
  it('starts the lookup when the content script opens the session, and hands record and answer to the panel once', async () => {
    const { s, lookups, noted } = sessions();
    const opened = s.open(7, context);
    expect(opened).toEqual({ token: 'token-1' });
    expect(lookups()).toBe(1); // before the panel asked
    expect(await s.claim(7, `${PANEL}#x`, PANEL, 'token-1')).toEqual({ context, result: { state: 'no-match' }, companies: {} });
    expect(noted).toEqual([7]);
    expect(await s.claim(7, PANEL, PANEL, 'token-1')).toBeNull();
  });

  it('refuses a made-up token, a token from another tab, a sender that is not the panel, and an expired token', async () => {
    let t = 0;
    const { s } = sessions(() => t);
    expect(await s.claim(7, PANEL, PANEL, 'guess')).toBeNull();
    expect(await s.claim(7, PANEL, PANEL, { token: 'x' })).toBeNull();
    s.open(7, context);
    expect(await s.claim(8, PANEL, PANEL, 'token-1')).toBeNull();
    s.open(7, context);
    expect(await s.claim(7, 'https://app.hubspot.com/x', PANEL, 'token-2')).toBeNull();
    s.open(7, context);
    t = 61_000;
    expect(await s.claim(7, PANEL, PANEL, 'token-3')).toBeNull();
    expect(s.open(undefined, context)).toBeNull();
  });
});
