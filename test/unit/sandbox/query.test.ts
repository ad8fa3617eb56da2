import { describe, expect, it } from 'vitest';
import { parseQuery, QueryParseError } from '../../../proxy-server/sandbox/qbo/query-parser.js';
import { executeQuery, QueryValidationError } from '../../../proxy-server/sandbox/qbo/query-executor.js';
import { AWKWARD_CUSTOMER_IDS } from '../../../proxy-server/sandbox/seed/awkward-customers.js';
import { seedQboCompanies } from '../../../proxy-server/sandbox/seed/qbo-seed.js';

const [company] = seedQboCompanies({ seed: 42, now: Date.parse('2026-03-01T12:00:00Z') });
if (company === undefined) throw new Error('company expected');
const activeCount = company.customers.filter((c) => c.active).length;

const ids = (response: Record<string, unknown>, entity = 'Customer'): string[] =>
  ((response[entity] ?? []) as { Id: string }[]).map((row) => row.Id);

describe('parseQuery', () => {
  it('reads COUNT, IN lists, escaped quotes, ORDERBY and paging in either order', () => {
    expect(parseQuery("select count(*) from Customer where Id in ('5', '6') and Active IN ( true, false )")).toEqual({
      count: true,
      entity: 'Customer',
      where: [
        { field: 'Id', operator: 'in', values: ['5', '6'] },
        { field: 'Active', operator: 'in', values: [true, false] },
      ],
      orderBy: [],
    });
    expect(parseQuery("SELECT * FROM Customer WHERE DisplayName = 'Amy\\'s Bird' ORDERBY DisplayName DESC MAXRESULTS 10 STARTPOSITION 21")).toMatchObject({
      where: [{ field: 'DisplayName', operator: '=', values: ["Amy's Bird"] }],
      orderBy: [{ field: 'DisplayName', descending: true }],
      maxResults: 10,
      startPosition: 21,
    });
  });

  it.each([
    'SELECT FROM Customer',
    'SELECT * FROM Customer WHERE',
    "SELECT * FROM Customer WHERE Id = '1' OR Id = '2'",
    "SELECT * FROM Customer WHERE DisplayName = 'unterminated",
    'SELECT * FROM Customer MAXRESULTS ten',
    'DELETE FROM Customer',
  ])('rejects %s as a parse error', (statement) => {
    expect(() => parseQuery(statement)).toThrow(QueryParseError);
  });
});

describe('executeQuery on Customer', () => {
  it('counts like QBO: totalCount only, inactive customers excluded by default', () => {
    expect(executeQuery(company, 'SELECT COUNT(*) FROM Customer')).toEqual({ totalCount: activeCount });
    expect(executeQuery(company, 'SELECT COUNT(*) FROM Customer WHERE Active IN (true, false)')).toEqual({ totalCount: company.customers.length });
    expect(executeQuery(company, 'SELECT COUNT(*) FROM Customer WHERE Active = false')).toEqual({ totalCount: 1 });
  });

  it('pages with STARTPOSITION/MAXRESULTS and reports the number returned as maxResults', () => {
    const statement = "SELECT * FROM Customer WHERE Id IN ('5','6','7','8','9','10') AND Active IN (true,false) MAXRESULTS 4 STARTPOSITION 3";
    const page = executeQuery(company, statement);
    expect(ids(page)).toEqual(['7', '8', '9', '10']);
    expect(page).toMatchObject({ startPosition: 3, maxResults: 4 });
    const last = executeQuery(company, statement.replace('MAXRESULTS 4 STARTPOSITION 3', 'MAXRESULTS 4 STARTPOSITION 5'));
    expect(last).toMatchObject({ startPosition: 5, maxResults: 2 });
    expect(executeQuery(company, statement.replace('STARTPOSITION 3', 'STARTPOSITION 7'))).toEqual({});
  });

  it('matches DisplayName with escaped quotes, case-insensitively, and LIKE with %', () => {
    expect(ids(executeQuery(company, "SELECT * FROM Customer WHERE DisplayName = 'amy\\'s bird sanctuary'"))).toEqual([AWKWARD_CUSTOMER_IDS.apostrophe]);
    expect(ids(executeQuery(company, "SELECT * FROM Customer WHERE DisplayName LIKE 'Northwind%'"))).toEqual([AWKWARD_CUSTOMER_IDS.parent, AWKWARD_CUSTOMER_IDS.subCustomer]);
  });

  it('orders by a field and defaults to 100 rows', () => {
    const all = executeQuery(company, 'SELECT * FROM Customer ORDERBY DisplayName');
    const names = (all.Customer as { DisplayName: string }[]).map((c) => c.DisplayName.toLowerCase());
    expect(names).toEqual([...names].sort());
    expect(all.maxResults).toBe(Math.min(100, activeCount));
  });

  it('rejects unknown entities and non-queryable properties with validation errors', () => {
    expect(() => executeQuery(company, 'SELECT * FROM Custmoer')).toThrow(new QueryValidationError('QueryValidationError: invalid context declaration: Custmoer'));
    expect(() => executeQuery(company, "SELECT * FROM Customer WHERE Notes = 'x'")).toThrow(QueryValidationError);
  });

  it('filters invoices by CustomerRef and Balance', () => {
    const open = executeQuery(company, `SELECT * FROM Invoice WHERE CustomerRef = '${AWKWARD_CUSTOMER_IDS.sharedEmailFirst}' AND Balance > '0'`);
    const invoices = open.Invoice as { Balance: number; CustomerRef: { value: string } }[];
    expect(invoices.length).toBeGreaterThan(0);
    const sumCents = invoices.reduce((sum, invoice) => sum + Math.round(invoice.Balance * 100), 0);
    expect(sumCents).toBe(company.customer(AWKWARD_CUSTOMER_IDS.sharedEmailFirst)?.balanceCents);
  });
});
