import { and, asc, eq } from 'drizzle-orm';
import type { Principal } from '../auth/principal';
import type { Database } from '../db';
import { auditLog } from './schema';

export { auditLog } from './schema';

/** Who made a change. */
export type Actor =
  | { kind: 'user'; id: string }
  | { kind: 'api_token'; id: string }
  | { kind: 'system' }
  | { kind: 'cli' }
  /** A structure acting through the invitation link of its lieu (id of the invitation). */
  | { kind: 'invitation'; id: string };

/** Where a change came from: 'api', 'cli', 'seed', 'import', … (free text, kept short). */
export type ChangeSource = string;

export interface Change {
  actor: Actor;
  /** Kind of thing changed: 'user', 'api_token', 'lieu', … */
  entity: string;
  entityId: string;
  /** 'create', 'update', 'delete', 'add_role', 'revoke', … */
  action: string;
  before: unknown;
  after: unknown;
  source: ChangeSource;
}

export interface ChangeEntry extends Change {
  id: number;
  at: Date;
}

/** The actor behind an HTTP principal (a signed-in person or an API token). */
export function actorOf(principal: Principal): Actor {
  return principal.kind === 'user' ? { kind: 'user', id: principal.userId } : { kind: 'api_token', id: principal.tokenId };
}

/**
 * Records one change in the append-only audit log. Call it with the SAME transaction as the write it describes:
 * if the write rolls back, so does its audit entry, and a failed audit insert aborts the write.
 * Never put secrets in `before`/`after`.
 */
export async function recordChange(tx: Database, change: Change, at?: Date): Promise<void> {
  await tx.insert(auditLog).values({
    ...(at ? { at } : {}),
    actorKind: change.actor.kind,
    actorId: 'id' in change.actor ? change.actor.id : null,
    entity: change.entity,
    entityId: change.entityId,
    action: change.action,
    before: toJson(change.before),
    after: toJson(change.after),
    source: change.source,
  });
}

/** JSON-safe copy (dates become ISO strings); undefined becomes SQL NULL. */
function toJson(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  return JSON.parse(JSON.stringify(value));
}

/** The history of one entity (or of every entity of a kind when `entityId` is omitted), oldest first. */
export async function listChanges(
  db: Database,
  filter: { entity: string; entityId?: string; limit?: number },
): Promise<ChangeEntry[]> {
  const rows = await db
    .select()
    .from(auditLog)
    .where(
      filter.entityId === undefined
        ? eq(auditLog.entity, filter.entity)
        : and(eq(auditLog.entity, filter.entity), eq(auditLog.entityId, filter.entityId)),
    )
    .orderBy(asc(auditLog.at), asc(auditLog.id))
    .limit(filter.limit ?? 500);
  return rows.map(changeEntryOf);
}

/** An audit row as a change entry (what every history reader returns). */
export function changeEntryOf(r: typeof auditLog.$inferSelect): ChangeEntry {
  return {
    id: r.id,
    at: r.at,
    actor: rowActor(r.actorKind, r.actorId),
    entity: r.entity,
    entityId: r.entityId,
    action: r.action,
    before: r.before,
    after: r.after,
    source: r.source,
  };
}

function rowActor(kind: (typeof auditLog.$inferSelect)['actorKind'], id: string | null): Actor {
  if (kind === 'user' || kind === 'api_token' || kind === 'invitation') return { kind, id: id ?? '' };
  return { kind };
}
