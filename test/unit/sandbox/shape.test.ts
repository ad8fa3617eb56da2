import { describe, expect, it } from 'vitest';
import { diffShapes } from '../../support/shape.js';

describe('diffShapes', () => {
  it('agrees on equal shapes with different values', () => {
    expect(diffShapes({ a: 1, b: { c: 'x' }, d: [{ e: true }] }, { a: 2, b: { c: 'y' }, d: [{ e: false }, { e: true }] })).toEqual([]);
  });

  it('reports missing keys, unexpected keys and type changes with their paths', () => {
    expect(diffShapes({ a: 1, b: { c: 'x' } }, { a: '1', b: {}, z: null })).toEqual(['a: expected number, got string', 'b.c: missing', 'z: unexpected key']);
  });

  it('compares arrays by the union of their elements and honours mayLack/mayAdd', () => {
    const recorded = { list: [{ id: '1' }, { id: '2', parent: { value: '1' } }] };
    expect(diffShapes(recorded, { list: [{ id: '3' }] })).toEqual(['list[].parent: missing']);
    expect(diffShapes(recorded, { list: [{ id: '3', extra: 1 }] }, { mayLack: ['list[].parent'], mayAdd: ['list[].extra'] })).toEqual([]);
  });
});
