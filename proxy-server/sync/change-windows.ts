import type { ChangeSet, ChangeWindow, SyncEntity } from '../providers/provider-client';

/**
 * Incremental reads through a capped change API (QBO CDC: at most 1,000 objects per response, shared by every
 * entity asked for — api-facts.md §1 ChangeDataCapture). A capped response is never used as a checkpoint: the
 * request is split, first by entity, then by halving the time window, until every piece is complete.
 */
export type FetchChanges = (entities: readonly SyncEntity[], window: ChangeWindow) => Promise<ChangeSet>;

export interface CollectedChanges {
  records: ChangeSet['records'];
  deleted: ChangeSet['deleted'];
  skipped: ChangeSet['skipped'];
  /** Provider time everything before which is now mirrored: the next `changedSince`. */
  checkpoint: number;
  /** Provider requests made (tests assert the split). */
  requests: number;
}

/** A window this short that is still capped holds more changes than CDC can return: import the entity instead. */
export class ChangeWindowTooDense extends Error {
  override name = 'ChangeWindowTooDense';
  constructor(readonly entity: SyncEntity) {
    super(`More than the change API's cap changed at once for ${entity}; it needs a full import.`);
  }
}

export async function collectChanges(
  fetchChanges: FetchChanges,
  entities: readonly SyncEntity[],
  window: ChangeWindow,
  options: { now: number; minSpanMs?: number },
): Promise<CollectedChanges> {
  const minSpan = options.minSpanMs ?? 1000;
  const out: CollectedChanges = { records: [], deleted: [], skipped: [], checkpoint: Infinity, requests: 0 };
  const merge = (part: CollectedChanges) => {
    out.records.push(...part.records);
    out.deleted.push(...part.deleted);
    out.skipped.push(...part.skipped);
    out.checkpoint = Math.min(out.checkpoint, part.checkpoint);
    out.requests += part.requests;
  };

  const first = await fetchChanges(entities, window);
  out.requests += 1;
  if (first.complete) {
    out.records.push(...first.records);
    out.deleted.push(...first.deleted);
    out.skipped.push(...first.skipped);
    // Only an open-ended window moves the checkpoint to "now"; a closed one covers up to its end.
    out.checkpoint = window.to ?? first.serverTime ?? options.now;
    return out;
  }
  if (entities.length > 1) {
    for (const entity of entities) merge(await collectChanges(fetchChanges, [entity], window, options));
    return out;
  }
  const end = window.to ?? first.serverTime ?? options.now;
  if (end - window.from <= minSpan) throw new ChangeWindowTooDense(entities[0] as SyncEntity);
  const mid = window.from + Math.floor((end - window.from) / 2);
  merge(await collectChanges(fetchChanges, entities, { from: window.from, to: mid }, options));
  const later = await collectChanges(fetchChanges, entities, { from: mid, to: window.to }, options);
  merge(later);
  // The halves are contiguous: together they cover what the later one covers.
  out.checkpoint = later.checkpoint;
  return out;
}
