import type { Context } from 'hono';
import type { z } from 'zod';
import type { QboApiEnv } from './api-routes.js';

/** The result of a QBO write before it is sent: kept per requestid for idempotent retries (write-routes.ts). */
export type Outcome = { status: 200 | 400; body: unknown };
export type Idempotent = (c: Context<QboApiEnv>, write: () => Promise<Outcome>) => Promise<Response>;
export type ParseBody = <T>(c: Context<QboApiEnv>, schema: z.ZodType<T>) => Promise<{ ok: true; value: T } | { ok: false; outcome: Outcome }>;
