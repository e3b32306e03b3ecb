import nodemailer from 'nodemailer';
import type { Config } from '../config';
import type { Database } from '../db';
import { devOutbox } from './schema';
import type { MailMessage, Mailer } from './mailer';

export type { MailMessage, Mailer } from './mailer';

/**
 * SMTP through nodemailer when SMTP_URL is set. Without it, outside production, mail lands in the development
 * outbox (table dev_outbox, page /dev/outbox). In production an SMTP server is mandatory.
 */
export function createMailer(config: Config, db: Database): Mailer {
  if (config.mail.smtpUrl) {
    const transport = nodemailer.createTransport(config.mail.smtpUrl);
    return {
      kind: 'smtp',
      async send(message: MailMessage) {
        await transport.sendMail({ from: config.mail.from, ...message });
      },
      async close() {
        transport.close();
      },
    };
  }
  if (config.env === 'production') {
    throw new Error('SMTP_URL est obligatoire en production (aucun courriel ne serait envoyé).');
  }
  return {
    kind: 'outbox',
    async send(message: MailMessage) {
      await db.insert(devOutbox).values({ to: message.to, subject: message.subject, text: message.text, html: message.html });
    },
    async close() {},
  };
}
