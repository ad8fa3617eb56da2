import { z } from 'zod';
import { browser, type Browser } from 'wxt/browser';
import { ProviderSchema, SeatSchema } from './model';

/**
 * What the extension keeps in browser.storage.local. The seat token is LedgerLens's own credential for the proxy;
 * provider (QuickBooks/Xero) tokens never reach the extension.
 */

export const DEFAULT_PROXY_URL = 'http://127.0.0.1:4000';

export const PairingSchema = z.object({ proxyUrl: z.string().url(), token: z.string().min(1), seat: SeatSchema });
export type Pairing = z.infer<typeof PairingSchema>;

const ErrorInfoSchema = z.object({ code: z.string(), message: z.string() });
export const SyncStateSchema = z.object({
  lastError: ErrorInfoSchema.nullable(),
  /** Bumped whenever local data changes; extension pages watch it to re-query (storage.onChanged). */
  revision: z.number().int(),
  pendingAuthorize: z
    .object({ provider: ProviderSchema, until: z.string(), knownConnectionIds: z.array(z.string()) })
    .nullable(),
});
export type SyncState = z.infer<typeof SyncStateSchema>;

export const PAIRING_KEY = 'ledgerlens.pairing';
export const SYNC_STATE_KEY = 'ledgerlens.sync';

const EMPTY_SYNC_STATE: SyncState = { lastError: null, revision: 0, pendingAuthorize: null };

export function createSettings(area: Browser.storage.StorageArea = browser.storage.local) {
  async function read<T>(key: string, schema: z.ZodType<T>): Promise<T | null> {
    const stored: Record<string, unknown> = await area.get(key);
    const parsed = schema.safeParse(stored[key]);
    return parsed.success ? parsed.data : null;
  }
  let queue: Promise<unknown> = Promise.resolve();
  return {
    getPairing: () => read(PAIRING_KEY, PairingSchema),
    setPairing: (pairing: Pairing) => area.set({ [PAIRING_KEY]: pairing }),
    clearPairing: () => area.remove(PAIRING_KEY),
    async getSyncState(): Promise<SyncState> {
      return (await read(SYNC_STATE_KEY, SyncStateSchema)) ?? EMPTY_SYNC_STATE;
    },
    /** Read-modify-write, queued so two concurrent updates (a feed page and a status change) never lose one. */
    updateSyncState(update: (state: SyncState) => SyncState): Promise<SyncState> {
      const run = queue.then(async () => {
        const next = update((await read(SYNC_STATE_KEY, SyncStateSchema)) ?? EMPTY_SYNC_STATE);
        await area.set({ [SYNC_STATE_KEY]: next });
        return next;
      });
      queue = run.catch(() => undefined);
      return run;
    },
    clearSyncState: () => area.remove(SYNC_STATE_KEY),
  };
}
export type Settings = ReturnType<typeof createSettings>;
