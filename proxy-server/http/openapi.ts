import { z } from 'zod';
import {
  ApiErrorSchema,
  AuthorizeRequestSchema,
  AuthorizeResponseSchema,
  ConnectionsResponseSchema,
  CreateCustomerRequestSchema,
  CreateCustomerResponseSchema,
  CreateSalesDocumentRequestSchema,
  CreateSalesDocumentResponseSchema,
  CreateTimeActivityRequestSchema,
  CreateTimeActivityResponseSchema,
  LinkResponseSchema,
  LinksResponseSchema,
  PutLinkRequestSchema,
  ResetResponseSchema,
  FeedPageSchema,
  FeedQuerySchema,
  MeResponseSchema,
  PairingCodeResponseSchema,
  PairRequestSchema,
  PairResponseSchema,
  SeatIdParamsSchema,
  SeatsResponseSchema,
  SkippedRecordsQuerySchema,
  SkippedRecordsResponseSchema,
  SyncResponseSchema,
  SyncRunsQuerySchema,
  SyncRunsResponseSchema,
} from '../../lib/proxy-api';

/**
 * GET /openapi.json, generated from the same zod schemas the routes validate with (lib/proxy-api.ts), so the
 * document cannot drift from what the proxy accepts. The route table below is the only hand-kept part.
 */
interface Operation {
  method: 'get' | 'post' | 'put' | 'delete';
  path: string;
  summary: string;
  auth: 'seat' | 'none';
  query?: z.ZodObject;
  params?: z.ZodObject;
  body?: z.ZodType;
  /** An HTML form post (application/x-www-form-urlencoded). */
  formBody?: z.ZodType;
  responses: Record<number, z.ZodType | null>;
}

const IdParams = z.object({ id: z.string() });
const DeleteLinkQuerySchema = z.object({ recordKey: z.string().min(1).max(500) });
const ProviderParams = z.object({ provider: z.enum(['qbo', 'xero']) });
const CallbackQuery = z.object({ code: z.string().optional(), state: z.string(), error: z.string().optional(), realmId: z.string().optional() });
const RealmQuery = z.object({ realmId: z.string().max(64) });
/** The organisation picker's form (application/x-www-form-urlencoded). */
const SelectionForm = z.object({ selection: z.string().max(200), company: z.array(z.string()) });

const OPERATIONS: Operation[] = [
  { method: 'post', path: '/v1/pair', summary: 'Trade a one-time pairing code for a seat token', auth: 'none', body: PairRequestSchema, responses: { 201: PairResponseSchema } },
  { method: 'get', path: '/v1/me', summary: 'The calling seat', auth: 'seat', responses: { 200: MeResponseSchema } },
  { method: 'post', path: '/v1/pairing-codes', summary: 'Issue a pairing code (owner only)', auth: 'seat', responses: { 201: PairingCodeResponseSchema } },
  { method: 'get', path: '/v1/seats', summary: 'List seats (owner only)', auth: 'seat', responses: { 200: SeatsResponseSchema } },
  { method: 'delete', path: '/v1/seats/{id}', summary: 'Revoke a seat (owner; a member only its own)', auth: 'seat', params: SeatIdParamsSchema, responses: { 204: null } },
  { method: 'get', path: '/v1/connections', summary: 'Connected accounting companies', auth: 'seat', responses: { 200: ConnectionsResponseSchema } },
  { method: 'post', path: '/v1/connections/authorize', summary: 'Start connecting a provider, or reconnect one (connectionId: keeps its id, links and mirror, replaces the tokens)', auth: 'seat', body: AuthorizeRequestSchema, responses: { 200: AuthorizeResponseSchema } },
  { method: 'post', path: '/v1/connections/{id}/reset', summary: 'Reset: keep the connection and links, tombstone the mirror, forget checkpoints, import afresh from now', auth: 'seat', params: IdParams, responses: { 202: ResetResponseSchema } },
  { method: 'post', path: '/v1/connections/{id}/sync', summary: 'Sync now', auth: 'seat', params: IdParams, responses: { 202: SyncResponseSchema } },
  { method: 'delete', path: '/v1/connections/{id}', summary: 'Disconnect (revoke, delete tokens and mirror)', auth: 'seat', params: IdParams, responses: { 204: null } },
  { method: 'get', path: '/v1/feed', summary: 'Change feed by cursor', auth: 'seat', query: FeedQuerySchema, responses: { 200: FeedPageSchema } },
  { method: 'get', path: '/v1/events', summary: 'Server-sent events: `feed` {cursor}, `connections` {connectionId, status}; also accepts ?token= (EventSource cannot send headers)', auth: 'seat', responses: { 200: null } },
  { method: 'get', path: '/v1/sync-runs', summary: 'Sync log: runs, newest first', auth: 'seat', query: SyncRunsQuerySchema, responses: { 200: SyncRunsResponseSchema } },
  { method: 'get', path: '/v1/skipped-records', summary: 'Sync log: records skipped or flagged by the latest run', auth: 'seat', query: SkippedRecordsQuerySchema, responses: { 200: SkippedRecordsResponseSchema } },
  { method: 'post', path: '/v1/actions/customers', summary: 'Create a customer (searches first: 409 customer_exists unless force). Needs an Idempotency-Key header', auth: 'seat', body: CreateCustomerRequestSchema, responses: { 201: CreateCustomerResponseSchema } },
  { method: 'post', path: '/v1/actions/time-activities', summary: 'Create a QBO time activity. Needs an Idempotency-Key header', auth: 'seat', body: CreateTimeActivityRequestSchema, responses: { 201: CreateTimeActivityResponseSchema } },
  { method: 'post', path: '/v1/actions/sales-documents', summary: 'Create (and optionally send) an invoice or estimate. Needs an Idempotency-Key header', auth: 'seat', body: CreateSalesDocumentRequestSchema, responses: { 201: CreateSalesDocumentResponseSchema } },
  { method: 'put', path: '/v1/links', summary: 'Link a CRM record to a provider customer (validated at the provider)', auth: 'seat', body: PutLinkRequestSchema, responses: { 200: LinkResponseSchema } },
  { method: 'get', path: '/v1/links', summary: "The workspace's links", auth: 'seat', responses: { 200: LinksResponseSchema } },
  { method: 'delete', path: '/v1/links', summary: 'Unlink a CRM record', auth: 'seat', query: DeleteLinkQuerySchema, responses: { 204: null } },
  { method: 'get', path: '/oauth/{provider}/callback', summary: "The provider's consent redirect (browser; HTML). One company: linked at once. Several (one Xero consent, several organisations): an HTML page to pick which to link", auth: 'none', params: ProviderParams, query: CallbackQuery, responses: { 200: null } },
  { method: 'post', path: '/oauth/{provider}/select', summary: 'The organisation picker posts here (form: single-use selection token + the chosen company ids); each becomes a connection sharing the grant (HTML)', auth: 'none', params: ProviderParams, formBody: SelectionForm, responses: { 200: null } },
  { method: 'get', path: '/oauth/qbo/disconnect', summary: "Intuit's Disconnect URL (browser; HTML): once QuickBooks confirms the grant is dead, removes that realm's connections in every workspace (tokens, mirror, links)", auth: 'none', query: RealmQuery, responses: { 200: null } },
];

const json = (schema: z.ZodType, io: 'input' | 'output') => z.toJSONSchema(schema, { io, unrepresentable: 'any' });

function parameters(schema: z.ZodObject | undefined, where: 'query' | 'path') {
  if (!schema) return [];
  return Object.entries(schema.shape).map(([name, field]) => ({
    name,
    in: where,
    required: where === 'path' || !(field as z.ZodType).safeParse(undefined).success,
    schema: json(field as z.ZodType, 'input'),
  }));
}

export function openApiDocument(): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  const error = { description: 'Error', content: { 'application/json': { schema: json(ApiErrorSchema, 'output') } } };
  for (const op of OPERATIONS) {
    const responses: Record<string, unknown> = { default: error };
    for (const [status, schema] of Object.entries(op.responses)) {
      responses[status] = schema
        ? { description: 'OK', content: { 'application/json': { schema: json(schema, 'output') } } }
        : { description: op.path === '/v1/events' ? 'text/event-stream' : op.path.startsWith('/oauth/') ? 'An HTML page' : 'No content' };
    }
    (paths[op.path] ??= {})[op.method] = {
      summary: op.summary,
      ...(op.auth === 'seat' ? { security: [{ seat: [] }] } : { security: [] }),
      parameters: [...parameters(op.params, 'path'), ...parameters(op.query, 'query')],
      ...(op.body ? { requestBody: { required: true, content: { 'application/json': { schema: json(op.body, 'input') } } } } : {}),
      ...(op.formBody ? { requestBody: { required: true, content: { 'application/x-www-form-urlencoded': { schema: json(op.formBody, 'input') } } } } : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'LedgerLens proxy', version: '1' },
    components: { securitySchemes: { seat: { type: 'http', scheme: 'bearer', description: 'A seat token (llseat_…) from POST /v1/pair' } } },
    paths,
  };
}
