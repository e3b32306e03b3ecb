import { index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const ORIENTATION_CHANNELS = ['courriel', 'sms'] as const;
export type OrientationChannel = (typeof ORIENTATION_CHANNELS)[number];

/**
 * An orientation sent by a signed-in prescriber: the need, who sent it, to which lieux, and whether a receiving lieu
 * saw the person. Never the destination e-mail or phone; the first name only when the prescriber chose to keep it.
 */
export const orientations = pgTable(
  'orientations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    need: text('need').notNull(),
    fromUserId: uuid('from_user_id').notNull(),
    fromStructure: text('from_structure'),
    toLieuIds: jsonb('to_lieu_ids').$type<string[]>().notNull(),
    channel: text('channel', { enum: ORIENTATION_CHANNELS }).notNull(),
    firstName: text('first_name'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    receivedAt: timestamp('received_at', { withTimezone: true }),
    receivedBy: uuid('received_by'),
    /** Which of the lieux received the person. */
    receivedLieuId: text('received_lieu_id'),
  },
  (t) => [index('orientations_created_idx').on(t.createdAt), index('orientations_from_idx').on(t.fromUserId)],
);
