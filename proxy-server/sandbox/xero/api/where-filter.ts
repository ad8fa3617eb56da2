/**
 * A parser for the subset of Xero's `where` syntax that clients use (api-facts.md section 2, where syntax):
 * `Name=="x"`, `!=`, `>`/`<`/`>=`/`<=`, `Name.Contains("x")`, `.StartsWith`, `.EndsWith`, `.ToLower()`/`.ToUpper()`,
 * `IsCustomer==true`, `EmailAddress!=null`, `ContactID==GUID("…")`, `Date>=DateTime(2024,01,01)`, `&&`/`||`/`AND`/`OR`,
 * `!` and parentheses. Evaluated against the wire-shaped record. String comparison is case-insensitive, as Xero's is.
 * Anything else is a QueryParseException (400), so a client relying on unsupported syntax finds out here.
 */
export class WhereParseError extends Error {}

type Token =
  | { kind: 'ident'; value: string }
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'op'; value: string };

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const ch = source[i] ?? '';
    if (/\s/.test(ch)) {
      i += 1;
    } else if (ch === '"') {
      let value = '';
      i += 1;
      while (i < source.length && source[i] !== '"') {
        if (source[i] === '\\' && i + 1 < source.length) i += 1;
        value += source[i];
        i += 1;
      }
      if (source[i] !== '"') throw new WhereParseError('Unterminated string literal');
      i += 1;
      tokens.push({ kind: 'string', value });
    } else if (/[0-9]/.test(ch) || (ch === '-' && /[0-9]/.test(source[i + 1] ?? ''))) {
      const match = /^-?\d+(\.\d+)?/.exec(source.slice(i));
      tokens.push({ kind: 'number', value: Number(match?.[0]) });
      i += match?.[0].length ?? 1;
    } else if (/[A-Za-z_]/.test(ch)) {
      const match = /^[A-Za-z_][A-Za-z0-9_]*/.exec(source.slice(i))?.[0] ?? ch;
      tokens.push({ kind: 'ident', value: match });
      i += match.length;
    } else {
      const two = source.slice(i, i + 2);
      if (['==', '!=', '>=', '<=', '&&', '||'].includes(two)) {
        tokens.push({ kind: 'op', value: two });
        i += 2;
      } else if ('=<>!().,'.includes(ch)) {
        tokens.push({ kind: 'op', value: ch === '=' ? '==' : ch });
        i += 1;
      } else {
        throw new WhereParseError(`Unexpected character '${ch}'`);
      }
    }
  }
  return tokens;
}

type Value = string | number | boolean | null;

/** `Field==literal` on a top-level field: the field lower-cased, the literal as compared (strings lower-cased). */
export interface FieldEquality {
  field: string;
  value: Value;
}

/**
 * A compiled `where`. `equalities` is set when the whole expression is a conjunction of top-level `Field==literal`
 * tests, so an endpoint can answer it from its columns without building every wire record, as Xero's optimised
 * filters (e.g. `Type=="ACCREC"` on Invoices) are answered from indexes.
 */
export type WherePredicate = ((record: Record<string, unknown>) => boolean) & { equalities?: readonly FieldEquality[] };

const MS_DATE = /^\/Date\((-?\d+)([+-]\d{4})?\)\/$/;

function readField(record: Record<string, unknown>, path: string[]): unknown {
  let current: unknown = record;
  for (const segment of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    const key = Object.keys(current).find((candidate) => candidate.toLowerCase() === segment.toLowerCase());
    current = key === undefined ? undefined : (current as Record<string, unknown>)[key];
  }
  if (typeof current === 'string') {
    const date = MS_DATE.exec(current);
    if (date) return Number(date[1]);
  }
  return current;
}

function normalise(value: unknown): Value {
  if (value === undefined || value === null || value === '') return value === '' ? '' : null;
  if (typeof value === 'string') return value.toLowerCase();
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  return null;
}

function compare(left: Value, op: string, right: Value): boolean {
  switch (op) {
    case '==':
      return left === right || (right === null && left === '');
    case '!=':
      return !(left === right || (right === null && left === ''));
    default: {
      if (left === null || right === null) return false;
      if (op === '>') return left > right;
      if (op === '<') return left < right;
      if (op === '>=') return left >= right;
      return left <= right;
    }
  }
}

export function parseWhere(source: string, knownFields?: ReadonlySet<string>): WherePredicate {
  const tokens = tokenize(source);
  let position = 0;
  const peek = () => tokens[position];
  const take = () => {
    const token = tokens[position];
    if (!token) throw new WhereParseError('Unexpected end of expression');
    position += 1;
    return token;
  };
  const expectOp = (value: string) => {
    const token = take();
    if (token.kind !== 'op' || token.value !== value) throw new WhereParseError(`Expected '${value}'`);
  };
  const isOp = (value: string) => {
    const token = peek();
    return token?.kind === 'op' && token.value === value;
  };
  const isWord = (value: string) => {
    const token = peek();
    return token?.kind === 'ident' && token.value.toUpperCase() === value;
  };

  function literal(): Value {
    const token = take();
    if (token.kind === 'string') return token.value.toLowerCase();
    if (token.kind === 'number') return token.value;
    if (token.kind === 'ident') {
      const word = token.value.toLowerCase();
      if (word === 'true') return true;
      if (word === 'false') return false;
      if (word === 'null') return null;
      if (word === 'guid') {
        expectOp('(');
        const inner = take();
        expectOp(')');
        if (inner.kind !== 'string') throw new WhereParseError('GUID() takes a string');
        return inner.value.toLowerCase();
      }
      if (word === 'datetime') {
        expectOp('(');
        const parts: number[] = [];
        for (;;) {
          const part = take();
          if (part.kind !== 'number') throw new WhereParseError('DateTime() takes numbers');
          parts.push(part.value);
          if (isOp(',')) take();
          else break;
        }
        expectOp(')');
        const [year = 1970, month = 1, day = 1, hour = 0, minute = 0, second = 0] = parts;
        return Date.UTC(year, month - 1, day, hour, minute, second);
      }
    }
    throw new WhereParseError('Expected a value');
  }

  function comparison(): WherePredicate {
    const first = take();
    if (first.kind !== 'ident') throw new WhereParseError('Expected a field name');
    const path = [first.value];
    let method: string | undefined;
    let argument: Value = null;
    let transform: 'lower' | 'upper' | undefined;
    while (isOp('.')) {
      take();
      const name = take();
      if (name.kind !== 'ident') throw new WhereParseError('Expected a member name');
      if (isOp('(')) {
        take();
        const lower = name.value.toLowerCase();
        if (lower === 'tolower' || lower === 'toupper') {
          expectOp(')');
          transform = lower === 'tolower' ? 'lower' : 'upper';
          continue;
        }
        if (!['contains', 'startswith', 'endswith'].includes(lower)) throw new WhereParseError(`Unsupported method '${name.value}'`);
        method = lower;
        argument = literal();
        expectOp(')');
      } else {
        path.push(name.value);
      }
    }
    const root = path[0] ?? '';
    if (knownFields && !knownFields.has(root.toLowerCase())) {
      throw new WhereParseError(`No property or field '${root}' exists`);
    }
    void transform; // comparisons are already case-insensitive, so ToLower()/ToUpper() change nothing
    if (method !== undefined) {
      const needle = typeof argument === 'string' ? argument : String(argument);
      const test = method;
      const predicate: WherePredicate = (record) => {
        const value = normalise(readField(record, path));
        if (typeof value !== 'string') return false;
        if (test === 'contains') return value.includes(needle);
        if (test === 'startswith') return value.startsWith(needle);
        return value.endsWith(needle);
      };
      if (isOp('==') || isOp('!=')) {
        const op = (take() as { value: string }).value;
        const expected = literal();
        return (record) => compare(predicate(record), op, expected);
      }
      return predicate;
    }
    const opToken = peek();
    if (opToken?.kind === 'op' && ['==', '!=', '>', '<', '>=', '<='].includes(opToken.value)) {
      take();
      const expected = literal();
      const predicate: WherePredicate = (record) => compare(normalise(readField(record, path)), opToken.value, expected);
      if (opToken.value === '==' && path.length === 1) predicate.equalities = [{ field: root.toLowerCase(), value: expected }];
      return predicate;
    }
    // A bare boolean field (`IsCustomer`) means `IsCustomer==true`.
    return (record) => readField(record, path) === true;
  }

  function unary(): WherePredicate {
    if (isOp('!')) {
      take();
      const inner = unary();
      return (record) => !inner(record);
    }
    if (isOp('(')) {
      take();
      const inner = expression();
      expectOp(')');
      return inner;
    }
    return comparison();
  }

  function conjunction(): WherePredicate {
    const parts = [unary()];
    while (isOp('&&') || isWord('AND')) {
      take();
      parts.push(unary());
    }
    if (parts.length === 1 && parts[0]) return parts[0];
    const all: WherePredicate = (record) => parts.every((part) => part(record));
    if (parts.every((part) => part.equalities)) all.equalities = parts.flatMap((part) => part.equalities ?? []);
    return all;
  }

  function expression(): WherePredicate {
    const parts = [conjunction()];
    while (isOp('||') || isWord('OR')) {
      take();
      parts.push(conjunction());
    }
    return parts.length === 1 && parts[0] ? parts[0] : (record) => parts.some((part) => part(record));
  }

  const predicate = expression();
  if (position !== tokens.length) throw new WhereParseError('Unexpected trailing input');
  return predicate;
}
