import { guidWords } from '../support/guid';

/**
 * Id lookup for GUIDs kept as four 32-bit words per record (Uint32Array, 16 bytes each): an open-addressing table of
 * record positions. A Map<string, record> over a million invoices costs ~100 MB of strings and entries; this costs
 * 8 MB and is built in milliseconds.
 */
export interface GuidIndex {
  /** Position of the record whose id is `id`, or -1. */
  find(id: string): number;
}

function slotOf(a: number, d: number, mask: number): number {
  return (Math.imul(a ^ Math.imul(d, 0x9e3779b1), 0x85ebca6b) >>> 0) & mask;
}

/** Indexes the first `count` ids in `words`; positions whose words are all zero (no id) are skipped. */
export function createGuidIndex(words: Uint32Array, count: number): GuidIndex {
  let capacity = 16;
  while (capacity < count * 2) capacity *= 2;
  const mask = capacity - 1;
  // Position + 1, so 0 marks an empty slot.
  const slots = new Int32Array(capacity);
  for (let position = 0; position < count; position += 1) {
    const a = words[position * 4] ?? 0;
    const d = words[position * 4 + 3] ?? 0;
    if (a === 0 && d === 0 && (words[position * 4 + 1] ?? 0) === 0) continue;
    let slot = slotOf(a, d, mask);
    while (slots[slot] !== 0) slot = (slot + 1) & mask;
    slots[slot] = position + 1;
  }
  return {
    find(id) {
      const parsed = guidWords(id);
      if (!parsed) return -1;
      const [a, b, c, d] = parsed;
      let slot = slotOf(a, d, mask);
      for (;;) {
        const entry = slots[slot] ?? 0;
        if (entry === 0) return -1;
        const at = (entry - 1) * 4;
        if (words[at] === a && words[at + 1] === b && words[at + 2] === c && words[at + 3] === d) return entry - 1;
        slot = (slot + 1) & mask;
      }
    },
  };
}
