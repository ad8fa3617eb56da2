import { describe, expect, it } from 'vitest';
import { parseWhere, WhereParseError } from '../../../proxy-server/sandbox/xero/api/where-filter';

const contact = { Name: 'Kauri Builders Ltd', EmailAddress: 'Ops@Kauri.example', IsCustomer: true, ContactStatus: 'ACTIVE', ContactID: 'ABC-1', Balances: { AccountsReceivable: { Outstanding: 120.5 } }, UpdatedDateUTC: '/Date(1704067200000+0000)/' };

describe('parseWhere', () => {
  it.each([
    ['Name=="kauri builders ltd"', true],
    ['Name!="Kauri Builders Ltd"', false],
    ['Name.Contains("BUILD")', true],
    ['Name.StartsWith("Kauri") && IsCustomer==true', true],
    ['Name.EndsWith("Inc") || ContactStatus=="ACTIVE"', true],
    ['EmailAddress!=null && EmailAddress.StartsWith("ops@")', true],
    ['FirstName==null', true],
    ['ContactID==GUID("abc-1")', true],
    ['Balances.AccountsReceivable.Outstanding>100', true],
    ['UpdatedDateUTC>=DateTime(2024,01,01)', true],
    ['UpdatedDateUTC>DateTime(2024,01,02)', false],
    ['!(IsCustomer==false)', true],
    ['Name.ToLower()=="kauri builders ltd"', true],
    ['IsCustomer', true],
  ])('%s → %s', (source, expected) => {
    expect(parseWhere(source)(contact)).toBe(expected);
  });

  it('rejects syntax it does not support and fields the entity does not have', () => {
    expect(() => parseWhere('Name=="unterminated')).toThrow(WhereParseError);
    expect(() => parseWhere('Name.Matches("x")')).toThrow(WhereParseError);
    expect(() => parseWhere('Bogus=="x"', new Set(['name']))).toThrow(WhereParseError);
  });

  it('exposes a conjunction of top-level equalities, and nothing else, for a columnar answer', () => {
    expect(parseWhere('Type=="ACCREC"').equalities).toEqual([{ field: 'type', value: 'accrec' }]);
    expect(parseWhere('Status=="AUTHORISED" AND Type=="ACCREC"').equalities).toEqual([
      { field: 'status', value: 'authorised' },
      { field: 'type', value: 'accrec' },
    ]);
    expect(parseWhere('(Type=="ACCREC")').equalities).toHaveLength(1);
    for (const other of ['Type=="ACCREC" || Type=="ACCPAY"', '!(Type=="ACCREC")', 'Type!="ACCREC"', 'Name.Contains("x")', 'Contact.Name=="x"', 'Type=="ACCREC" && Total>10']) {
      expect(parseWhere(other).equalities, other).toBeUndefined();
    }
  });
});
