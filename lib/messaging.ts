import { defineExtensionMessaging } from '@webext-core/messaging';
import type { z } from 'zod';
import type {
  Connection,
  CreditNote,
  Customer,
  Estimate,
  Invoice,
  Item,
  Link,
  Party,
  Payment,
  Provider,
  RecordContext,
  Seat,
  SkippedRecord,
  SyncRun,
} from './model';
import type { MatchedBy, MatchStatus } from './matching';
import type { CustomerDetails } from './panel/panel-data';
import type {
  ConnectionSettings,
  CreateSalesDocumentRequestSchema,
  CreateTimeActivityRequestSchema,
  NewCustomer,
  TimeActivitySchema,
} from './proxy-api';
import type { Ageing } from './db/ageing';
import type { SalesLogRow } from './db/rows';
import type { CustomerQuery, SearchResult } from './search/customer-search';

/**
 * The one message contract between the background (which owns the proxy client and Dexie) and the extension pages
 * (popup, panel iframe, later options and side panel). Content scripts never ask for accounting data directly.
 */

export interface ErrorInfo {
  code: string;
  message: string;
  /** createCustomer's 409 customer_exists: the customers that already exist ("link instead"). */
  candidates?: Customer[];
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
  /** Feed progress on this seat (issue 6): items applied by the current/last pull, and whether one runs. */
  feed?: FeedProgress;
}

export interface FeedProgress {
  pulling: boolean;
  itemsApplied: number;
  /** When the last page was applied (ISO); null before the first. */
  appliedAt: string | null;
}

export type ActionResult<T extends object = object> = ({ ok: true } & T) | { ok: false; error: ErrorInfo };

export type LookupResult =
  | { state: 'not-paired' }
  | { state: 'not-connected' }
  | { state: 'syncing' }
  | { state: 'no-match' }
  | { state: 'unreachable' }
  /** Nothing matched, and a connection needs the user to reconnect it (its customers may be the missing ones). */
  | { state: 'reconnect-required'; message: string | null }
  | {
      state: 'matched';
      customers: Customer[];
      matchedBy: MatchedBy;
      /** matched, ambiguous (choose one) or suggested (domain: link it if it is the same client). */
      status?: MatchStatus;
      /** Why these customers, in one sentence. */
      explanation?: string;
      /** Per recordKey(customer), from the local mirror: summary, latest invoices, last payment. */
      details?: Record<string, CustomerDetails>;
    };

/** What the side panel should offer when it opens: a customer, the create form, or the search to link one. */
export type SidePanelIntent = 'view' | 'create' | 'link';

export interface ProtocolMap {
  getStatus(): Status;
  pair(data: { proxyUrl: string; code: string }): ActionResult<{ seat: Seat }>;
  unpair(): ActionResult;
  connect(data: { provider: Provider }): ActionResult<{ authorizeUrl: string }>;
  disconnect(data: { connectionId: string }): ActionResult;
  syncNow(): ActionResult;
  lookupRecord(data: { context: RecordContext }): LookupResult;

  /* ── Issue 6: popup, options, side panel and actions ───────────────────────────────────────────────────── */
  issuePairingCode(): ActionResult<{ code: string; expiresAt: string }>;
  /** Drops the local mirror and pulls the feed again from the start. */
  resetLocalData(): ActionResult;
  /** What the panel on a tab resolved (recorded from its lookupRecord); tabId null = the active tab. */
  getTabCustomer(data: { tabId: number | null }): TabCustomer;
  /**
   * Opens the side panel on the sender's tab (from a click in the panel, search or popup), optionally on one
   * customer, with what it should offer (default 'view'); the side panel reads both through getTabCustomer.
   */
  openSidePanel(data: { customerKey: string | null; intent?: SidePanelIntent }): ActionResult;
  searchCustomers(data: { query: CustomerQuery }): SearchResult;
  getCustomerDetail(data: { customerKey: string }): CustomerDetail | null;
  listPickables(data: { connectionId: string }): Pickables;
  getSyncLog(data: { connectionId?: string; reason?: string; refresh: boolean }): SyncLog;
  getSalesLog(data: { limit: number }): { entries: SalesLogRow[] };
  getConnectionSettings(data: { connectionId: string }): ActionResult<{ settings: ConnectionSettings }>;
  saveConnectionSettings(data: {
    connectionId: string;
    settings: ConnectionSettings;
  }): ActionResult<{ settings: ConnectionSettings }>;
  createCustomer(data: CreateCustomerAction): ActionResult<{ customer: Customer }>;
  linkCustomer(data: { recordKey: string; customerKey: string }): ActionResult<{ link: Link }>;
  logTime(data: { request: z.input<typeof CreateTimeActivityRequestSchema>; idempotencyKey: string }): ActionResult<{
    timeActivity: z.infer<typeof TimeActivitySchema>;
  }>;
  createSalesDocument(data: {
    request: z.input<typeof CreateSalesDocumentRequestSchema>;
    idempotencyKey: string;
  }): ActionResult<{ document: Invoice | Estimate }>;
  setWatched(data: { customerKey: string; watched: boolean }): ActionResult;
}

export interface TabCustomer {
  tabId: number | null;
  context: RecordContext | null;
  /** recordKeys of the customers the panel matched (several when ambiguous). */
  customerKeys: string[];
  /** A customer chosen explicitly (search, "open in side panel"); wins over the tab's match. */
  focusKey: string | null;
  /**
   * The last openSidePanel request: the side panel applies it once per `nonce` (opens the create form or the link
   * search for the tab's record, or shows `focusKey`). Null when nothing asked yet.
   */
  request: { intent: SidePanelIntent; nonce: number; tabId: number | null } | null;
}

export interface CustomerDetail {
  customer: Customer;
  connection: Connection | null;
  balance: string;
  overdue: string;
  daysOverdue: number;
  ageing: Ageing;
  lifetimeSales: string;
  thisYearSales: string;
  lastInvoiceDate: string | null;
  lastPaymentDate: string | null;
  invoices: Invoice[];
  estimates: Estimate[];
  payments: Payment[];
  creditNotes: CreditNote[];
  watched: boolean;
}

export interface Pickables {
  items: Item[];
  employees: Party[];
  vendors: Party[];
}

export interface SyncLog {
  runs: SyncRun[];
  skipped: SkippedRecord[];
  /** True when the proxy could not be asked and the cached copy is shown. */
  fromCache: boolean;
  error: ErrorInfo | null;
}

export interface CreateCustomerAction {
  connectionId: string;
  customer: NewCustomer;
  force: boolean;
  /** One per form submission, reused on retry (lib/proxy-api.ts). */
  idempotencyKey: string;
  /** The CRM record to link the new customer to. */
  recordKey: string | null;
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

  issuePairingCode: () => sendMessage('issuePairingCode'),
  resetLocalData: () => sendMessage('resetLocalData'),
  getTabCustomer: (data) => sendMessage('getTabCustomer', data),
  openSidePanel: (data) => sendMessage('openSidePanel', data),
  searchCustomers: (data) => sendMessage('searchCustomers', data),
  getCustomerDetail: (data) => sendMessage('getCustomerDetail', data),
  listPickables: (data) => sendMessage('listPickables', data),
  getSyncLog: (data) => sendMessage('getSyncLog', data),
  getSalesLog: (data) => sendMessage('getSalesLog', data),
  getConnectionSettings: (data) => sendMessage('getConnectionSettings', data),
  saveConnectionSettings: (data) => sendMessage('saveConnectionSettings', data),
  createCustomer: (data) => sendMessage('createCustomer', data),
  linkCustomer: (data) => sendMessage('linkCustomer', data),
  logTime: (data) => sendMessage('logTime', data),
  createSalesDocument: (data) => sendMessage('createSalesDocument', data),
  setWatched: (data) => sendMessage('setWatched', data),
};
