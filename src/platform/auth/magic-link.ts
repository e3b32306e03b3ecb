import { and, count, eq, gt, isNull, sql } from 'drizzle-orm';
import type { AppContext } from '../context';
import type { Database } from '../db';
import { magicLinkMail } from '../mail/templates';
import { magicLinks, users } from './schema';
import { hashSecret, newSecret } from './secrets';
import { normalizeEmail } from './users';

export const MAGIC_LINK_ACCEPTED = "Si un compte existe pour cette adresse, un lien de connexion vient d'être envoyé.";
export const MAGIC_LINK_INVALID =
  "Ce lien de connexion n'est plus valable : il a expiré ou a déjà été utilisé. Demandez-en un nouveau.";

export type MagicLinkRequestOutcome =
  /** `sent`: a mail was handed to the mailer (over SMTP, delivery goes on in the background). */
  | { kind: 'accepted'; sent: boolean }
  | { kind: 'invalid_email' }
  | { kind: 'rate_limited'; by: 'email' | 'ip' };

/**
 * Handles "send me a sign-in link". Every request is recorded (also for unknown addresses, with a token nobody
 * receives), so the per-address and per-IP limits are counted in the database, shared by every replica, and
 * behave the same whether the account exists or not.
 */
export async function requestMagicLink(
  ctx: Pick<AppContext, 'db' | 'config' | 'mailer' | 'clock'>,
  rawEmail: string,
  ip: string,
  log?: { error: (obj: object, msg: string) => void },
): Promise<MagicLinkRequestOutcome> {
  const email = normalizeEmail(rawEmail);
  if (!email) return { kind: 'invalid_email' };
  const now = ctx.clock();
  const { auth } = ctx.config;
  const since = new Date(now.getTime() - auth.rateLimitWindowMinutes * 60_000);
  const token = newSecret();

  const outcome = await ctx.db.transaction(async (tx) => {
    // Serialises concurrent requests for one address / one IP (across replicas) so the count stays exact.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${'magic-link:email:' + email}))`);
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${'magic-link:ip:' + ip}))`);
    const [byEmail] = await tx
      .select({ n: count() })
      .from(magicLinks)
      .where(and(eq(magicLinks.email, email), gt(magicLinks.createdAt, since)));
    if ((byEmail?.n ?? 0) >= auth.magicLinkMaxPerEmail) return { kind: 'rate_limited', by: 'email' } as const;
    const [byIp] = await tx
      .select({ n: count() })
      .from(magicLinks)
      .where(and(eq(magicLinks.requestedIp, ip), gt(magicLinks.createdAt, since)));
    if ((byIp?.n ?? 0) >= auth.magicLinkMaxPerIp) return { kind: 'rate_limited', by: 'ip' } as const;

    const [user] = await tx
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.email, email), isNull(users.disabledAt)));
    await tx.insert(magicLinks).values({
      tokenHash: hashSecret(token),
      email,
      userId: user?.id ?? null,
      requestedIp: ip,
      createdAt: now,
      expiresAt: new Date(now.getTime() + auth.magicLinkTtlMinutes * 60_000),
    });
    return { kind: 'accepted', userId: user?.id } as const;
  });

  if (outcome.kind !== 'accepted') return outcome;
  if (!outcome.userId) return { kind: 'accepted', sent: false };
  const link = `${ctx.config.publicUrl}/connexion/lien?jeton=${encodeURIComponent(token)}`;
  const delivery = ctx.mailer
    .send(magicLinkMail({ to: email, link, ttlMinutes: auth.magicLinkTtlMinutes }))
    .then(() => true)
    .catch((error: unknown) => {
      // Answer as usual (never reveal whether the account exists); the operator sees the failure in the logs.
      log?.error({ err: error }, 'magic link e-mail could not be sent');
      return false;
    });
  // Over SMTP the answer does not wait for delivery: otherwise its duration would tell a known address from an
  // unknown one. The development outbox is a local insert: awaited, so the mail is listed as soon as we answer.
  if (ctx.mailer.kind === 'smtp') return { kind: 'accepted', sent: true };
  return { kind: 'accepted', sent: await delivery };
}

/**
 * Consumes a sign-in link: single use, atomically (`UPDATE … WHERE used_at IS NULL AND expires_at > now RETURNING`).
 * Returns the user id, or undefined when the link is unknown, expired, used, or its account is disabled.
 */
export async function consumeMagicLink(db: Database, token: string, now: Date): Promise<string | undefined> {
  if (!token || token.length > 200) return undefined;
  const [row] = await db
    .update(magicLinks)
    .set({ usedAt: now })
    .where(and(eq(magicLinks.tokenHash, hashSecret(token)), isNull(magicLinks.usedAt), gt(magicLinks.expiresAt, now)))
    .returning({ userId: magicLinks.userId });
  if (!row?.userId) return undefined;
  const [user] = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.id, row.userId), isNull(users.disabledAt)));
  return user?.id;
}
