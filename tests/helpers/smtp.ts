import type { AddressInfo } from 'node:net';
import { simpleParser, type AddressObject } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** The Reply-To address, if any. */
  replyTo: string | null;
}

export interface TestSmtpServer {
  /** smtp://127.0.0.1:<port>, usable as SMTP_URL. */
  url: string;
  /** Every message received, in order. */
  messages: ReceivedMail[];
  /** Resolves with the first message (already received or to come) for this address; rejects after the timeout. */
  waitForMessage(to: string, timeoutMs?: number): Promise<ReceivedMail>;
  close(): Promise<void>;
}

function addresses(value: AddressObject | AddressObject[] | undefined): string[] {
  const list = Array.isArray(value) ? value : value ? [value] : [];
  return list.flatMap((a) => a.value.map((v) => (v.address ?? '').toLowerCase()));
}

/** A real SMTP server on 127.0.0.1 (random port), without authentication or TLS, parsing what it receives. */
export async function startSmtpServer(): Promise<TestSmtpServer> {
  const messages: ReceivedMail[] = [];
  const waiters: Array<{ to: string; resolve: (m: ReceivedMail) => void }> = [];
  const consumed = new Set<ReceivedMail>();

  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          const envelopeTo = session.envelope.rcptTo.map((r) => r.address.toLowerCase());
          const to = addresses(parsed.to)[0] ?? envelopeTo[0] ?? '';
          const mail: ReceivedMail = {
            to,
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            html: typeof parsed.html === 'string' ? parsed.html : '',
            replyTo: addresses(parsed.replyTo)[0] ?? null,
          };
          messages.push(mail);
          const index = waiters.findIndex((w) => w.to === to);
          if (index >= 0) {
            const [waiter] = waiters.splice(index, 1);
            consumed.add(mail);
            waiter!.resolve(mail);
          }
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;

  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    waitForMessage(to, timeoutMs = 5000) {
      const address = to.toLowerCase();
      const already = messages.find((m) => m.to === address && !consumed.has(m));
      if (already) {
        consumed.add(already);
        return Promise.resolve(already);
      }
      return new Promise((resolve, reject) => {
        const waiter = {
          to: address,
          resolve: (m: ReceivedMail) => {
            clearTimeout(timer);
            resolve(m);
          },
        };
        const timer = setTimeout(() => {
          const i = waiters.indexOf(waiter);
          if (i >= 0) waiters.splice(i, 1);
          reject(new Error(`Aucun courriel reçu pour ${to} en ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.push(waiter);
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
