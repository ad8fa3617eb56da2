import type { Context } from 'hono';
import type { z } from 'zod';
import { HttpError } from '../errors';

/** zod issues → the `details` of an invalid_request error: where and what, never the submitted values. */
function details(error: z.ZodError) {
  return error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
}

/**
 * PostgreSQL cannot store U+0000 in text or jsonb and answers such a query with an error, which would surface as a
 * 500. No LedgerLens input has a use for it, so any string carrying one is refused up front (found by the hostile
 * input suite, test/integration/reliability/hostile-input.test.ts).
 */
function containsNul(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (depth > 64 || value === null || typeof value !== 'object') return false;
  return Object.entries(value).some(([key, v]) => key.includes('\u0000') || containsNul(v, depth + 1));
}

function parseWith<S extends z.ZodType>(schema: S, value: unknown, where: string): z.infer<S> {
  if (containsNul(value)) throw new HttpError(400, 'invalid_request', `The request ${where} contains a NUL character.`);
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new HttpError(400, 'invalid_request', `The request ${where} is not valid.`, details(parsed.error));
  return parsed.data;
}

export async function jsonBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.infer<S>> {
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    throw new HttpError(400, 'invalid_request', 'The request body must be JSON.');
  }
  return parseWith(schema, body, 'body');
}

export function queryOf<S extends z.ZodType>(c: Context, schema: S): z.infer<S> {
  return parseWith(schema, c.req.query(), 'query');
}

export function paramsOf<S extends z.ZodType>(c: Context, schema: S): z.infer<S> {
  return parseWith(schema, c.req.param(), 'path');
}
