import { index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/**
 * A link sent to a structure so it keeps its own lieu(x) true: scoped to those lieux only, stored hashed, usable again
 * until it expires (30 days) or is revoked.
 */
export const lieuInvitations = pgTable(
  'lieu_invitations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** SHA-256 of the secret in the link. */
    tokenHash: text('token_hash').notNull(),
    /** The lieux this link opens (one, or all the lieux of one contact). */
    lieuIds: jsonb('lieu_ids').$type<string[]>().notNull(),
    email: text('email').notNull(),
    createdBy: text('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('lieu_invitations_token_key').on(t.tokenHash), index('lieu_invitations_email_idx').on(t.email)],
);
