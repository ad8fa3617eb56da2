/**
 * A parser for QBO's query language as far as clients use it (api-facts.md "Query"): one entity, no projection,
 * conditions joined by AND only (no OR), ORDERBY, STARTPOSITION and MAXRESULTS in either order. Anything else is a
 * parse error, because real QBO rejects it too and a client that relies on it must fail in tests, not in production.
 */
export type QueryLiteral = string | number | boolean;
export type QueryOperator = '=' | '!=' | '<' | '>' | '<=' | '>=' | 'in' | 'like';

export interface QueryCondition {
  field: string;
  operator: QueryOperator;
  values: QueryLiteral[];
}

export interface ParsedQuery {
  count: boolean;
  entity: string;
  where: QueryCondition[];
  orderBy: { field: string; descending: boolean }[];
  startPosition?: number;
  maxResults?: number;
}

/** QBO reports a statement it cannot parse as code 4000 "Error parsing query" (QueryParserError). */
export class QueryParseError extends Error {
  constructor(readonly detail: string) {
    super(detail);
  }
}

type Token =
  | { type: 'word'; text: string; at: number }
  | { type: 'string'; text: string; at: number }
  | { type: 'number'; value: number; text: string; at: number }
  | { type: 'symbol'; text: string; at: number };

const SYMBOLS = ['<=', '>=', '!=', '<>', '=', '<', '>', '(', ')', ',', '*'];

export function tokenize(statement: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < statement.length) {
    const char = statement[i] ?? '';
    if (/\s/.test(char)) {
      i += 1;
      continue;
    }
    if (char === "'") {
      // Strings are single-quoted; a quote inside is escaped with a backslash (get__display_name__0.json: Amy\'s).
      let text = '';
      let j = i + 1;
      for (; j < statement.length; j += 1) {
        const c = statement[j] ?? '';
        if (c === '\\' && j + 1 < statement.length) {
          text += statement[j + 1] ?? '';
          j += 1;
        } else if (c === "'") {
          break;
        } else {
          text += c;
        }
      }
      if (j >= statement.length) throw new QueryParseError(`QueryParserError: Lexical error, unterminated string at column ${i + 1}`);
      tokens.push({ type: 'string', text, at: i });
      i = j + 1;
      continue;
    }
    const symbol = SYMBOLS.find((s) => statement.startsWith(s, i));
    if (symbol !== undefined) {
      tokens.push({ type: 'symbol', text: symbol === '<>' ? '!=' : symbol, at: i });
      i += symbol.length;
      continue;
    }
    const number = /^-?\d+(\.\d+)?/.exec(statement.slice(i));
    if (number !== null && !/[A-Za-z_]/.test(statement[i + number[0].length] ?? '')) {
      tokens.push({ type: 'number', value: Number(number[0]), text: number[0], at: i });
      i += number[0].length;
      continue;
    }
    const word = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(statement.slice(i));
    if (word === null) throw new QueryParseError(`QueryParserError: Encountered " "${char}" at line 1, column ${i + 1}.`);
    tokens.push({ type: 'word', text: word[0], at: i });
    i += word[0].length;
  }
  return tokens;
}

export function parseQuery(statement: string): ParsedQuery {
  const tokens = tokenize(statement);
  let position = 0;
  const peek = (): Token | undefined => tokens[position];
  const fail = (expected: string): never => {
    const token = peek();
    const found = token === undefined ? '<EOF>' : token.text;
    const column = token === undefined ? statement.length + 1 : token.at + 1;
    throw new QueryParserErrorAt(found, column, expected);
  };
  const isKeyword = (token: Token | undefined, keyword: string): boolean =>
    token?.type === 'word' && token.text.toUpperCase() === keyword;
  const expectKeyword = (keyword: string): void => {
    if (!isKeyword(peek(), keyword)) fail(keyword);
    position += 1;
  };
  const expectSymbol = (symbol: string): void => {
    const token = peek();
    if (token?.type !== 'symbol' || token.text !== symbol) fail(`"${symbol}"`);
    position += 1;
  };
  const word = (what: string): string => {
    const token = peek();
    if (token?.type !== 'word') return fail(what);
    position += 1;
    return token.text;
  };
  const integer = (what: string): number => {
    const token = peek();
    if (token?.type !== 'number' || !Number.isInteger(token.value) || token.value < 0) return fail(what);
    position += 1;
    return token.value;
  };
  const literal = (): QueryLiteral => {
    const token = peek();
    if (token?.type === 'string') {
      position += 1;
      return token.text;
    }
    if (token?.type === 'number') {
      position += 1;
      return token.value;
    }
    if (isKeyword(token, 'TRUE') || isKeyword(token, 'FALSE')) {
      position += 1;
      return token?.text.toUpperCase() === 'TRUE';
    }
    return fail('<STRING>');
  };

  expectKeyword('SELECT');
  let count = false;
  if (isKeyword(peek(), 'COUNT')) {
    position += 1;
    expectSymbol('(');
    expectSymbol('*');
    expectSymbol(')');
    count = true;
  } else {
    // No field projection in practice: QBO ignores it for JSON and clients must not rely on it (api-facts.md).
    expectSymbol('*');
  }
  expectKeyword('FROM');
  const entity = word('<ENTITY>');
  const where: QueryCondition[] = [];
  if (isKeyword(peek(), 'WHERE')) {
    position += 1;
    do {
      where.push(condition());
    } while (isKeyword(peek(), 'AND') && (position += 1) > 0);
    if (isKeyword(peek(), 'OR')) throw new QueryParseError('QueryParserError: OR is not supported');
  }
  const query: ParsedQuery = { count, entity, where, orderBy: [] };
  while (peek() !== undefined) {
    if (isKeyword(peek(), 'ORDERBY') || isKeyword(peek(), 'ORDER')) {
      if (isKeyword(peek(), 'ORDER')) {
        position += 1;
        expectKeyword('BY');
      } else {
        position += 1;
      }
      do {
        const field = word('<FIELD>');
        let descending = false;
        if (isKeyword(peek(), 'DESC') || isKeyword(peek(), 'ASC')) {
          descending = isKeyword(peek(), 'DESC');
          position += 1;
        }
        query.orderBy.push({ field, descending });
      } while (peek()?.text === ',' && (position += 1) > 0);
    } else if (isKeyword(peek(), 'STARTPOSITION')) {
      position += 1;
      query.startPosition = integer('<INTEGER>');
    } else if (isKeyword(peek(), 'MAXRESULTS')) {
      position += 1;
      query.maxResults = integer('<INTEGER>');
    } else {
      fail('ORDERBY, STARTPOSITION or MAXRESULTS');
    }
  }
  return query;

  function condition(): QueryCondition {
    const field = word('<FIELD>');
    const token = peek();
    if (isKeyword(token, 'IN')) {
      position += 1;
      expectSymbol('(');
      const values = [literal()];
      while (peek()?.text === ',') {
        position += 1;
        values.push(literal());
      }
      expectSymbol(')');
      return { field, operator: 'in', values };
    }
    if (isKeyword(token, 'LIKE')) {
      position += 1;
      return { field, operator: 'like', values: [literal()] };
    }
    if (token?.type === 'symbol' && ['=', '!=', '<', '>', '<=', '>='].includes(token.text)) {
      position += 1;
      return { field, operator: token.text as QueryOperator, values: [literal()] };
    }
    return fail('<OPERATOR>');
  }
}

class QueryParserErrorAt extends QueryParseError {
  constructor(found: string, column: number, expected: string) {
    super(`QueryParserError: Encountered " "${found}" at line 1, column ${column}.\nWas expecting: ${expected}`);
  }
}
