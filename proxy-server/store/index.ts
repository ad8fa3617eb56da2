import { join } from 'node:path';
import type { EventPublisher } from '../events/event-bus';
import type { Vault } from '../security/vault';
import { connectionsRepo } from './connections';
import { idempotencyKeysRepo } from './idempotency-keys';
import { linksRepo } from './links';
import type { Db } from './db';
import { migrate } from './migrations';
import { mirrorRepo } from './mirror';
import { oauthSelectionsRepo } from './oauth-selections';
import { oauthStatesRepo } from './oauth-states';
import { pairingCodesRepo } from './pairing-codes';
import { providerCallsRepo } from './provider-calls';
import { openPg } from './pg-driver';
import { openPglite } from './pglite-driver';
import { seatsRepo } from './seats';
import { syncLogRepo } from './sync-log';
import { syncStateRepo } from './sync-state';
import { webhookEventsRepo } from './webhook-events';
import { workspacesRepo } from './workspaces';

const silent: EventPublisher = { publish: async () => undefined };

/** `events` hears every committed change that seats should know about (feed moved, connection status changed). */
export function createStore(db: Db, vault: Vault, events: EventPublisher = silent) {
  return {
    db,
    workspaces: workspacesRepo(db),
    seats: seatsRepo(db),
    pairingCodes: pairingCodesRepo(db),
    oauthStates: oauthStatesRepo(db),
    oauthSelections: oauthSelectionsRepo(db),
    connections: connectionsRepo(db, vault, events),
    mirror: mirrorRepo(db, events),
    links: linksRepo(db, events),
    idempotencyKeys: idempotencyKeysRepo(db),
    syncLog: syncLogRepo(db),
    syncState: syncStateRepo(db),
    webhookEvents: webhookEventsRepo(db),
    providerCalls: providerCallsRepo(db),
    close: () => db.close(),
  };
}
export type Store = ReturnType<typeof createStore>;

export type DbConfig =
  | { kind: 'pg'; connectionString: string; schema?: string | undefined }
  /** dataDir undefined = in memory (unit tests). */
  | { kind: 'pglite'; dataDir?: string | undefined };

export function dbConfigFromEnv(env: {
  databaseUrl: string | undefined;
  databaseSchema: string | undefined;
  dataDir: string;
}): DbConfig {
  return env.databaseUrl
    ? { kind: 'pg', connectionString: env.databaseUrl, schema: env.databaseSchema }
    : { kind: 'pglite', dataDir: join(env.dataDir, 'pglite') };
}

/** Opens the database (either driver) and brings its schema up to date. */
export async function openDb(config: DbConfig): Promise<Db> {
  const db =
    config.kind === 'pg'
      ? await openPg({ connectionString: config.connectionString, schema: config.schema })
      : await openPglite(config.dataDir);
  try {
    await migrate(db);
  } catch (error) {
    await db.close().catch(() => undefined);
    throw error;
  }
  return db;
}
