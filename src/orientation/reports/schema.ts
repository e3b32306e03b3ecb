import { boolean, index, pgTable, text, timestamp, uuid, varchar } from 'drizzle-orm/pg-core';

export const REPORT_CATEGORIES = ['horaires', 'adresse', 'ferme', 'contact', 'services', 'autre'] as const;
export type ReportCategory = (typeof REPORT_CATEGORIES)[number];

/** Moderation states: new, forwarded to the structure, fixed, rejected. */
export const REPORT_STATUSES = ['nouveau', 'transmis', 'corrige', 'rejete'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

/**
 * A public "Signaler une erreur" report on a lieu, kept for the gestionnaires of the lieu's territory.
 * The reporter's IP is never stored: only a keyed hash (HMAC with a per-installation secret) for the rate limit.
 */
export const lieuReports = pgTable(
  'lieu_reports',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    lieuId: text('lieu_id').notNull(),
    category: text('category', { enum: REPORT_CATEGORIES }).notNull(),
    message: text('message').notNull(),
    reporterEmail: text('reporter_email'),
    status: text('status', { enum: REPORT_STATUSES }).notNull().default('nouveau'),
    /** The lieu's territory when reported (a lieu without a known commune still has a département or is national). */
    departement: varchar('departement', { length: 3 }),
    codeInsee: varchar('code_insee', { length: 5 }),
    ipHash: text('ip_hash').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    /** Set by moderation (later): who closed it and when, for the median time to resolve. */
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
    resolvedBy: text('resolved_by'),
    /** The gestionnaire's word on the outcome, sent to the reporter who left an e-mail. */
    moderationNote: text('moderation_note'),
    /** Forwarded to the structure's contact, with a link to its lieu. */
    forwardedAt: timestamp('forwarded_at', { withTimezone: true }),
    forwardedInvitationId: uuid('forwarded_invitation_id'),
    reporterNotifiedAt: timestamp('reporter_notified_at', { withTimezone: true }),
    /** The demo's generated year, never a real report. */
    simulated: boolean('simulated').notNull().default(false),
  },
  (t) => [
    index('lieu_reports_departement_idx').on(t.departement, t.status, t.createdAt),
    index('lieu_reports_ip_idx').on(t.ipHash, t.createdAt),
    index('lieu_reports_lieu_idx').on(t.lieuId, t.createdAt),
  ],
);
