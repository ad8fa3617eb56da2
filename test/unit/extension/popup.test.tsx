// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { act } from 'react';
import { PopupApp } from '../../../components/popup/popup-app';
import type { ActionResult, BackgroundApi, Status } from '../../../lib/messaging';
import { connection, SEAT } from './support/fake-proxy';
import { fakeBackgroundApi } from './support/fake-api';
import { click, flush, render, type as typeInto, type Rendered } from './support/render';

let view: Rendered | null = null;
afterEach(async () => {
  await view?.unmount();
  view = null;
});

const unpaired: Status = { paired: false, proxyUrl: null, seat: null, connections: [], lastError: null, pendingAuthorize: null };
const paired = (over: Partial<Status> = {}): Status => ({
  ...unpaired,
  paired: true,
  proxyUrl: 'http://127.0.0.1:4000',
  seat: SEAT,
  ...over,
});

function fakeApi(initial: Status) {
  const calls: string[] = [];
  const state = { status: initial, pairResult: { ok: true, seat: SEAT } as ActionResult<{ seat: typeof SEAT }> };
  const ok = async (): Promise<ActionResult> => ({ ok: true });
  const api: BackgroundApi = fakeBackgroundApi({
    getStatus: async () => state.status,
    pair: async (data) => {
      calls.push(`pair ${data.proxyUrl} ${data.code}`);
      return state.pairResult;
    },
    unpair: ok,
    connect: async ({ provider }) => {
      calls.push(`connect ${provider}`);
      return { ok: true, authorizeUrl: 'http://x' };
    },
    disconnect: async ({ connectionId }) => {
      calls.push(`disconnect ${connectionId}`);
      return { ok: true };
    },
    syncNow: async () => {
      calls.push('syncNow');
      return { ok: true };
    },
    lookupRecord: async () => ({ state: 'no-match' }),
    issuePairingCode: async () => {
      calls.push('issuePairingCode');
      return { ok: true, code: 'TEAM-4242', expiresAt: '2025-11-20T10:00:00.000Z' };
    },
  });
  return { api, calls, state };
}

describe('popup', () => {
  it('pairs with the default proxy address and the typed code', async () => {
    const { api, calls, state } = fakeApi(unpaired);
    view = await render(<PopupApp api={api} intervalMs={50} />);
    await flush();
    const url = view.byTestId('proxy-url') as HTMLInputElement;
    expect(url.value).toBe('http://127.0.0.1:4000');
    await typeInto(view.byTestId('pair-code') as HTMLInputElement, 'ABCD-1234');
    state.status = paired();
    await click(view.byTestId('pair-submit'));
    await flush();
    expect(calls).toEqual(['pair http://127.0.0.1:4000 ABCD-1234']);
    expect(view.byTestId('connect-qbo')?.textContent).toBe('Connect QuickBooks');
    expect(view.container.textContent).toContain('Chrome on Linux');
    expect(view.byTestId('pair-code')).toBeNull();
  });

  it.each([
    [{ code: 'invalid_pairing_code', message: 'x' }, 'That pairing code is not valid'],
    [{ code: 'unreachable', message: 'x' }, 'Cannot reach the LedgerLens server at http://127.0.0.1:4000'],
  ])('explains a failed pairing (%o)', async (error, sentence) => {
    const { api, state } = fakeApi(unpaired);
    state.pairResult = { ok: false, error };
    view = await render(<PopupApp api={api} intervalMs={50} />);
    await flush();
    await typeInto(view.byTestId('pair-code') as HTMLInputElement, 'WRONG');
    await click(view.byTestId('pair-submit'));
    await flush();
    expect(view.container.querySelector('[role="alert"]')?.textContent).toContain(sentence);
    expect(view.byTestId('pair-code')).not.toBeNull();
  });

  it('lists connections with status and last sync, shows progress while syncing, and refreshes every tick', async () => {
    const { api, calls, state } = fakeApi(
      paired({ connections: [connection({ status: 'syncing', lastSyncAt: null, progress: { entity: 'customer', done: 40, total: 100 } })] }),
    );
    view = await render(<PopupApp api={api} intervalMs={20} confirm={() => true} />);
    await flush();
    const row = view.byTestId('connection-qbo')!;
    expect(row.textContent).toContain('Sandbox Company US');
    expect(row.textContent).toContain('Syncing');
    expect(row.textContent).toContain('Not synced yet');
    const progress = view.byTestId('sync-progress') as HTMLProgressElement;
    expect(progress.getAttribute('value')).toBe('40');
    expect(view.byTestId('connection-xero')).toBeNull();
    expect(view.byTestId('connect-xero')?.textContent).toBe('Connect Xero');

    state.status = paired({ connections: [connection()] });
    await act(async () => {
      await new Promise((r) => setTimeout(r, 60));
    });
    expect(view.byTestId('sync-progress')).toBeNull();
    expect(view.byTestId('connection-qbo')?.textContent).toContain('Last sync');

    await click(view.byTestId('sync-now'));
    await click(view.byTestId('connect-qbo'));
    await click(view.byTestId('disconnect-qbo'));
    await flush();
    expect(calls).toEqual(['syncNow', 'connect qbo', 'disconnect conn-1']);
  });

  it('does not disconnect when the user cancels', async () => {
    const { api, calls } = fakeApi(paired({ connections: [connection()] }));
    view = await render(<PopupApp api={api} intervalMs={1000} confirm={() => false} />);
    await flush();
    await click(view.byTestId('disconnect-qbo'));
    expect(calls).toEqual([]);
  });

  it('shows several companies, reconnect, the unreachable proxy, and invites a teammate (owner)', async () => {
    const { api, calls } = fakeApi(
      paired({
        connections: [
          connection({ status: 'reconnect_required', statusMessage: 'QuickBooks asks to reconnect.' }),
          connection({ id: 'conn-2', companyName: 'Second Co', status: 'error', statusMessage: 'Rate limited.' }),
          connection({ id: 'conn-3', provider: 'xero', companyName: 'Xero Co' }),
        ],
        lastError: { code: 'unreachable', message: 'Cannot reach' },
      }),
    );
    view = await render(<PopupApp api={api} intervalMs={1000} confirm={() => true} />);
    await flush();
    expect(view.allByTestId('connection-qbo')).toHaveLength(2);
    expect(view.byTestId('connection-xero')?.textContent).toContain('Xero Co');
    expect(view.container.textContent).toContain('Rate limited.');
    expect(view.byTestId('proxy-unreachable')?.textContent).toContain('http://127.0.0.1:4000 is unreachable');
    await click(view.byTestId('reconnect-qbo'));
    await click(view.byTestId('invite-teammate'));
    await flush();
    expect(calls).toEqual(['connect qbo', 'issuePairingCode']);
    expect(view.byTestId('invite-code')?.textContent).toContain('TEAM-4242');
  });
});
