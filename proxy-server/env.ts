import { z } from 'zod';

/**
 * The proxy's configuration, parsed once from process.env (or a test's object) and failing fast with every problem
 * listed. The sandbox is only configuration: SANDBOX_URL makes the provider endpoints come from its control API and
 * defaults the QBO credentials to the sandbox app's; nothing else in the proxy knows it exists.
 */
const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const port = z.coerce.number().int().min(0).max(65535);

const encryptionKey = z
  .string()
  .trim()
  .transform((v, ctx) => {
    const key = Buffer.from(v, 'base64');
    if (key.length !== 32) {
      ctx.addIssue({ code: 'custom', message: 'must be 32 bytes, base64-encoded (openssl rand -base64 32)' });
      return z.NEVER;
    }
    return key;
  });

/** A positive whole number, or unset. */
const optionalCount = optionalString.pipe(z.coerce.number<string | undefined>().int().min(1).optional());

const RawEnvSchema = z.object({
  PROXY_PORT: port.default(4000),
  PROXY_HOST: z.string().trim().min(1).default('127.0.0.1'),
  PUBLIC_URL: optionalString.pipe(z.url().optional()),
  SANDBOX_URL: optionalString.pipe(z.url().optional()),
  QBO_CLIENT_ID: optionalString,
  QBO_CLIENT_SECRET: optionalString,
  QBO_ENVIRONMENT: z.enum(['sandbox', 'production']).default('sandbox'),
  /** Xero developer portal → your app → Configuration: client id and secret (redirect URI {PUBLIC_URL}/oauth/xero/callback). */
  XERO_CLIENT_ID: optionalString,
  XERO_CLIENT_SECRET: optionalString,
  LEDGERLENS_DATA_DIR: z.string().trim().min(1).default('.data'),
  DATABASE_URL: optionalString,
  /** Additive: a PostgreSQL schema to use instead of `public` (tests, or several proxies sharing one database). */
  DATABASE_SCHEMA: optionalString.pipe(
    z
      .string()
      .regex(/^[a-z_][a-z0-9_]{0,62}$/)
      .optional(),
  ),
  LEDGERLENS_ENCRYPTION_KEY: optionalString.pipe(encryptionKey.optional()),
  EXTENSION_ORIGINS: optionalString,
  /** Intuit developer portal → Webhooks → "Verifier Token": the HMAC key of intuit-signature (not the client secret). */
  QBO_WEBHOOK_VERIFIER_TOKEN: optionalString,
  /** Xero developer portal → Webhooks → "Webhooks key": the HMAC key of x-xero-signature. */
  XERO_WEBHOOK_KEY: optionalString,
  /**
   * Lower a provider's per-company call limits below the published ones (another integration spends part of the same
   * budget; a Xero Starter-tier organisation has 1,000 calls a day). Values above the provider's limit are ignored.
   */
  QBO_REQUESTS_PER_MINUTE: optionalCount,
  XERO_REQUESTS_PER_MINUTE: optionalCount,
  XERO_REQUESTS_PER_DAY: optionalCount,
  /** How many proxy processes share the database: each takes 1/N of a company's concurrent-call limit. */
  PROXY_PROCESSES: z.coerce.number().int().min(1).max(256).default(1),
});

export const SANDBOX_QBO_CLIENT = { clientId: 'sandbox-qbo-client', clientSecret: 'sandbox-qbo-secret' } as const;
export const SANDBOX_XERO_CLIENT = { clientId: 'sandbox-xero-client', clientSecret: 'sandbox-xero-secret' } as const;

export interface Env {
  port: number;
  host: string;
  /** Undefined means "http://host:actualPort", known only after listening (port 0 in tests). */
  publicUrl: string | undefined;
  sandboxUrl: string | undefined;
  qbo: { clientId: string; clientSecret: string; environment: 'sandbox' | 'production' } | null;
  /** Null = Xero not configured (its connect answers provider_not_configured). */
  xero: { clientId: string; clientSecret: string } | null;
  dataDir: string;
  databaseUrl: string | undefined;
  databaseSchema: string | undefined;
  encryptionKey: Buffer | undefined;
  /** Exact origins, or null for "any chrome-extension:// or moz-extension:// origin". */
  extensionOrigins: string[] | null;
  /** Webhook signing keys; unset = that provider's webhooks are refused (401). */
  webhooks: { qboVerifierToken: string | undefined; xeroKey: string | undefined };
  /** Per-company limits configured lower than the catalogue's (unset = the provider's published limits). */
  providerLimits: {
    qbo: { perMinute?: number | undefined };
    xero: { perMinute?: number | undefined; perDay?: number | undefined };
  };
  /** Proxy processes sharing the database (PROXY_PROCESSES): divides each company's concurrency. */
  proxyProcesses: number;
}

export type RawEnv = Partial<Record<keyof z.input<typeof RawEnvSchema>, string | undefined>>;

export class EnvError extends Error {
  override name = 'EnvError';
}

export function loadEnv(source: Record<string, string | undefined> = process.env): Env {
  const picked: Record<string, string | undefined> = {};
  for (const key of Object.keys(RawEnvSchema.shape)) picked[key] = source[key];
  const parsed = RawEnvSchema.safeParse(picked);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new EnvError(`invalid proxy configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const clientId = e.QBO_CLIENT_ID ?? (e.SANDBOX_URL ? SANDBOX_QBO_CLIENT.clientId : undefined);
  const clientSecret = e.QBO_CLIENT_SECRET ?? (e.SANDBOX_URL ? SANDBOX_QBO_CLIENT.clientSecret : undefined);
  if ((clientId === undefined) !== (clientSecret === undefined)) {
    throw new EnvError('invalid proxy configuration:\n  QBO_CLIENT_ID and QBO_CLIENT_SECRET must be set together');
  }
  const xeroId = e.XERO_CLIENT_ID ?? (e.SANDBOX_URL ? SANDBOX_XERO_CLIENT.clientId : undefined);
  const xeroSecret = e.XERO_CLIENT_SECRET ?? (e.SANDBOX_URL ? SANDBOX_XERO_CLIENT.clientSecret : undefined);
  if ((xeroId === undefined) !== (xeroSecret === undefined)) {
    throw new EnvError('invalid proxy configuration:\n  XERO_CLIENT_ID and XERO_CLIENT_SECRET must be set together');
  }
  return {
    port: e.PROXY_PORT,
    host: e.PROXY_HOST,
    publicUrl: e.PUBLIC_URL?.replace(/\/+$/, ''),
    sandboxUrl: e.SANDBOX_URL?.replace(/\/+$/, ''),
    qbo: clientId && clientSecret ? { clientId, clientSecret, environment: e.QBO_ENVIRONMENT } : null,
    xero: xeroId && xeroSecret ? { clientId: xeroId, clientSecret: xeroSecret } : null,
    dataDir: e.LEDGERLENS_DATA_DIR,
    databaseUrl: e.DATABASE_URL,
    databaseSchema: e.DATABASE_SCHEMA,
    encryptionKey: e.LEDGERLENS_ENCRYPTION_KEY,
    webhooks: { qboVerifierToken: e.QBO_WEBHOOK_VERIFIER_TOKEN, xeroKey: e.XERO_WEBHOOK_KEY },
    providerLimits: {
      qbo: { perMinute: e.QBO_REQUESTS_PER_MINUTE },
      xero: { perMinute: e.XERO_REQUESTS_PER_MINUTE, perDay: e.XERO_REQUESTS_PER_DAY },
    },
    proxyProcesses: e.PROXY_PROCESSES,
    extensionOrigins: e.EXTENSION_ORIGINS
      ? e.EXTENSION_ORIGINS.split(',')
          .map((o) => o.trim().replace(/\/+$/, ''))
          .filter(Boolean)
      : null,
  };
}
