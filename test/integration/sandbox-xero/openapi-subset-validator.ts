import { readFileSync } from 'node:fs';
import yaml from 'js-yaml';

/**
 * A validator for the subset of OpenAPI 3.0 the Xero spec uses on response bodies: $ref, type, properties, items,
 * enum, format (uuid, date, date-time, double) and Xero's x-is-msdate / x-is-msdate-time (MS-JSON dates). Unknown
 * properties are allowed (OpenAPI's default, and Xero sends some the spec leaves out, e.g. UpdatedDateUTCString).
 */
export type Schema = Record<string, unknown>;

export interface OpenApiDocument {
  components: { schemas: Record<string, Schema> };
}

export function loadOpenApi(path: string): OpenApiDocument {
  return yaml.load(readFileSync(path, 'utf8')) as OpenApiDocument;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MS_DATE = /^\/Date\(-?\d+([+-]\d{4})?\)\/$/;

export function validate(document: OpenApiDocument, schema: Schema, value: unknown, path = '$'): string[] {
  const ref = schema['$ref'];
  if (typeof ref === 'string') {
    const name = ref.replace('#/components/schemas/', '');
    const target = document.components.schemas[name];
    if (!target) return [`${path}: unresolved ${ref}`];
    return validate(document, target, value, path);
  }
  const errors: string[] = [];
  if (value === null) return schema['nullable'] === true ? [] : [`${path}: null`];
  const type = schema['type'];
  if (type === 'object' || (type === undefined && schema['properties'])) {
    if (typeof value !== 'object' || Array.isArray(value)) return [`${path}: expected object, got ${JSON.stringify(value)}`];
    const properties = (schema['properties'] ?? {}) as Record<string, Schema>;
    for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
      const propertySchema = properties[key];
      if (propertySchema) errors.push(...validate(document, propertySchema, child, `${path}.${key}`));
    }
  } else if (type === 'array') {
    if (!Array.isArray(value)) return [`${path}: expected array`];
    const items = schema['items'] as Schema | undefined;
    if (items) value.forEach((item, index) => errors.push(...validate(document, items, item, `${path}[${index}]`)));
  } else if (type === 'string') {
    if (typeof value !== 'string') return [`${path}: expected string, got ${JSON.stringify(value)}`];
    const format = schema['format'];
    if (format === 'uuid' && !GUID.test(value)) errors.push(`${path}: not a uuid: ${value}`);
    if ((schema['x-is-msdate'] === true || schema['x-is-msdate-time'] === true) && !MS_DATE.test(value) && !/^\d{4}-\d{2}-\d{2}/.test(value)) {
      errors.push(`${path}: not an MS-JSON or ISO date: ${value}`);
    }
    if (format === 'date' && !MS_DATE.test(value) && !/^\d{4}-\d{2}-\d{2}/.test(value)) errors.push(`${path}: not a date: ${value}`);
  } else if (type === 'integer') {
    if (!Number.isInteger(value)) errors.push(`${path}: expected integer, got ${JSON.stringify(value)}`);
  } else if (type === 'number') {
    if (typeof value !== 'number') errors.push(`${path}: expected number, got ${JSON.stringify(value)}`);
  } else if (type === 'boolean') {
    if (typeof value !== 'boolean') errors.push(`${path}: expected boolean, got ${JSON.stringify(value)}`);
  }
  const allowed = schema['enum'];
  if (Array.isArray(allowed) && !allowed.includes(value)) errors.push(`${path}: ${JSON.stringify(value)} not in enum`);
  return errors;
}
