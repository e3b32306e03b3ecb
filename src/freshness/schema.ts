import { boolean, date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

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

export const REMINDER_STEPS = ['premier-rappel', 'second-rappel'] as const;
export type ReminderStep = (typeof REMINDER_STEPS)[number];
export const REMINDER_RESULTS = ['en-cours', 'envoye', 'echec', 'sans-contact'] as const;
export type ReminderResult = (typeof REMINDER_RESULTS)[number];

/**
 * The sending log of reminders, and their lock: one row per lieu, step and confirmation it follows (`anchor`), claimed
 * before sending. The unique key is what makes a reminder never go twice, whatever the number of app processes.
 */
export const reminderSendings = pgTable(
  'reminder_sendings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    lieuId: text('lieu_id').notNull(),
    step: text('step', { enum: REMINDER_STEPS }).notNull(),
    /** The last confirmation (or the lieu's entry in the registry) this reminder follows. */
    anchor: timestamp('anchor', { withTimezone: true }).notNull(),
    email: text('email'),
    invitationId: uuid('invitation_id'),
    result: text('result', { enum: REMINDER_RESULTS }).notNull().default('en-cours'),
    error: text('error'),
    /** Which process claimed it (host:pid), for the log. */
    claimedBy: text('claimed_by'),
    claimedAt: timestamp('claimed_at', { withTimezone: true }).notNull(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('reminder_sendings_once_key').on(t.lieuId, t.step, t.anchor),
    index('reminder_sendings_claimed_idx').on(t.claimedAt),
  ],
);

/**
 * Refused structure links, by keyed hash of the IP (never the IP): the rate limit against guessing. An attempt is
 * written here before its link is looked up (so simultaneous guesses count), and withdrawn when the link opens.
 */
export const structureLinkRefusals = pgTable(
  'structure_link_refusals',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ipHash: text('ip_hash').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [index('structure_link_refusals_ip_idx').on(t.ipHash, t.at)],
);

export const CONSULTATION_KINDS = ['page', 'resultat'] as const;
export type ConsultationKind = (typeof CONSULTATION_KINDS)[number];

/**
 * Consultations of a lieu, counted per Paris day without cookies or personal data: views of its public page and
 * appearances in orientation results.
 */
export const lieuConsultations = pgTable(
  'lieu_consultations',
  {
    lieuId: text('lieu_id').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    kind: text('kind', { enum: CONSULTATION_KINDS }).notNull(),
    count: integer('count').notNull().default(0),
    simulated: boolean('simulated').notNull().default(false),
  },
  (t) => [primaryKey({ columns: [t.lieuId, t.day, t.kind] }), index('lieu_consultations_day_idx').on(t.day)],
);
