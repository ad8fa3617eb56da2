import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { recordHash } from '../../../proxy-server/store/mirror';
import { stableJson } from '../../../proxy-server/store/stable-json';

/** The first version, verbatim: mirror hashes and idempotency fingerprints already stored were made by it. */
function original(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(original).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${original(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

const invoice = {
  provider: 'qbo',
  id: '1042',
  updatedAt: '2026-11-21T10:00:00.000Z',
  customerId: '7',
  number: null,
  lines: [{ description: 'Été — "quoted" \\ back\nslash', amount: '12.50', quantity: null, taxCode: undefined }],
  total: '12.50',
  Zeta: 1,
  alpha: -0.5,
  ünïcode: true,
  '': 'empty key',
  nested: { b: [1, [2, [3]], {}], a: { z: null, y: undefined } },
};

describe('stableJson', () => {
  it('writes what the original canonical form wrote, so stored hashes stay valid', () => {
    expect(stableJson(invoice).text).toBe(original(invoice));
    expect(stableJson({}).text).toBe('{}');
    expect(recordHash({})).toBe('44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a');
  });

  it('matches the original on arbitrary JSON-like values', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(stableJson(value).text).toBe(original(value));
      }),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(fc.anything({ withNullPrototype: true, withObjectString: true }), (value) => {
        fc.pre(value !== undefined); // no record is undefined; the original returned no string for it at all
        expect(stableJson(value).text).toBe(original(value));
      }),
      { numRuns: 500 },
    );
  });

  it('is JSON of the value whenever it says so', () => {
    fc.assert(
      fc.property(fc.anything(), (value) => {
        const out = stableJson(value);
        if (out.json) expect(JSON.parse(out.text)).toEqual(JSON.parse(JSON.stringify(value)));
      }),
      { numRuns: 500 },
    );
    expect(stableJson({ lines: [undefined] }).json).toBe(false); // "[]" hashes as before but is not [null]
    expect(stableJson({ at: new Date(0) }).json).toBe(false);
    expect(stableJson(invoice).json).toBe(true);
  });
});
