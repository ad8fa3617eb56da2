/**
 * Shape comparison for provider conformance tests: two JSON documents have the same shape when they have the same keys
 * at every level and the same JSON types. Arrays are compared by the union of their elements' shapes (a list of
 * customers mixes sub-customers with ParentRef and top-level ones without).
 */
export type Shape =
  | { type: 'object'; keys: Map<string, Shape> }
  | { type: 'array'; element: Shape | undefined }
  | { type: 'string' | 'number' | 'boolean' | 'null' };

export function shapeOf(value: unknown): Shape {
  if (value === null) return { type: 'null' };
  if (Array.isArray(value)) {
    return { type: 'array', element: value.map(shapeOf).reduce<Shape | undefined>((merged, shape) => (merged === undefined ? shape : mergeShapes(merged, shape)), undefined) };
  }
  if (typeof value === 'object') {
    return { type: 'object', keys: new Map(Object.entries(value).map(([key, child]) => [key, shapeOf(child)])) };
  }
  if (typeof value === 'string') return { type: 'string' };
  if (typeof value === 'number') return { type: 'number' };
  if (typeof value === 'boolean') return { type: 'boolean' };
  throw new Error(`Not JSON: ${typeof value}`);
}

function mergeShapes(a: Shape, b: Shape): Shape {
  if (a.type === 'object' && b.type === 'object') {
    const keys = new Map(a.keys);
    for (const [key, shape] of b.keys) {
      const existing = keys.get(key);
      keys.set(key, existing === undefined ? shape : mergeShapes(existing, shape));
    }
    return { type: 'object', keys };
  }
  if (a.type === 'array' && b.type === 'array') {
    if (a.element === undefined) return b;
    if (b.element === undefined) return a;
    return { type: 'array', element: mergeShapes(a.element, b.element) };
  }
  return a;
}

export interface ShapeDiffOptions {
  /** Paths (e.g. `QueryResponse.Customer[].BillAddr.Lat`) the actual document may lack: optional fields QBO omits. */
  mayLack?: readonly string[];
  /** Paths the actual document may add: real fields of the schema the recording happened not to carry. */
  mayAdd?: readonly string[];
}

/** Lists every difference as `path: message`; an empty list means the shapes agree. */
export function diffShapes(expected: unknown, actual: unknown, options: ShapeDiffOptions = {}): string[] {
  const differences: string[] = [];
  const mayLack = new Set(options.mayLack ?? []);
  const mayAdd = new Set(options.mayAdd ?? []);
  const walk = (want: Shape, got: Shape, path: string): void => {
    if (want.type !== got.type) {
      differences.push(`${path || '(root)'}: expected ${want.type}, got ${got.type}`);
      return;
    }
    if (want.type === 'object' && got.type === 'object') {
      for (const [key, shape] of want.keys) {
        const childPath = path === '' ? key : `${path}.${key}`;
        const other = got.keys.get(key);
        if (other === undefined) {
          if (!mayLack.has(childPath)) differences.push(`${childPath}: missing`);
        } else {
          walk(shape, other, childPath);
        }
      }
      for (const key of got.keys.keys()) {
        const childPath = path === '' ? key : `${path}.${key}`;
        if (!want.keys.has(key) && !mayAdd.has(childPath)) differences.push(`${childPath}: unexpected key`);
      }
    }
    if (want.type === 'array' && got.type === 'array' && want.element !== undefined && got.element !== undefined) {
      walk(want.element, got.element, `${path}[]`);
    }
  };
  walk(shapeOf(expected), shapeOf(actual), '');
  return differences;
}
