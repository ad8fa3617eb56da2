import { companyInfoJson } from './company-info-json.js';
import { customerJson } from './customer-json.js';
import { invoiceJson, paymentJson } from './invoice-json.js';
import { QBO_ENTITY_DEFS } from './entities/registry.js';
import { formatQboDateTime } from './qbo-time.js';
import type { QboCompanyData, QboCompanyProfile, QboCustomerRecord, QboInvoiceRecord, QboPaymentRecord } from './records.js';

export type FieldKind = 'string' | 'number' | 'boolean' | 'datetime' | 'date' | 'id';

export interface QueryField<Row> {
  kind: FieldKind;
  get(row: Row, company: QboCompanyData): string | number | boolean | undefined;
}

/** What the query executor needs to know about one queryable entity. Fields are the filterable ones only. */
export interface QueryEntity<Row> {
  name: string;
  rows(company: QboCompanyData): readonly Row[];
  byId?(company: QboCompanyData, id: string): Row | undefined;
  /** Rows of one customer from an index, for `CustomerRef = '…'` (a customer's invoices among 1,000,000). */
  byCustomer?(company: QboCompanyData, customerId: string): readonly Row[];
  id(row: Row): string;
  /** Lower-cased field name → accessor. A field not listed is "not queryable" (code 4001). */
  fields: Record<string, QueryField<Row>>;
  /** List entities hide inactive rows unless the query mentions Active (real QBO behaviour). */
  hidesInactive: boolean;
  toJson(company: QboCompanyData, row: Row): Record<string, unknown>;
}

const metaFields = <Row extends { createdAt: number; updatedAt: number }>(): Record<string, QueryField<Row>> => ({
  'metadata.createtime': { kind: 'datetime', get: (row) => formatQboDateTime(row.createdAt) },
  'metadata.lastupdatedtime': { kind: 'datetime', get: (row) => formatQboDateTime(row.updatedAt) },
});

const customerEntity: QueryEntity<QboCustomerRecord> = {
  name: 'Customer',
  rows: (company) => company.customers,
  byId: (company, id) => company.customer(id),
  id: (row) => row.id,
  hidesInactive: true,
  fields: {
    id: { kind: 'id', get: (row) => row.id },
    displayname: { kind: 'string', get: (row) => row.displayName },
    givenname: { kind: 'string', get: (row) => row.givenName },
    familyname: { kind: 'string', get: (row) => row.familyName },
    companyname: { kind: 'string', get: (row) => row.companyName },
    fullyqualifiedname: { kind: 'string', get: (row, company) => company.fullyQualifiedName(row) },
    primaryemailaddr: { kind: 'string', get: (row) => row.email },
    active: { kind: 'boolean', get: (row) => row.active },
    balance: { kind: 'number', get: (row) => row.balanceCents / 100 },
    job: { kind: 'boolean', get: (row) => row.parentId !== undefined },
    parentref: { kind: 'id', get: (row) => row.parentId },
    ...metaFields<QboCustomerRecord>(),
  },
  toJson: customerJson,
};

const invoiceEntity: QueryEntity<QboInvoiceRecord> = {
  name: 'Invoice',
  rows: (company) => company.invoices,
  byId: (company, id) => company.invoice(id),
  byCustomer: (company, customerId) => company.invoicesOf(customerId),
  id: (row) => row.id,
  hidesInactive: false,
  fields: {
    id: { kind: 'id', get: (row) => row.id },
    customerref: { kind: 'id', get: (row) => row.customerId },
    docnumber: { kind: 'string', get: (row) => row.docNumber },
    txndate: { kind: 'date', get: (row) => row.txnDate },
    duedate: { kind: 'date', get: (row) => row.dueDate },
    balance: { kind: 'number', get: (row) => row.balanceCents / 100 },
    totalamt: { kind: 'number', get: (row) => row.totalCents / 100 },
    emailstatus: { kind: 'string', get: (row) => row.emailStatus },
    ...metaFields<QboInvoiceRecord>(),
  },
  toJson: invoiceJson,
};

const paymentEntity: QueryEntity<QboPaymentRecord> = {
  name: 'Payment',
  rows: (company) => company.payments,
  byId: (company, id) => company.payment(id),
  id: (row) => row.id,
  hidesInactive: false,
  fields: {
    id: { kind: 'id', get: (row) => row.id },
    customerref: { kind: 'id', get: (row) => row.customerId },
    txndate: { kind: 'date', get: (row) => row.txnDate },
    totalamt: { kind: 'number', get: (row) => row.totalCents / 100 },
    ...metaFields<QboPaymentRecord>(),
  },
  toJson: paymentJson,
};

const companyInfoEntity: QueryEntity<QboCompanyProfile> = {
  name: 'CompanyInfo',
  rows: (company) => [company.profile],
  id: () => '1',
  hidesInactive: false,
  fields: { id: { kind: 'id', get: () => '1' } },
  toJson: (company) => companyInfoJson(company),
};

/** Queryable entities by lower-cased name; QBO entity names in queries are case-insensitive. */
export const QUERY_ENTITIES: ReadonlyMap<string, QueryEntity<never>> = new Map<string, QueryEntity<never>>(
  [customerEntity, invoiceEntity, paymentEntity, companyInfoEntity, ...(QBO_ENTITY_DEFS as readonly QueryEntity<never>[])].map((entity) => [
    entity.name.toLowerCase(),
    entity as unknown as QueryEntity<never>,
  ]),
);
