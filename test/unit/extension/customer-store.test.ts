import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { customerRow, openLedgerDb, type LedgerDb } from '../../../lib/db/schema';
import { CHUNK_SIZE, customersOf } from '../../../lib/db/customer-store';
import { onSummariesCommitted, type SummaryChange } from '../../../lib/db/summary-changes';
import { customer } from './support/fake-proxy';
import type { Customer } from '../../../lib/model';

let db: LedgerDb;
beforeEach(() => {
  db = openLedgerDb(`customer-store-${crypto.randomUUID()}`);
});
afterEach(async () => {
  await db.delete();
});

const row = (id: string, over: Partial<Customer> = {}) =>
  customerRow(customer({ id, emails: [`c${id}@trade${Number(id) % 3}.example`], ...over }));
const many = (from: number, count: number, over: Partial<Customer> = {}) => Array.from({ length: count }, (_, i) => row(String(from + i), over));
const chunkSizes = async () => (await db.customerChunks.toArray()).map((c) => c.rows.length).sort((a, b) => b - a);

describe('customer store (chunks of CHUNK_SIZE customers)', () => {
  it('packs new customers into full chunks, replaces a stored key in place and refills after deletes', async () => {
    const store = customersOf(db);
    await store.write(many(1, CHUNK_SIZE * 2 + 30));
    expect(await chunkSizes()).toEqual([CHUNK_SIZE, CHUNK_SIZE, 30]);
    expect(await store.count()).toBe(CHUNK_SIZE * 2 + 30);

    // An update stays in its chunk (no duplicate); the open chunk takes the next new keys first.
    await store.write([row('5', { displayName: 'Renamed' }), ...many(1_000, 10)]);
    expect(await chunkSizes()).toEqual([CHUNK_SIZE, CHUNK_SIZE, 40]);
    expect((await store.get('qbo:realm-1:5'))?.data.displayName).toBe('Renamed');

    // Deleting a whole chunk's members removes the chunk; a put and a delete of one key ends deleted.
    const firstChunk = (await db.customerChunks.toArray()).find((c) => c.keys.includes('qbo:realm-1:1'))!;
    await store.write([row('2')], firstChunk.keys);
    expect(await store.count()).toBe(CHUNK_SIZE + 40);
    expect(await store.get('qbo:realm-1:2')).toBeUndefined();
    expect((await store.bulkGet(['qbo:realm-1:1', 'qbo:realm-1:150', 'qbo:realm-1:nope'])).map((r) => r?.key)).toEqual([
      undefined, 'qbo:realm-1:150', undefined,
    ]);
    const keys = (await store.all()).map((r) => r.key);
    expect(keys).toEqual([...keys].sort());
  });

  it('answers by email, name key and domain with the members only, not the rest of their chunk', async () => {
    const store = customersOf(db);
    await store.write([
      ...many(1, 20),
      row('ada', { displayName: 'Ada Lovelace', givenName: 'Ada', familyName: 'Lovelace', emails: ['ada@engines.example'] }),
    ]);
    expect((await store.byEmails(['ada@engines.example', 'c4@trade1.example'])).map((r) => r.key).sort()).toEqual([
      'qbo:realm-1:4', 'qbo:realm-1:ada',
    ]);
    expect((await store.byNameKey('person:ada lovelace')).map((r) => r.key)).toEqual(['qbo:realm-1:ada']);
    expect((await store.byDomain('trade2.example')).map((r) => r.key).sort()).toEqual(
      ['2', '5', '8', '11', '14', '17', '20'].map((id) => `qbo:realm-1:${id}`).sort(),
    );
    expect(await store.byEmails(['nobody@x.example'])).toEqual([]);
  });

  it('keeps connections in separate chunks, so disconnecting one deletes only its customers', async () => {
    const store = customersOf(db);
    await store.write([...many(1, 30), ...many(100, 30, { connectionId: 'conn-2', companyId: 'realm-2' })]);
    expect((await db.customerChunks.toArray()).every((c) => c.rows.every((r) => r.connectionId === c.connectionId))).toBe(true);
    // A key whose connection changed leaves its old chunk.
    await store.write([row('1', { connectionId: 'conn-2' })]);
    expect((await db.customerChunks.toArray()).every((c) => c.rows.every((r) => r.connectionId === c.connectionId))).toBe(true);
    await store.deleteConnections(['conn-2']);
    expect(await store.count()).toBe(29);
    expect(await store.get('qbo:realm-1:1')).toBeUndefined();
  });
});

describe('customer changes reported on commit (lib/db/summary-changes.ts)', () => {
  it('reports the exact customers a store write put and deleted, and a chunk write that bypasses the store as a reset', async () => {
    const store = customersOf(db);
    await store.write(many(1, 5));
    const seen: SummaryChange[][] = [];
    const stop = onSummariesCommitted(db, (changes) => seen.push([...changes]));
    await store.write([row('3', { displayName: 'Changed' }), row('9')], ['qbo:realm-1:1']);
    expect(seen).toEqual([[
      { type: 'customer-delete', keys: ['qbo:realm-1:1'] },
      { type: 'customer-put', rows: [row('3', { displayName: 'Changed' }), row('9')] },
    ]]);

    seen.length = 0;
    const chunk = (await db.customerChunks.toArray())[0]!;
    await db.customerChunks.put({ ...chunk, rows: [] });
    expect(seen).toEqual([[{ type: 'reset' }]]);

    // An aborted store write reports nothing, and leaves no declaration behind for a later raw write.
    seen.length = 0;
    await expect(
      db.transaction('rw', db.customerChunks, async () => {
        await store.write([row('77')]);
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect(seen).toEqual([]);
    stop();
  });
});

describe('customer store writes in one transaction', () => {
  it('runs overlapping writes one after the other, so none is lost and no key is stored twice', async () => {
    const store = customersOf(db);
    await store.write(many(1, 30));
    await db.transaction('rw', db.customerChunks, () =>
      Promise.all([store.write(many(100, 40)), store.write(many(200, 40)), store.write([row('5', { displayName: 'Late' })])]),
    );
    expect(await store.count()).toBe(110);
    const keys = (await db.customerChunks.toArray()).flatMap((c) => c.keys);
    expect(new Set(keys).size).toBe(keys.length);
    expect((await store.get('qbo:realm-1:5'))?.data.displayName).toBe('Late');
  });
});
