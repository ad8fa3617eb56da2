/**
 * Canonical serialization of a record: object keys sorted (UTF-16 code-unit order), undefined members left out. Its
 * SHA-256 is the mirror's change detector (store/mirror.ts) and the idempotency keys' request fingerprint, both
 * persisted, so the output must stay byte-for-byte what the first version (a recursive map/filter/sort/join)
 * produced; test/unit/proxy/stable-json.test.ts compares the two. Written as one pass with a cache of quoted keys
 * because an initial import hashes every record it writes (issue 7's P3: 110,000 records).
 *
 * `json` is false when the text is not the JSON of the value (a function or symbol member, an undefined array
 * element, a toJSON object): the text is still the hash input it always was, but the caller must not send it as
 * the record's JSON.
 */
export interface StableJson {
  text: string;
  json: boolean;
}

const quotedKeys = new Map<string, string>();
const MAX_CACHED_KEYS = 10_000;

function quoted(key: string): string {
  let q = quotedKeys.get(key);
  if (q === undefined) {
    q = JSON.stringify(key);
    if (quotedKeys.size < MAX_CACHED_KEYS) quotedKeys.set(key, q);
  }
  return q;
}

export function stableJson(value: unknown): StableJson {
  const state = { json: true };
  const text = write(value, state);
  if (text === undefined) return { text: String(text), json: false };
  return { text, json: state.json };
}

export function stableStringify(value: unknown): string {
  return stableJson(value).text;
}

/** Undefined where JSON.stringify gives undefined (functions, symbols, undefined itself), as the original did. */
function write(value: unknown, state: { json: boolean }): string | undefined {
  if (value === null || typeof value !== 'object') {
    const text = JSON.stringify(value);
    if (text === undefined) state.json = false;
    return text;
  }
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i += 1) {
      if (i > 0) out += ',';
      // Array.prototype.join wrote undefined as nothing.
      const item = write(value[i], state);
      if (item === undefined) state.json = false;
      else out += item;
    }
    return `${out}]`;
  }
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') state.json = false;
  const object = value as Record<string, unknown>;
  const keys = Object.keys(object).sort();
  let out = '{';
  let first = true;
  for (const key of keys) {
    const member = object[key];
    if (member === undefined) continue;
    // A template literal wrote a function or symbol member as `undefined`.
    const text = write(member, state);
    out += `${first ? '' : ','}${quoted(key)}:${text === undefined ? 'undefined' : text}`;
    first = false;
  }
  return `${out}}`;
}
