import 'fake-indexeddb/auto';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { customerRow, openLedgerDb, type LedgerDb } from '../../../lib/db/schema';
import {
  DEFAULT_MATCHING_RULES, LEGAL_SUFFIXES, companyNameKey, emailDomain, findCustomers, foldText, isFreeMailDomain, matchRecord,
  memorySource, compileMatchingRules, nameKeysOf, normalizeEmail, personNameKey, type MatchingRules,
} from '../../../lib/matching';
import type { Customer, Link, RecordContext } from '../../../lib/model';
import { DEFAULT_MATCHING } from '../../../lib/settings';
import { customer } from './support/fake-proxy';
import { customersOf } from '../../../lib/db/customer-store';

const record = (over: Partial<RecordContext>): RecordContext => ({
  crm: 'hubspot',
  kind: 'person',
  recordKey: 'hubspot:4242:0-1:1001',
  name: null,
  emails: [],
  companyName: null,
  phone: null,
  address: null,
  ...over,
});
const names = (m: { customers: Customer[] } | null) => m?.customers.map((c) => c.displayName);

describe('normalizers', () => {
  it.each([
    ['  Ada.Lovelace@Example.COM ', 'ada.lovelace@example.com'],
    ['ada .lovelace@ example.com', 'ada.lovelace@example.com'],
  ])('normalizeEmail(%j) = %j', (input, expected) => expect(normalizeEmail(input)).toBe(expected));

  it.each([
    ['Acme Inc', 'acme'],
    ['ACME, Inc.', 'acme'],
    ['Acme Pty Ltd', 'acme'],
    ['Acme Pty. Limited', 'acme'],
    ['Acme GmbH', 'acme'],
    ['Acme LLC', 'acme'],
    ['Acme S.A.S.', 'acme'],
    ['Acme B.V.', 'acme'],
    ['Acme AG', 'acme'],
    ['Acme Corp.', 'acme'],
    ['Acme PLC', 'acme'],
    ['Acme Co., Ltd.', 'acme'],
    ['The Acme Company', 'acme'],
    ['Smith & Jones', 'smith and jones'],
    ['Smith and Jones Ltd', 'smith and jones'],
    ['Müller Café GmbH', 'muller cafe'],
    ['Société Générale SA', 'societe generale'],
    ['A.B.C. Ltd', 'abc'],
    ['Ltd', 'ltd'],
    ['  ', null],
    [null, null],
  ])('companyNameKey(%j) = %j', (input, expected) => expect(companyNameKey(input)).toBe(expected));

  it('companyNameKey strips exactly as trying every legal suffix in order does (its by-last-token lookup)', () => {
    // The definition companyNameKey is an optimisation of: each round, the first suffix of LEGAL_SUFFIXES that ends the
    // name (with something left before it) goes.
    const reference = (name: string): string | null => {
      let tokens = foldText(name).split(' ').filter(Boolean);
      if (tokens[0] === 'the' && tokens.length > 1) tokens = tokens.slice(1);
      for (let stripped = true; stripped && tokens.length > 1; ) {
        stripped = false;
        for (const suffix of LEGAL_SUFFIXES) {
          const parts = suffix.split(' ');
          if (tokens.length > parts.length && tokens.slice(-parts.length).join(' ') === suffix) {
            tokens = tokens.slice(0, -parts.length);
            stripped = true;
            break;
          }
        }
      }
      return tokens.join(' ') || null;
    };
    const words = [...new Set(LEGAL_SUFFIXES.flatMap((s) => s.split(' ')))].concat(['the', 'acme', 'Pty.', 'L.T.D.', '&', 'Co,']);
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...words), { maxLength: 7 }), (tokens) => {
        const name = tokens.join(' ');
        expect(companyNameKey(name)).toBe(reference(name));
      }),
      { numRuns: 3_000 },
    );
  });

  it.each([
    [['Ada Lovelace'], 'ada lovelace'],
    [['Lovelace, Ada'], 'ada lovelace'],
    [['Dr. Ada Lovelace'], 'ada lovelace'],
    [['Ada', 'Lovelace'], 'ada lovelace'],
    [['Lovelace', 'Ada'], 'ada lovelace'],
    [['Zoë', 'Brontë'], 'bronte zoe'],
    [['Ada'], null],
    [[null, null], null],
  ] as const)('personNameKey(%j) = %j', (parts, expected) => expect(personNameKey(...parts)).toBe(expected));

  it('tells email domains and free-mail domains apart', () => {
    expect(emailDomain('Ada@Engines.Example')).toBe('engines.example');
    expect(emailDomain('nonsense')).toBeNull();
    expect(isFreeMailDomain('gmail.com')).toBe(true);
    expect(isFreeMailDomain('OUTLOOK.com')).toBe(true);
    expect(isFreeMailDomain('engines.example')).toBe(false);
  });

  it('indexes a customer under company and person keys', () => {
    const keys = nameKeysOf(customer({ id: '1', displayName: 'Analytical Engines Ltd', givenName: 'Ada', familyName: 'Lovelace' }));
    expect(keys).toEqual(expect.arrayContaining(['company:analytical engines', 'person:ada lovelace']));
  });

  it('compiles the options page\'s stored rules (ledgerlens.matching), appending kinds it does not list', () => {
    expect(compileMatchingRules(null)).toEqual(DEFAULT_MATCHING_RULES);
    expect(compileMatchingRules(DEFAULT_MATCHING)).toEqual(DEFAULT_MATCHING_RULES);
    const parsed = compileMatchingRules({ rules: [{ kind: 'domain', enabled: false }, { kind: 'email', enabled: true }, { kind: 'person', enabled: false }] });
    expect(parsed.order).toEqual(['domain', 'email', 'person-name', 'company-name']);
    expect(parsed.enabled).toEqual({ domain: false, email: true, 'person-name': false, 'company-name': true });
  });
});

const ada = customer({ id: '1', displayName: 'Ada Lovelace', givenName: 'Ada', familyName: 'Lovelace', emails: ['Ada@Engines.example'] });
const engines = customer({ id: '2', displayName: 'Analytical Engines Ltd', companyName: 'Analytical Engines Ltd', emails: ['ap@engines.example'] });
const enginesXero = customer({ id: 'x2', provider: 'xero', companyId: 'tenant-1', connectionId: 'conn-x', displayName: 'Analytical Engines', emails: ['accounts@engines.example'] });
const gmailUser = customer({ id: '3', displayName: 'Someone Else', emails: ['someone@gmail.com'] });
const link: Link = { recordKey: 'hubspot:4242:0-1:1001', customerKey: 'qbo:realm-1:3', connectionId: 'conn-1', createdBySeatId: 'seat-1', createdAt: '2025-11-20T10:00:00.000Z' };

describe('matchRecord: the order of evidence', () => {
  const source = memorySource([ada, engines, enginesXero, gmailUser]);

  it.each<[string, Partial<RecordContext>, string, string | null, string[], RegExp]>([
    ['email, ignoring case and whitespace', { emails: [' ADA@engines.example '] }, 'matched', 'email', ['Ada Lovelace'], /^Matched by email ada@engines\.example/],
    ['email beats name', { name: 'Someone Else', emails: ['ada@engines.example'] }, 'matched', 'email', ['Ada Lovelace'], /email/],
    ['company name of a company record, both providers side by side', { kind: 'company', name: 'ANALYTICAL ENGINES, INC.' }, 'matched', 'company-name', ['Analytical Engines Ltd', 'Analytical Engines'], /company name/],
    ["a person's employer by company name", { name: 'Nobody Known', companyName: 'Analytical Engines' }, 'matched', 'company-name', ['Analytical Engines Ltd', 'Analytical Engines'], /company name/],
    ['person name, order-insensitive', { name: 'Lovelace Ada' }, 'matched', 'person-name', ['Ada Lovelace'], /name “Lovelace Ada”/],
    ['email domain only as a suggestion', { name: 'Charles Babbage', emails: ['charles@engines.example'] }, 'suggested', 'domain', ['Ada Lovelace', 'Analytical Engines Ltd', 'Analytical Engines'].sort(), /^Suggested/],
    ['never a free-mail domain', { name: 'Charles Babbage', emails: ['charles@gmail.com'] }, 'none', null, [], /No customer/],
    ['a stranger', { name: 'Bob', emails: ['bob@elsewhere.example'] }, 'none', null, [], /No customer/],
  ])('%s', async (_label, over, status, matchedBy, expected, explanation) => {
    const result = await matchRecord(record(over), source);
    expect(result.status).toBe(status);
    expect(result.matchedBy).toBe(matchedBy);
    expect(names(result)?.sort()).toEqual([...expected].sort());
    expect(result.explanation).toMatch(explanation);
  });

  it('a manual link wins over everything, and says who made it', async () => {
    const result = await matchRecord(record({ emails: ['ada@engines.example'] }), memorySource([ada, gmailUser], [link], { 'seat-1': 'Grace' }));
    expect(result).toMatchObject({ status: 'matched', matchedBy: 'link' });
    expect(names(result)).toEqual(['Someone Else']);
    expect(result.explanation).toBe('Linked manually by Grace on 2025-11-20.');
  });

  it('two customers of one company sharing an email are ambiguous', async () => {
    const twin = customer({ id: '9', displayName: 'Ada (old account)', emails: ['ada@engines.example'] });
    const result = await matchRecord(record({ emails: ['ada@engines.example'] }), memorySource([ada, twin]));
    expect(result.status).toBe('ambiguous');
    expect(result.explanation).toBe('2 customers share the email ada@engines.example — choose one.');
  });

  it('follows the injected order and on/off switches', async () => {
    const context = record({ name: 'Ada Lovelace', emails: ['someone@gmail.com'] });
    const nameFirst: MatchingRules = { ...DEFAULT_MATCHING_RULES, order: ['person-name', 'email', 'company-name', 'domain'] };
    expect((await matchRecord(context, source, { rules: nameFirst })).matchedBy).toBe('person-name');
    expect((await matchRecord(context, source)).matchedBy).toBe('email');
    const noEmail: MatchingRules = { ...DEFAULT_MATCHING_RULES, enabled: { ...DEFAULT_MATCHING_RULES.enabled, email: false } };
    expect((await matchRecord(context, source, { rules: noEmail })).matchedBy).toBe('person-name');
  });

  it('ignores customers of connections that are gone', async () => {
    const result = await matchRecord(record({ emails: ['ada@engines.example'] }), source, { connectionIds: new Set(['conn-gone']) });
    expect(result.status).toBe('none');
  });
});

describe('findCustomers over the Dexie mirror', () => {
  let db: LedgerDb;
  afterEach(async () => db?.delete());

  it('matches by email through the index, by company name and by link', async () => {
    db = openLedgerDb(`match-${crypto.randomUUID()}`);
    await customersOf(db).write([ada, engines, gmailUser].map(customerRow));
    expect(names(await findCustomers(db, record({ emails: ['ADA@engines.example'] })))).toEqual(['Ada Lovelace']);
    expect(await findCustomers(db, record({ kind: 'company', name: 'Analytical Engines Inc' }))).toMatchObject({ matchedBy: 'company-name' });
    expect(await findCustomers(db, record({ name: 'Bob', emails: ['bob@x.example'] }))).toBeNull();
    expect(await findCustomers(db, record({ emails: ['ada@engines.example'] }), new Set(['conn-other']))).toBeNull();
    await db.links.put({ recordKey: link.recordKey, customerKey: link.customerKey, connectionId: link.connectionId, data: link });
    expect(await findCustomers(db, record({ emails: ['ada@engines.example'] }))).toMatchObject({ matchedBy: 'link', status: 'matched' });
  });
});
