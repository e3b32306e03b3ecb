export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** Where an answer goes (Reply-To), when a person rather than the platform sends it. */
  replyTo?: string;
}

/** Sends e-mail: SMTP when configured, otherwise the development outbox (never in production). */
export interface Mailer {
  send(message: MailMessage): Promise<void>;
  /** 'smtp' or 'outbox': the outbox page exists only for the latter, outside production. */
  readonly kind: 'smtp' | 'outbox';
  close(): Promise<void>;
}
