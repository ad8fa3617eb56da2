import { defineExtensionMessaging } from '@webext-core/messaging';
import type { Connection, Customer, Provider, RecordContext, Seat } from './model';
import type { MatchedBy } from './matching';

/**
 * The one message contract between the background (which owns the proxy client and Dexie) and the extension pages
 * (popup, panel iframe, later options and side panel). Content scripts never ask for accounting data directly.
 */

export interface ErrorInfo {
  code: string;
  message: string;
}

export interface Status {
  paired: boolean;
  proxyUrl: string | null;
  seat: Seat | null;
  connections: Connection[];
  /** The last failure talking to the proxy; null after the next success. */
  lastError: ErrorInfo | null;
  /** A provider whose consent tab is open and not yet completed. */
  pendingAuthorize: Provider | null;
}

export type ActionResult<T extends object = object> = ({ ok: true } & T) | { ok: false; error: ErrorInfo };

export type LookupResult =
  | { state: 'not-paired' }
  | { state: 'not-connected' }
  | { state: 'syncing' }
  | { state: 'no-match' }
  | { state: 'unreachable' }
  | { state: 'matched'; customers: Customer[]; matchedBy: MatchedBy };

export interface ProtocolMap {
  getStatus(): Status;
  pair(data: { proxyUrl: string; code: string }): ActionResult<{ seat: Seat }>;
  unpair(): ActionResult;
  connect(data: { provider: Provider }): ActionResult<{ authorizeUrl: string }>;
  disconnect(data: { connectionId: string }): ActionResult;
  syncNow(): ActionResult;
  lookupRecord(data: { context: RecordContext }): LookupResult;
}

/** Background side: one function per message, taking the message's data (if any). */
export type Handlers = {
  [K in keyof ProtocolMap]: ProtocolMap[K] extends () => infer R
    ? () => Promise<R> | R
    : ProtocolMap[K] extends (data: infer D) => infer R
      ? (data: D) => Promise<R> | R
      : never;
};

export const { sendMessage, onMessage } = defineExtensionMessaging<ProtocolMap>();

/** What a page needs to talk to the background; the real one by default, a fake in tests. */
export type BackgroundApi = {
  [K in keyof ProtocolMap]: ProtocolMap[K] extends () => infer R
    ? () => Promise<R>
    : ProtocolMap[K] extends (data: infer D) => infer R
      ? (data: D) => Promise<R>
      : never;
};

export const backgroundApi: BackgroundApi = {
  getStatus: () => sendMessage('getStatus'),
  pair: (data) => sendMessage('pair', data),
  unpair: () => sendMessage('unpair'),
  connect: (data) => sendMessage('connect', data),
  disconnect: (data) => sendMessage('disconnect', data),
  syncNow: () => sendMessage('syncNow'),
  lookupRecord: (data) => sendMessage('lookupRecord', data),
};
