import type { Context } from 'hono';
import type { z } from 'zod';

/** The control API's one error shape: `{ error: { code, message } }` with 400 or 404 (DESIGN.md conventions). */
export function controlError(c: Context, status: 400 | 404, code: string, message: string): Response {
  return c.json({ error: { code, message } }, status);
}

/** Parses a JSON body with a zod schema; on failure returns the 400 response instead of the value. */
export async function parseJsonBody<T>(c: Context, schema: z.ZodType<T>): Promise<{ ok: true; value: T } | { ok: false; response: Response }> {
  const raw: unknown = await c.req.json().catch(() => undefined);
  const parsed = schema.safeParse(raw ?? {});
  if (parsed.success) return { ok: true, value: parsed.data };
  const message = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`).join('; ');
  return { ok: false, response: controlError(c, 400, 'invalid_body', message) };
}
