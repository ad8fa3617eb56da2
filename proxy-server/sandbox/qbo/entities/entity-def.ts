import type { z } from 'zod';
import type { FaultError } from '../fault-json.js';
import type { QueryEntity } from '../query-entities.js';
import type { QboCompanyData } from '../records.js';

type Json = Record<string, unknown>;

/** Other rows a write changed (a credit memo changes its customer's Balance): announced to webhooks and CDC. */
export interface Touched {
  entity: string;
  id: string;
}

export type EntityWriteResult =
  | { ok: true; id: string; json: Json; operation: 'Create' | 'Update'; touched?: Touched[] }
  | { ok: false; error: FaultError };

/**
 * One QBO entity beyond the original three: how it is queried (QueryEntity), read (`GET /{path}/{id}`), written
 * (`POST /{path}`, create or sparse update with SyncToken) and listed in CDC. api-routes.ts, query-entities.ts and
 * cdc.ts iterate over the registry (registry.ts) instead of naming each entity.
 */
export interface QboEntityDef<Row> extends QueryEntity<Row> {
  /** Lower-case URL segment: `/v3/company/{realmId}/{path}`. */
  path: string;
  /** Whether `/cdc?entities=` accepts it. */
  cdc: boolean;
  body?: z.ZodType<Json>;
  write?(company: QboCompanyData, body: Json, now: number): EntityWriteResult;
}
