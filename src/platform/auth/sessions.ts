import { and, eq, isNull } from 'drizzle-orm';
import type { FastifyReply } from 'fastify';
import type { Config } from '../config';
import type { Database } from '../db';
import { SESSION_COOKIE } from './resolve';
import { sessions } from './schema';
import { hashSecret, newSecret } from './secrets';

export interface NewSession {
  id: string;
  /** The cookie value: shown once, only its hash is stored. */
  secret: string;
  csrfToken: string;
  expiresAt: Date;
}

/** Opens a session for a user; the database keeps only the hash of the cookie secret. */
export async function createSession(
  db: Database,
  config: Config,
  userId: string,
  method: 'magic_link' | 'oidc',
  now: Date,
): Promise<NewSession> {
  const secret = newSecret();
  const csrfToken = newSecret();
  const expiresAt = new Date(now.getTime() + config.auth.sessionTtlDays * 86_400_000);
  const [row] = await db
    .insert(sessions)
    .values({ tokenHash: hashSecret(secret), userId, csrfToken, method, createdAt: now, expiresAt })
    .returning({ id: sessions.id });
  if (!row) throw new Error('insert sessions returned nothing');
  return { id: row.id, secret, csrfToken, expiresAt };
}

export async function revokeSession(db: Database, sessionId: string, now: Date): Promise<void> {
  await db.update(sessions).set({ revokedAt: now }).where(and(eq(sessions.id, sessionId), isNull(sessions.revokedAt)));
}

function cookieOptions(config: Config) {
  return {
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: config.publicUrl.startsWith('https:'),
    path: '/',
  };
}

export function setSessionCookie(reply: FastifyReply, config: Config, session: NewSession): void {
  reply.setCookie(SESSION_COOKIE, session.secret, {
    ...cookieOptions(config),
    maxAge: config.auth.sessionTtlDays * 86_400,
  });
}

export function clearSessionCookie(reply: FastifyReply, config: Config): void {
  reply.clearCookie(SESSION_COOKIE, cookieOptions(config));
}
