import { parseQuery, type ParsedQuery, type QueryCondition, type QueryLiteral } from './query-parser.js';
import { QUERY_ENTITIES, type QueryEntity, type QueryField } from './query-entities.js';
import type { QboCompanyData } from './records.js';

/** QBO code 4001 "Invalid query" (error__400__1.json: "QueryValidationError: invalid context declaration: Custmoer"). */
export class QueryValidationError extends Error {
  constructor(readonly detail: string) {
    super(detail);
  }
}

/** The body of `QueryResponse`: exactly the keys QBO sends (README "Contract facts the recordings show"). */
export type QueryResponseBody = Record<string, unknown>;

const DEFAULT_MAX_RESULTS = 100;
const MAX_MAX_RESULTS = 1000;

export function executeQuery(company: QboCompanyData, statement: string): QueryResponseBody {
  const query = parseQuery(statement);
  const entity = QUERY_ENTITIES.get(query.entity.toLowerCase()) as QueryEntity<unknown> | undefined;
  if (entity === undefined) throw new QueryValidationError(`QueryValidationError: invalid context declaration: ${query.entity}`);
  const conditions = query.where.map((condition) => compile(entity, condition));
  const mentionsActive = query.where.some((condition) => condition.field.toLowerCase() === 'active');
  if (entity.hidesInactive && !mentionsActive) {
    const active = entity.fields.active;
    if (active !== undefined) conditions.push((row) => active.get(row, company) === true);
  }
  // Unfiltered listings (the paging a full sync does) are served from a cached, already filtered and ordered list,
  // so page 90 of 100,000 customers costs what page 1 does: an index by position, no filter or sort per page.
  const cacheable = query.where.length === 0;
  const cached = cacheable ? cachedListing(company, entity, query, conditions) : undefined;
  const candidates = cached ?? candidateRows(company, entity, query);
  const matches = cached ?? candidates.filter((row) => conditions.every((test) => test(row, company)));
  if (query.count) return { totalCount: matches.length };

  // Rows are stored in ascending Id order, which is the sandbox's default order; only re-sort when asked or when the
  // id index produced the candidates in the order the IN list named them.
  const storedOrder = candidates === entity.rows(company);
  if (cached === undefined && (query.orderBy.length > 0 || !storedOrder)) sortRows(company, entity, query, matches);
  const startPosition = Math.max(1, query.startPosition ?? 1);
  const maxResults = Math.min(query.maxResults ?? DEFAULT_MAX_RESULTS, MAX_MAX_RESULTS);
  const page = matches.slice(startPosition - 1, startPosition - 1 + maxResults);
  if (page.length === 0) return {};
  return {
    [entity.name]: page.map((row) => entity.toJson(company, row)),
    startPosition,
    // maxResults is the number returned, not the page size asked for (all__customers__1.json: 41 of MAXRESULTS 1000).
    maxResults: page.length,
  };
}

const listingCache = new WeakMap<QboCompanyData, { revision: number; lists: Map<string, unknown[]> }>();

/** The filtered (implicit Active) and ordered rows of an unfiltered query, rebuilt only after a write. */
function cachedListing(company: QboCompanyData, entity: QueryEntity<unknown>, query: ParsedQuery, conditions: RowTest[]): unknown[] {
  let entry = listingCache.get(company);
  if (entry === undefined || entry.revision !== company.revision) {
    entry = { revision: company.revision, lists: new Map() };
    listingCache.set(company, entry);
  }
  const rows = entity.rows(company);
  const key = `${entity.name}|${rows.length}|${query.orderBy.map((o) => `${o.field.toLowerCase()}:${o.descending ? 'd' : 'a'}`).join(',')}`;
  let list = entry.lists.get(key);
  if (list === undefined) {
    list = conditions.length === 0 ? rows.slice() : rows.filter((row) => conditions.every((test) => test(row, company)));
    if (query.orderBy.length > 0) sortRows(company, entity, query, list);
    entry.lists.set(key, list);
  }
  return list;
}

/** Uses the id index for `Id = …` / `Id IN (…)` so lookups stay fast with 100,000 rows. */
function candidateRows(company: QboCompanyData, entity: QueryEntity<unknown>, query: ParsedQuery): readonly unknown[] {
  const idCondition = query.where.find((c) => c.field.toLowerCase() === 'id' && (c.operator === '=' || c.operator === 'in'));
  const customerCondition = query.where.find((c) => c.field.toLowerCase() === 'customerref' && c.operator === '=');
  if (idCondition === undefined && customerCondition !== undefined && entity.byCustomer !== undefined) {
    // Index order is creation order, i.e. ascending Id, so the default order still holds (sortRows re-sorts anyway).
    return entity.byCustomer(company, String(customerCondition.values[0] ?? ''));
  }
  if (idCondition === undefined || entity.byId === undefined) return entity.rows(company);
  const byId = entity.byId;
  const seen = new Set<string>();
  return idCondition.values.flatMap((value) => {
    const id = String(value);
    if (seen.has(id)) return [];
    seen.add(id);
    return byId(company, id) ?? [];
  });
}

type RowTest = (row: unknown, company: QboCompanyData) => boolean;
type Comparable = string | number | boolean;

function compile(entity: QueryEntity<unknown>, condition: QueryCondition): RowTest {
  const field = entity.fields[condition.field.toLowerCase()];
  if (field === undefined) throw new QueryValidationError(`QueryValidationError: property '${condition.field}' is not queryable`);
  const values = condition.values.map((value) => normalizeLiteral(field, value, condition.field));
  const read = (row: unknown, company: QboCompanyData): Comparable | undefined => {
    const raw = field.get(row, company);
    return raw === undefined ? undefined : normalizeValue(field, raw);
  };
  switch (condition.operator) {
    case 'in':
      return (row, company) => {
        const value = read(row, company);
        return value !== undefined && values.includes(value);
      };
    case 'like': {
      const pattern = String(condition.values[0] ?? '');
      const regex = new RegExp(`^${pattern.split('%').map(escapeRegex).join('.*')}$`, 'is');
      return (row, company) => {
        const value = field.get(row, company);
        return value !== undefined && regex.test(String(value));
      };
    }
    default: {
      const target = values[0];
      const operator = condition.operator;
      return (row, company) => {
        const value = read(row, company);
        if (value === undefined || target === undefined) return false;
        return compare(value, target, operator);
      };
    }
  }
}

function compare(value: Comparable, target: Comparable, operator: string): boolean {
  switch (operator) {
    case '=':
      return value === target;
    case '!=':
      return value !== target;
    case '<':
      return value < target;
    case '>':
      return value > target;
    case '<=':
      return value <= target;
    default:
      return value >= target;
  }
}

/** Strings compare case-insensitively, ids and amounts as numbers, datetimes as instants. */
function normalizeValue(field: QueryField<unknown>, raw: string | number | boolean): Comparable {
  switch (field.kind) {
    case 'string':
      return String(raw).toLowerCase();
    case 'number':
    case 'id':
      return Number(raw);
    case 'datetime':
      return Date.parse(String(raw));
    default:
      return raw;
  }
}

function normalizeLiteral(field: QueryField<unknown>, literal: QueryLiteral, name: string): Comparable {
  if (field.kind === 'boolean') {
    if (typeof literal === 'boolean') return literal;
    if (literal === 'true' || literal === 'false') return literal === 'true';
    throw new QueryValidationError(`QueryValidationError: value ${String(literal)} is not valid for property '${name}'`);
  }
  if (field.kind === 'datetime') {
    const instant = Date.parse(String(literal));
    if (Number.isNaN(instant)) throw new QueryValidationError(`QueryValidationError: value ${String(literal)} is not a valid date for property '${name}'`);
    return instant;
  }
  if (field.kind === 'number' || field.kind === 'id') {
    const number = Number(literal);
    if (Number.isNaN(number)) throw new QueryValidationError(`QueryValidationError: value ${String(literal)} is not valid for property '${name}'`);
    return number;
  }
  return field.kind === 'string' ? String(literal).toLowerCase() : literal;
}

function sortRows(company: QboCompanyData, entity: QueryEntity<unknown>, query: ParsedQuery, rows: unknown[]): void {
  const keys = query.orderBy.map((order) => {
    const field = entity.fields[order.field.toLowerCase()];
    if (field === undefined) throw new QueryValidationError(`QueryValidationError: property '${order.field}' is not queryable`);
    return { field, sign: order.descending ? -1 : 1 };
  });
  // Without ORDERBY, QBO returns rows in a stable order; the sandbox uses ascending numeric Id.
  keys.push({ field: entity.fields.id ?? { kind: 'id', get: (row) => entity.id(row) }, sign: 1 });
  rows.sort((a, b) => {
    for (const { field, sign } of keys) {
      const left = field.get(a, company);
      const right = field.get(b, company);
      if (left === right) continue;
      if (left === undefined) return -sign;
      if (right === undefined) return sign;
      const l = normalizeValue(field, left);
      const r = normalizeValue(field, right);
      if (l < r) return -sign;
      if (l > r) return sign;
    }
    return 0;
  });
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
