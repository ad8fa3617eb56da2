import { randomId } from '../security/secrets';
import { iso, type Queryable } from './db';

export interface Workspace {
  id: string;
  name: string;
  createdAt: string;
}

export function workspacesRepo(db: Queryable) {
  return {
    /** The proxy serves one workspace today; the first start creates it (issue 4 may add more). */
    async ensureDefault(now: number): Promise<Workspace> {
      await db.query(
        `INSERT INTO workspaces (id, name, created_at)
         SELECT $1, 'LedgerLens', $2 WHERE NOT EXISTS (SELECT 1 FROM workspaces)`,
        [randomId('ws'), new Date(now)],
      );
      const rows = await db.query('SELECT id, name, created_at FROM workspaces ORDER BY created_at, id LIMIT 1');
      const row = rows[0];
      if (!row) throw new Error('no workspace after ensureDefault');
      return { id: String(row.id), name: String(row.name), createdAt: iso(row.created_at) };
    },
  };
}
