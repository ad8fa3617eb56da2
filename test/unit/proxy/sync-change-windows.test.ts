import { describe, expect, it } from 'vitest';
import type { ChangeSet, ChangeWindow, SyncEntity } from '../../../proxy-server/providers/provider-client';
import { ChangeWindowTooDense, collectChanges } from '../../../proxy-server/sync/change-windows';
import { overdueByCustomer } from '../../../proxy-server/sync/overdue';

/** A fake CDC: changes at given times, oldest first, capped at 1,000 objects shared by the entities asked for. */
function fakeCdc(changes: { entity: SyncEntity; id: string; at: number }[], now: number, cap = 1000) {
  const calls: { entities: readonly SyncEntity[]; window: ChangeWindow }[] = [];
  const fetch = async (entities: readonly SyncEntity[], window: ChangeWindow): Promise<ChangeSet> => {
    calls.push({ entities, window });
    const all = changes.filter((c) => entities.includes(c.entity) && c.at >= window.from).sort((a, b) => a.at - b.at);
    const page = all.slice(0, cap);
    const inWindow = page.filter((c) => window.to === null || c.at < window.to);
    const reachesEnd = window.to !== null && page.some((c) => c.at >= window.to!);
    return {
      complete: page.length < cap || (entities.length === 1 && reachesEnd),
      records: inWindow.map((c) => ({ entity: c.entity, record: { id: c.id } as never })),
      deleted: [],
      skipped: [],
      serverTime: now,
    };
  };
  return { fetch, calls };
}

describe('collectChanges (CDC 1,000-object cap)', () => {
  const now = 1_000_000;
  it('takes an uncapped response as is, and checkpoints at the provider time', async () => {
    const cdc = fakeCdc([{ entity: 'invoice', id: '1', at: 10 }], now);
    const out = await collectChanges(cdc.fetch, ['invoice', 'customer'], { from: 0, to: null }, { now });
    expect(out).toMatchObject({ requests: 1, checkpoint: now });
    expect(out.records).toHaveLength(1);
  });

  it('splits a capped response by entity, then halves the window, until every piece is complete — nothing lost', async () => {
    const changes = [
      ...Array.from({ length: 2500 }, (_, i) => ({ entity: 'invoice' as const, id: `i${i}`, at: 1 + i * 300 })),
      ...Array.from({ length: 300 }, (_, i) => ({ entity: 'customer' as const, id: `c${i}`, at: 5 + i * 1000 })),
    ];
    const cdc = fakeCdc(changes, now);
    const out = await collectChanges(cdc.fetch, ['invoice', 'customer'], { from: 0, to: null }, { now });
    const ids = new Set(out.records.map((r) => r.record.id));
    expect(ids.size).toBe(2800);
    expect(out.requests).toBeGreaterThan(3);
    expect(cdc.calls[1]?.entities).toEqual(['invoice']); // entity split first
    expect(cdc.calls.some((c) => c.window.to !== null)).toBe(true); // then time halving
    expect(out.checkpoint).toBe(now);
  });

  it('gives up on a window too dense to split, naming the entity to import in full', async () => {
    const changes = Array.from({ length: 1200 }, (_, i) => ({ entity: 'payment' as const, id: `p${i}`, at: 50 }));
    const cdc = fakeCdc(changes, 100);
    await expect(collectChanges(cdc.fetch, ['payment'], { from: 0, to: null }, { now: 100, minSpanMs: 10 })).rejects.toBeInstanceOf(ChangeWindowTooDense);
  });
});

describe('overdueByCustomer', () => {
  it('sums open balances past due, exactly', () => {
    const rows = [
      { customerId: 'a', balance: '0.1', dueDate: '2024-01-01' },
      { customerId: 'a', balance: '0.2', dueDate: '2024-01-02' },
      { customerId: 'a', balance: '5', dueDate: '2024-02-01' },
      { customerId: 'b', balance: '7', dueDate: null },
    ];
    expect(Object.fromEntries(overdueByCustomer(rows, '2024-01-15'))).toEqual({ a: '0.3' });
  });
});
