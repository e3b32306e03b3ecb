import { and, eq, gt, isNull, or } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import type { Database } from '../db';
import { apiTokens, roleAssignments, sessions, users } from './schema';
import { parseScope, type Principal, type RoleAssignment, type Scope, type TerritoryRef } from './principal';
import { hashSecret } from './secrets';

export const SESSION_COOKIE = 'maillage_session';

export async function loadAssignments(db: Database, userId: string): Promise<RoleAssignment[]> {
  const rows = await db.select().from(roleAssignments).where(eq(roleAssignments.userId, userId));
  return rows.map((r) => ({ role: r.role, scope: rowScope(r.scopeKind, r.scopeCode) }));
}

function rowScope(kind: (typeof roleAssignments.$inferSelect)['scopeKind'], code: string): Scope {
  return kind === 'national' ? { kind } : { kind, code };
}

/** Finds who is calling: a valid session cookie, or else a valid `Authorization: Bearer` API token. */
export async function resolvePrincipal(db: Database, request: FastifyRequest, now: Date): Promise<Principal | null> {
  const cookie = request.cookies?.[SESSION_COOKIE];
  if (cookie) {
    const principal = await principalFromSession(db, cookie, now);
    if (principal) return principal;
  }
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) return principalFromApiToken(db, header.slice('Bearer '.length).trim(), now);
  return null;
}


export async function principalFromSession(db: Database, secret: string, now: Date): Promise<Principal | null> {
  const [row] = await db
    .select({ session: sessions, user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(
      and(
        eq(sessions.tokenHash, hashSecret(secret)),
        isNull(sessions.revokedAt),
        gt(sessions.expiresAt, now),
        isNull(users.disabledAt),
      ),
    );
  if (!row) return null;
  return {
    kind: 'user',
    userId: row.user.id,
    email: row.user.email,
    displayName: row.user.displayName,
    sessionId: row.session.id,
    csrfToken: row.session.csrfToken,
    assignments: await loadAssignments(db, row.user.id),
  };
}

async function principalFromApiToken(db: Database, secret: string, now: Date): Promise<Principal | null> {
  const [row] = await db
    .select()
    .from(apiTokens)
    .where(
      and(
        eq(apiTokens.tokenHash, hashSecret(secret)),
        isNull(apiTokens.revokedAt),
        or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, now)),
      ),
    );
  if (!row) return null;
  await db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, row.id));
  return {
    kind: 'api_token',
    tokenId: row.id,
    name: row.name,
    scopes: row.scopes,
    territories: row.territories.map(parseScope).filter((s): s is TerritoryRef => !!s && s.kind !== 'national' && s.kind !== 'lieu'),
  };
}
