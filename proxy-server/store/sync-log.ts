import type { EntityCounts, SkipReason, SkippedRecord, SyncRun, SyncRunStatus, SyncTrigger } from '../../lib/model';
import { randomId } from '../security/secrets';
import { iso, isoOrNull, type Db, type Row } from './db';

export interface SkippedInput {
  entity: string;
  providerId: string | null;
  reason: SkipReason;
  message: string;
}

function toRun(row: Row): SyncRun {
  const startedAt = iso(row.started_at);
  const finishedAt = isoOrNull(row.finished_at);
  return {
    id: String(row.id),
    connectionId: String(row.connection_id),
    trigger: row.trigger as SyncTrigger,
    status: row.status as SyncRunStatus,
    startedAt,
    finishedAt,
    durationMs: finishedAt ? Date.parse(finishedAt) - Date.parse(startedAt) : null,
    counts: (row.counts ?? {}) as Record<string, EntityCounts>,
    providerCalls: Number(row.provider_calls),
    errors: (row.errors ?? []) as string[],
  };
}

function toSkipped(row: Row): SkippedRecord {
  return {
    id: String(row.id),
    connectionId: String(row.connection_id),
    runId: String(row.run_id),
    entity: String(row.entity),
    providerId: row.provider_id === null ? null : String(row.provider_id),
    reason: row.reason as SkipReason,
    message: String(row.message),
    recordedAt: iso(row.recorded_at),
  };
}

export function syncLogRepo(db: Db) {
  return {
    async startRun(input: { workspaceId: string; connectionId: string; trigger: SyncTrigger; now: number }): Promise<string> {
      const id = randomId('run');
      // Runs start under the company lock (sync/company-lock.ts), so any run still marked running for this connection
      // belongs to a process that died mid-sync (SIGKILL, crash). Close it, so the sync log never shows a ghost run;
      // its work is not lost — the import resumes from its stored progress in this run.
      await db.query(
        `UPDATE sync_runs SET status = 'cancelled', finished_at = $2,
                errors = errors || '["The proxy stopped during this run; a later run resumed its work."]'::jsonb
         WHERE connection_id = $1 AND status = 'running'`,
        [input.connectionId, new Date(input.now)],
      );
      await db.query(
        `INSERT INTO sync_runs (id, workspace_id, connection_id, trigger, status, started_at)
         VALUES ($1, $2, $3, $4, 'running', $5)`,
        [id, input.workspaceId, input.connectionId, input.trigger, new Date(input.now)],
      );
      return id;
    },
    /**
     * Closes a run. With `skipped` (a run that read everything), the connection's skipped list is replaced by this
     * run's, in the same transaction, so the list never shows a mix of two runs. With `replaceEntities` too (a run
     * that re-imported only those entities), only their part of the list is replaced.
     */
    async finishRun(input: {
      runId: string;
      status: Exclude<SyncRunStatus, 'running'>;
      counts: Record<string, EntityCounts>;
      providerCalls: number;
      errors: string[];
      now: number;
      skipped?: readonly SkippedInput[];
      replaceEntities?: readonly string[];
    }): Promise<void> {
      await db.transaction(async (tx) => {
        const rows = await tx.query(
          `UPDATE sync_runs SET status = $2, finished_at = $3, counts = $4, provider_calls = $5, errors = $6
           WHERE id = $1 RETURNING workspace_id, connection_id`,
          [input.runId, input.status, new Date(input.now), JSON.stringify(input.counts), input.providerCalls, JSON.stringify(input.errors)],
        );
        const run = rows[0];
        if (!run || !input.skipped) return; // the connection was deleted meanwhile
        await tx.query(
          `DELETE FROM skipped_records WHERE connection_id = $1
             AND ($2::jsonb IS NULL OR entity IN (SELECT jsonb_array_elements_text($2::jsonb)))`,
          [run.connection_id, input.replaceEntities ? JSON.stringify(input.replaceEntities) : null],
        );
        if (input.skipped.length === 0) return;
        const payload = input.skipped.map((s) => ({ id: randomId('skip'), ...s }));
        await tx.query(
          `INSERT INTO skipped_records (id, workspace_id, connection_id, run_id, entity, provider_id, reason, message,
                                        recorded_at)
           SELECT r.id, $1, $2, $3, r.entity, r."providerId", r.reason, r.message, $5
           FROM jsonb_to_recordset($4::jsonb) AS r(id text, entity text, "providerId" text, reason text, message text)`,
          [run.workspace_id, run.connection_id, input.runId, JSON.stringify(payload), new Date(input.now)],
        );
      });
    },
    async listRuns(workspaceId: string, options: { connectionId?: string | undefined; limit: number }): Promise<SyncRun[]> {
      const rows = await db.query(
        `SELECT * FROM sync_runs WHERE workspace_id = $1 AND ($2::text IS NULL OR connection_id = $2)
         ORDER BY started_at DESC, id DESC LIMIT $3`,
        [workspaceId, options.connectionId ?? null, options.limit],
      );
      return rows.map(toRun);
    },
    async listSkipped(
      workspaceId: string,
      options: { connectionId?: string | undefined; reason?: SkipReason | undefined; limit: number },
    ): Promise<SkippedRecord[]> {
      const rows = await db.query(
        `SELECT * FROM skipped_records WHERE workspace_id = $1 AND ($2::text IS NULL OR connection_id = $2)
           AND ($3::text IS NULL OR reason = $3)
         ORDER BY connection_id, entity, reason, provider_id NULLS LAST, id LIMIT $4`,
        [workspaceId, options.connectionId ?? null, options.reason ?? null, options.limit],
      );
      return rows.map(toSkipped);
    },
  };
}
