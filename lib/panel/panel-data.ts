import type { Customer, Invoice, Link, Payment, RecordContext } from '../model';
import { recordKey, sumDecimals } from '../model';
import type { ActionResult, LookupResult, SidePanelIntent as SidePanelIntentKind } from '../messaging';
import type { MatchStatus } from '../matching/match-record';
import { ageOpenInvoices, daysOverdue, isoDay, overdueAmount, type Ageing } from '../db/ageing';

/**
 * What the panel renders. lookupRecord's answer (lib/messaging.ts) plus optional extras the background may attach
 * to a 'matched' answer: the match status and explanation (lib/matching) and, per customer, the derived summary
 * and the latest invoices. Everything optional degrades: no summary → computed from invoices → customer.overdue.
 */
export interface CustomerSummaryView {
  overdue: string;
  /** Days the oldest open invoice is past due. */
  overdueDays: number;
  ageing: Ageing;
  lastInvoice: { date: string; number: string | null; total: string } | null;
  lastPayment: { date: string; amount: string } | null;
}

export interface CustomerDetails {
  summary?: CustomerSummaryView | null;
  /** Latest invoices first; the panel shows five. */
  invoices?: Invoice[];
  payments?: Payment[];
}

/** The extras of lookupRecord's 'matched' answer (lib/messaging.ts), attached by lib/background/lookup-details.ts. */
export type MatchedExtras = {
  status?: MatchStatus;
  explanation?: string;
  /** Keyed by recordKey(customer). */
  details?: Record<string, CustomerDetails>;
};

export type PanelResult = LookupResult | { state: 'loading' } | { state: 'error' };

export interface Figures {
  overdue: string | null;
  overdueDays: number | null;
  ageing: Ageing | null;
  lastInvoice: CustomerSummaryView['lastInvoice'];
  lastPayment: CustomerSummaryView['lastPayment'];
  invoices: Invoice[];
}

/** The panel's numbers for one customer, from the best source available. */
export function customerFigures(customer: Customer, details: CustomerDetails | undefined, today = isoDay(new Date())): Figures {
  const invoices = [...(details?.invoices ?? [])].sort((a, b) => b.issueDate.localeCompare(a.issueDate)).slice(0, 5);
  const summary = details?.summary;
  if (summary) return { ...summary, invoices };
  const all = details?.invoices;
  const latestPayment = [...(details?.payments ?? [])].sort((a, b) => b.date.localeCompare(a.date))[0];
  const lastPayment = latestPayment ? { date: latestPayment.date, amount: latestPayment.amount } : null;
  if (all && all.length > 0) {
    const open = all
      .filter((i) => i.status === 'open' && Number(i.balance) !== 0)
      .map((i) => ({ dueDate: i.dueDate, balance: i.balance }));
    const oldest = open.map((i) => i.dueDate).filter((d): d is string => !!d && d < today).sort()[0] ?? '';
    const first = invoices[0];
    return {
      overdue: overdueAmount(open, today),
      overdueDays: daysOverdue(oldest, today),
      ageing: ageOpenInvoices(open, today),
      lastInvoice: first ? { date: first.issueDate, number: first.number, total: first.total } : null,
      lastPayment,
      invoices,
    };
  }
  return { overdue: customer.overdue, overdueDays: null, ageing: null, lastInvoice: null, lastPayment, invoices };
}

export function ageingTotal(ageing: Ageing): string {
  return sumDecimals(Object.values(ageing));
}

export const customerKeyOf = recordKey;

/** What the panel asks of the background beyond lookupRecord (lib/panel/panel-messaging.ts). */
export interface PanelActions {
  linkRecord(data: { recordKey: string; customerKey: string }): Promise<ActionResult<{ link: Link }>>;
  openSidePanel(data: SidePanelIntent): Promise<ActionResult>;
}

/** What the side panel should show when the panel opens it: the customer, a create form, or a link search. */
export interface SidePanelIntent {
  intent: SidePanelIntentKind;
  context: RecordContext;
  customerKey?: string;
}
