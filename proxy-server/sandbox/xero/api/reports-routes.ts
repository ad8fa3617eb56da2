import { Hono } from 'hono';
import { type InvoiceRecord } from '../store/model';
import { centsToFixed } from '../support/money';
import { DAY_MS, dateString, msDateNoOffset, parseClientDate, startOfUtcDay } from '../support/ms-date';
import { amountDueCents } from '../store/tenant-store';
import { type ApiEnv } from './api-env';
import { type ApiRouteDeps } from './contacts-routes';
import { envelope } from './envelope';
import { validationExceptionBody } from './validation-error';

const LONG_DATE = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

function cell(value: string, invoiceId?: string): Record<string, unknown> {
  return invoiceId === undefined ? { Value: value } : { Value: value, Attributes: [{ Value: invoiceId, Id: 'invoiceID' }] };
}

function invoiceRow(invoice: InvoiceRecord, reportDate: number): Record<string, unknown> {
  const daysOverdue = Math.floor((reportDate - invoice.dueDate) / DAY_MS);
  const id = invoice.invoiceId;
  return {
    RowType: 'Row',
    Cells: [
      cell(dateString(invoice.date), id),
      cell(invoice.invoiceNumber, id),
      cell(dateString(invoice.dueDate), id),
      cell(daysOverdue > 0 ? `${daysOverdue} days overdue` : '', id),
      cell(centsToFixed(invoice.totalCents), id),
      cell(centsToFixed(invoice.paidCents), id),
      cell(centsToFixed(invoice.creditedCents), id),
      cell(centsToFixed(amountDueCents(invoice)), id),
    ],
  };
}

/**
 * GET /Reports/AgedReceivablesByContact?contactId= (required) with optional date/fromDate/toDate: a Rows/Cells report
 * shaped like examples/getReportAgedReceivablesByContact.200.json (header, opening balance, one row per open invoice
 * with invoiceID attributes, total, closing balance).
 */
export function createReportsRoutes(deps: ApiRouteDeps): Hono<ApiEnv> {
  const routes = new Hono<ApiEnv>();
  routes.get('/Reports/AgedReceivablesByContact', (c) => {
    const store = c.get('tenant');
    const contactId = c.req.query('contactId') ?? c.req.query('ContactID');
    const contact = contactId ? store.contactsById.get(contactId.toLowerCase()) : undefined;
    if (!contact) {
      return c.json(validationExceptionBody([{ ValidationErrors: [{ Message: 'A valid contactId must be provided' }] }]), 400);
    }
    const now = deps.clock.now();
    const parse = (name: string) => {
      const raw = c.req.query(name);
      return raw ? parseClientDate(raw) : undefined;
    };
    const reportDate = startOfUtcDay(parse('date') ?? parse('toDate') ?? now);
    const invoices = store.invoices.forContact(contact.contactId).filter(
      (invoice) => invoice.type === 'ACCREC' && invoice.status === 'AUTHORISED' && invoice.date <= reportDate && amountDueCents(invoice) > 0,
    );
    const fromDate = startOfUtcDay(parse('fromDate') ?? Math.min(reportDate, ...invoices.map((invoice) => invoice.date)));
    const sum = (pick: (invoice: InvoiceRecord) => number) => invoices.reduce((total, invoice) => total + pick(invoice), 0);
    const totals = [sum((i) => i.totalCents), sum((i) => i.paidCents), sum((i) => i.creditedCents), sum(amountDueCents)].map(centsToFixed);
    const summary = (label: string) => ({ RowType: 'SummaryRow', Cells: [label, '', '', '', ...totals].map((value) => cell(value)) });
    const report = {
      ReportName: 'Aged Receivables By Contact',
      ReportType: 'AgedReceivablesByContact',
      ReportTitles: [
        'Invoices',
        contact.name,
        `From ${LONG_DATE.format(fromDate)} to ${LONG_DATE.format(reportDate)}`,
        `Showing payments to ${LONG_DATE.format(reportDate)}`,
      ],
      ReportDate: LONG_DATE.format(reportDate),
      UpdatedDateUTC: msDateNoOffset(now),
      Fields: [],
      Rows: [
        { RowType: 'Header', Cells: ['Date', 'Number', 'Due Date', '', 'Total', 'Paid', 'Credited', 'Due'].map((value) => cell(value)) },
        { RowType: 'Section', Title: '', Rows: [{ RowType: 'Row', Cells: [dateString(fromDate), 'Opening Balance', '', '', '', '', '', '0.00'].map((value) => cell(value)) }] },
        { RowType: 'Section', Title: '', Rows: [...invoices.map((invoice) => invoiceRow(invoice, reportDate)), summary('Total')] },
        { RowType: 'Section', Title: '', Rows: [summary('Closing Balance')] },
      ],
    };
    return c.json(envelope(c, deps.providerName, now, 'Reports', [report]));
  });
  return routes;
}
