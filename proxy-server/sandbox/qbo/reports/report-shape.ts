import type { QboCompanyData } from '../records.js';
import { formatQboDateTime } from '../qbo-time.js';

/** The Report envelope (Report.xsd: Header, Columns, Rows), as samples/AgedReceivables_official_docs_sample.json. */
export type Json = Record<string, unknown>;
export type Cell = { value: string; id?: string };

export function reportHeader(company: QboCompanyData, name: string, now: number, extra: Json, options: { name: string; value: string }[]): Json {
  return {
    Time: formatQboDateTime(now),
    ReportName: name,
    ...extra,
    Currency: company.profile.homeCurrency,
    Option: options.map((option) => ({ Name: option.name, Value: option.value })),
  };
}

export function column(title: string, type: string, key: string): Json {
  return { ColTitle: title, ColType: type, MetaData: [{ Name: 'ColKey', Value: key }] };
}

// Data rows carry ColData only, no type (the docs sample).
export const dataRow = (cells: Cell[]): Json => ({ ColData: cells });

export function grandTotal(cells: Cell[]): Json {
  return { Summary: { ColData: cells }, type: 'Section', group: 'GrandTotal' };
}
