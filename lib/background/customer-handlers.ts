import { recordKey, type Invoice } from '../model';
import type { LedgerDb } from '../db/schema';
import { ageOpenInvoices, daysOverdue, isoDay, overdueAmount } from '../db/ageing';
import { searchCustomers } from '../search/customer-search';
import { summaryOf } from '../db/stored-summaries';
import { customersOf } from '../db/customer-store';
import type { CustomerDetail, Handlers, Pickables, SalesLogRow } from './handler-types';
import type { Preferences } from '../settings';

/** Read-only answers from the local mirror: search, the side panel's customer, pickers, the sales log. */
export function createCustomerHandlers(deps: {
  db: LedgerDb;
  prefs: Preferences;
  now: () => Date;
}): Pick<Handlers, 'searchCustomers' | 'getCustomerDetail' | 'listPickables' | 'getSalesLog'> {
  const { db } = deps;
  const byDateDesc = <T extends { date: string }>(rows: T[]) => rows.sort((a, b) => b.date.localeCompare(a.date));
  return {
    searchCustomers: ({ query }) => searchCustomers(db, query, isoDay(deps.now())),

    async getCustomerDetail({ customerKey }): Promise<CustomerDetail | null> {
      const row = await customersOf(db).get(customerKey);
      if (!row) return null;
      const today = isoDay(deps.now());
      const [summary, connection, invoices, estimates, payments, creditNotes, notifications] = await Promise.all([
        db.summaries.get(customerKey).then((stored) => summaryOf(row.data, stored)),
        db.connections.get(row.connectionId),
        db.invoices.where('customerKey').equals(customerKey).toArray(),
        db.estimates.where('customerKey').equals(customerKey).toArray(),
        db.payments.where('customerKey').equals(customerKey).toArray(),
        db.creditNotes.where('customerKey').equals(customerKey).toArray(),
        deps.prefs.notifications.get(),
      ]);
      const open = summary?.openInvoices ?? [];
      return {
        customer: row.data,
        connection: connection ?? null,
        balance: row.data.balance,
        overdue: overdueAmount(open, today),
        daysOverdue: daysOverdue(summary?.oldestOpenDue ?? '', today),
        ageing: ageOpenInvoices(open, today),
        lifetimeSales: summary?.lifetimeSales ?? '0',
        thisYearSales: summary?.salesByYear[today.slice(0, 4)] ?? '0',
        lastInvoiceDate: summary?.lastInvoiceDate || null,
        lastPaymentDate: summary?.lastPaymentDate || null,
        invoices: byDateDesc(invoices).map((r) => r.data as Invoice),
        estimates: byDateDesc(estimates).map((r) => r.data),
        payments: byDateDesc(payments).map((r) => r.data),
        creditNotes: byDateDesc(creditNotes).map((r) => r.data),
        watched: notifications.watched.includes(recordKey(row.data)),
      };
    },

    async listPickables({ connectionId }): Promise<Pickables> {
      const active = <T extends { active: 0 | 1; name: string }>(rows: T[]) =>
        rows.filter((r) => r.active === 1).sort((a, b) => a.name.localeCompare(b.name));
      const [items, employees, vendors] = await Promise.all([
        db.items.where('connectionId').equals(connectionId).toArray(),
        db.employees.where('connectionId').equals(connectionId).toArray(),
        db.vendors.where('connectionId').equals(connectionId).toArray(),
      ]);
      return {
        items: active(items).map((r) => r.data),
        employees: active(employees).map((r) => r.data),
        vendors: active(vendors).map((r) => r.data),
      };
    },

    async getSalesLog({ limit }): Promise<{ entries: SalesLogRow[] }> {
      return { entries: await db.salesLog.orderBy('id').reverse().limit(limit).toArray() };
    },
  };
}
