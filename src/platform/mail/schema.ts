import { pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** Development outbox: where mail goes when no SMTP server is configured (never in production). */
export const devOutbox = pgTable('dev_outbox', {
  id: uuid('id').primaryKey().defaultRandom(),
  to: text('to').notNull(),
  subject: text('subject').notNull(),
  text: text('text').notNull(),
  html: text('html'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
