import type { Address, Customer, Estimate, Invoice } from '../../lib/model';
import { ProviderError, type ApiAuth } from './provider-client';

/**
 * Provider-neutral write operations behind the actions (issue 4 §7). Each is optional on ProviderClient: the action
 * services call them and answer 422 not_supported when a provider lacks one (Xero has no time tracking).
 */

/** Carried by every write: the provider's own idempotency key is derived from it (QBO requestid, Xero Idempotency-Key). */
export interface WriteOptions {
  /** Stable per (workspace, route, proxy Idempotency-Key); ≤ 36 chars, UUID-shaped (proxy-server/actions/idempotency.ts). */
  idempotencyKey: string;
  signal?: AbortSignal | undefined;
}

/** A customer ready to create: names and the address rule already applied (proxy-server/actions/customer-draft.ts). */
export interface CustomerDraft {
  kind: 'person' | 'company';
  displayName: string;
  givenName: string | null;
  familyName: string | null;
  companyName: string | null;
  emails: string[];
  phone: string | null;
  billingAddress: Address | null;
  shippingAddress: Address | null;
  currency: string | null;
}

export interface TimeActivityDraft {
  customerId: string;
  party: { type: 'employee' | 'vendor'; id: string };
  date: string;
  /** Either a duration … */
  hours: number | null;
  minutes: number | null;
  /** … or a start and end (ISO 8601 with offset). */
  startTime: string | null;
  endTime: string | null;
  billable: boolean;
  itemId: string | null;
  hourlyRate: string | null;
  description: string | null;
}

export interface CreatedTimeActivity {
  id: string;
  customerId: string;
  date: string;
  hours: number;
  minutes: number;
  billable: boolean;
  description: string | null;
}

export interface SalesDocumentDraft {
  kind: 'invoice' | 'estimate';
  customerId: string;
  issueDate: string | null;
  dueDate: string | null;
  lines: { itemId: string | null; description: string | null; quantity: string; unitPrice: string; taxCode: string | null }[];
}

export type CreatedSalesDocument = { kind: 'invoice'; invoice: Invoice } | { kind: 'estimate'; estimate: Estimate };

export interface ProviderWrites {
  /** Customers matching an email (exactly, case-insensitive) or a name (the caller compares normalized names). */
  findCustomers(auth: ApiAuth, query: { email: string } | { nameToken: string }): Promise<Customer[]>;
  /** null when the provider has no such customer. */
  getCustomer(auth: ApiAuth, id: string): Promise<Customer | null>;
  createCustomer(auth: ApiAuth, draft: CustomerDraft, options: WriteOptions): Promise<Customer>;
  createTimeActivity(auth: ApiAuth, draft: TimeActivityDraft, options: WriteOptions): Promise<CreatedTimeActivity>;
  createSalesDocument(auth: ApiAuth, draft: SalesDocumentDraft, options: WriteOptions): Promise<CreatedSalesDocument>;
  /** Emails the document to the customer (QBO /invoice/{id}/send; Xero /Invoices/{id}/Email). */
  sendSalesDocument(auth: ApiAuth, kind: 'invoice' | 'estimate', id: string, options: WriteOptions): Promise<void>;
  /**
   * The document kinds sendSalesDocument can email; absent = every kind. Read BEFORE anything is created, so a send
   * the provider cannot do is refused up front instead of leaving a created-but-unsent document behind (Xero quotes).
   */
  readonly sendableKinds?: readonly SalesDocumentDraft['kind'][];
}

export type RejectionReason =
  /** QBO 6240, Xero "name must be unique across all active contacts". */
  | 'duplicate_name'
  /** QBO 5010: someone changed the record first. */
  | 'stale_object'
  /** QBO 610: a referenced record is missing or inactive. */
  | 'not_found'
  /** The company has the feature switched off (QBO time tracking). */
  | 'feature_disabled'
  /** Any other business/validation fault. */
  | 'validation';

/**
 * A provider refused a write for a reason the user can fix; the actions turn it into 422 provider_validation with
 * `message` (a sentence) and details {reason, providerCode}. Never carries tokens or raw bodies.
 */
export class ProviderRejection extends ProviderError {
  override name = 'ProviderRejection';
  constructor(
    message: string,
    readonly reason: RejectionReason,
    readonly providerCode: string | null,
  ) {
    super('rejected', message);
  }
}
