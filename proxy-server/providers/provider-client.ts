import type { CreditNote, Customer, Estimate, Invoice, Item, Party, Payment, Provider, SkipReason } from '../../lib/model';
import type { ProviderWrites } from './provider-writes';

/**
 * One interface for every accounting provider. The proxy's routes and sync speak only this; quirks (QBO's realmId
 * on the redirect, Xero's tenants from /connections) live inside each implementation as small named functions.
 */
export interface ProviderTokens {
  accessToken: string;
  refreshToken: string;
  /** Epoch ms. */
  accessExpiresAt: number;
  /** Epoch ms, when the provider says; null when unknown. */
  refreshExpiresAt: number | null;
}

export interface Grant {
  tokens: ProviderTokens;
  /** The companies this grant reaches (QBO: the one realmId on the redirect; Xero: every tenant). */
  companyIds: string[];
  /**
   * Names (and the provider's own connection ids) of those companies when the provider lists them with the grant
   * (Xero's GET /connections): the callback shows them when one consent covered several, so the user picks.
   */
  companies?: { id: string; name: string; providerConnectionId: string | null }[];
}

export interface CompanyInfo {
  id: string;
  name: string;
  /** Home currency (ISO 4217) when the provider tells us. */
  currency: string | null;
  /** Xero's organisation ShortCode, stored with the connection for deep links. */
  shortCode?: string | null;
}

/** How API calls get a usable access token; `rejected` is the token the provider just answered 401 to. */
export interface ApiAuth {
  companyId: string;
  connectionId: string;
  accessToken(rejected?: string): Promise<string>;
  /** Counts the provider calls made with this auth (a sync run's "calls spent"). */
  meter?: { calls: number } | undefined;
}

export interface SkippedRecord {
  entity: SyncEntity;
  providerId: string | null;
  reason: SkipReason;
  message: string;
}

export interface CustomerPage {
  customers: Customer[];
  skipped: SkippedRecord[];
}

/** Write operations (proxy-server/providers/provider-writes.ts) are optional: without one an action answers 422 not_supported. */
export interface ProviderClient extends Partial<ProviderWrites> {
  readonly provider: Provider;
  authorizeUrl(state: string): string;
  /** `callbackUrl` is the full URL the browser landed on (code, state, and provider extras like realmId). */
  exchangeCode(callbackUrl: URL): Promise<Grant>;
  refresh(tokens: ProviderTokens): Promise<ProviderTokens>;
  revoke(tokens: ProviderTokens): Promise<void>;
  companyInfo(auth: ApiAuth): Promise<CompanyInfo>;
  listCustomers(auth: ApiAuth, options: { homeCurrency: string | null; signal?: AbortSignal }): AsyncIterable<CustomerPage>;
  deepLink(companyId: string, entity: 'customer', id: string): string;
  /**
   * Ends access to ONE company without revoking the grant, which other companies of the same consent still use
   * (Xero: DELETE /connections/{id}). Without it, disconnecting the last connection of a grant revokes the grant.
   */
  disconnectCompany?(auth: ApiAuth, providerConnectionId: string | null): Promise<void>;
  /** Every-entity sync (issue 4 §4). Optional so a provider can be wired before its readers exist. */
  readonly sync?: EntitySync;
}

/* ── Every-entity sync, provider-neutral: the sync engine (proxy-server/sync) speaks only this. ─────────────── */

/** The mirrored entities, in import order: lists first, then transactions, so customers can carry `overdue`. */
export const SYNC_ENTITIES = ['item', 'employee', 'vendor', 'invoice', 'estimate', 'payment', 'credit_note', 'customer'] as const;
export type SyncEntity = (typeof SYNC_ENTITIES)[number];
/** Entities dated by a transaction date, which the historicalFrom setting filters. */
export const TRANSACTION_ENTITIES: ReadonlySet<SyncEntity> = new Set(['invoice', 'estimate', 'payment', 'credit_note']);

export type MirrorRecord = Customer | Invoice | Estimate | Payment | CreditNote | Item | Party;

export interface RecordPage {
  entity: SyncEntity;
  records: MirrorRecord[];
  skipped: SkippedRecord[];
  /** Where the next page starts (QBO STARTPOSITION), null after the last page: persisted so an import resumes. */
  next: number | null;
  /**
   * Provider time before which every change is in this page's read, when the provider says (its clock as it
   * answered, less the provider's own margin): the first page's pins where the import's catch-up read starts, with
   * no allowance for the proxy's clock running ahead of or behind the provider's.
   */
  serverTime?: number | null | undefined;
}

export interface ListOptions {
  homeCurrency: string | null;
  /** YYYY-MM-DD; transactions dated before it are not imported. */
  historicalFrom: string | null;
  /** Resume point from a previous page's `next`. */
  startPosition?: number | undefined;
  pageSize?: number | undefined;
  signal?: AbortSignal | undefined;
}

/** [from, to) in provider time (epoch ms); `to` null = up to now. */
export interface ChangeWindow {
  from: number;
  to: number | null;
}

export interface ChangeSet {
  /** False when the provider capped the response (QBO CDC: 1,000 objects): never a checkpoint (api-facts.md §1 CDC). */
  complete: boolean;
  records: { entity: SyncEntity; record: MirrorRecord }[];
  deleted: { entity: SyncEntity; id: string }[];
  skipped: SkippedRecord[];
  /** The provider's clock when it answered (the next checkpoint), when it says. */
  serverTime: number | null;
}

export interface FetchedRecords {
  records: MirrorRecord[];
  skipped: SkippedRecord[];
  /** Ids the provider no longer has (deleted): tombstones. */
  missing: string[];
}

export interface EntitySync {
  readonly entities: readonly SyncEntity[];
  /** How far back `changes` may look (QBO CDC: 30 days); older checkpoints need a full reconcile. */
  readonly maxLookbackMs: number;
  listRecords(auth: ApiAuth, entity: SyncEntity, options: ListOptions): AsyncIterable<RecordPage>;
  /**
   * Cheap consistency check: how many records the provider holds (same filters as listRecords); null when the
   * provider has no cheap count (Xero), and the reconcile relies on its change reads and deleted lists instead.
   */
  countRecords(auth: ApiAuth, entity: SyncEntity, options: Pick<ListOptions, 'historicalFrom' | 'signal'>): Promise<number | null>;
  /**
   * The reconcile's access check: false when the provider no longer lists this company for the grant (a Xero
   * organisation removed from the app's connections) — a disconnect from the provider side.
   */
  stillConnected?(auth: ApiAuth, options: { signal?: AbortSignal | undefined }): Promise<boolean>;
  changes(
    auth: ApiAuth,
    entities: readonly SyncEntity[],
    window: ChangeWindow,
    options: { homeCurrency: string | null; signal?: AbortSignal | undefined },
  ): Promise<ChangeSet>;
  /** Targeted fetch of named records (webhooks), batched by the provider's own limits. */
  fetchByIds(
    auth: ApiAuth,
    entity: SyncEntity,
    ids: readonly string[],
    options: { homeCurrency: string | null; signal?: AbortSignal | undefined },
  ): Promise<FetchedRecords>;
}

export type ProviderErrorKind =
  /** The grant is dead (revoked, expired, rotated away): the user must reconnect. */
  | 'invalid_grant'
  /** The provider refused the access token even after a refresh. */
  | 'unauthorized'
  | 'rate_limited'
  /** A response we cannot read (not JSON, wrong envelope). */
  | 'malformed_response'
  /** The provider answered with a business/validation fault. */
  | 'rejected'
  /** Network failure or 5xx. */
  | 'unavailable';

/** Provider failures, with messages safe to show to users and to log: never tokens or raw bodies. */
export class ProviderError extends Error {
  override name = 'ProviderError';
  constructor(
    readonly kind: ProviderErrorKind,
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

/**
 * The provider says this company is no longer connected to the app at all (Xero: 403 for the tenant, or the tenant
 * gone from GET /connections): not "reconnect required" but a disconnect from the provider side, handled like the
 * user's own disconnect (tokens, mirror and links deleted; issue 4 §2).
 */
export class CompanyDisconnectedError extends ProviderError {
  override name = 'CompanyDisconnectedError';
  constructor(
    readonly companyId: string,
    message: string,
  ) {
    super('unauthorized', message);
  }
}

export type ProviderRegistry = Partial<Record<Provider, ProviderClient>>;
