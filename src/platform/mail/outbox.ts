import { desc } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '../db';
import type { AppModule } from '../http/app';
import { access } from '../http/access';
import { devOutbox } from './schema';
import { escapeHtml } from './templates';

export interface OutboxMail {
  id: string;
  to: string;
  subject: string;
  text: string;
  html: string | null;
  createdAt: Date;
}

/** The latest mails of the development outbox, newest first. */
export async function latestOutboxMails(db: Database, limit = 50): Promise<OutboxMail[]> {
  return db.select().from(devOutbox).orderBy(desc(devOutbox.createdAt), desc(devOutbox.id)).limit(limit);
}

const URL_RE = /https?:\/\/[^\s<>"']+/g;

/** Escapes the text and turns every http(s) address into a real link. */
export function linkify(text: string): string {
  let out = '';
  let last = 0;
  for (const match of text.matchAll(URL_RE)) {
    const url = match[0].replace(/[.,;:!?)]+$/, '');
    const start = match.index;
    out += escapeHtml(text.slice(last, start));
    out += `<a href="${escapeHtml(url)}">${escapeHtml(url)}</a>`;
    last = start + url.length;
  }
  return out + escapeHtml(text.slice(last));
}

const dateFormat = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'short', timeStyle: 'medium', timeZone: 'Europe/Paris' });

export function renderOutboxPage(mails: OutboxMail[], mailerKind: 'smtp' | 'outbox'): string {
  const notice =
    mailerKind === 'smtp'
      ? '<p>Un serveur SMTP est configuré (SMTP_URL) : les courriels partent par SMTP et n’apparaissent pas ici.</p>'
      : '<p>Sans serveur SMTP configuré, les courriels envoyés par Maillage arrivent ici. Cette page n’existe pas en production.</p>';
  const body =
    mails.length === 0
      ? '<p>Aucun courriel pour le moment.</p>'
      : `<table>
<caption>Les ${mails.length} derniers courriels, du plus récent au plus ancien</caption>
<thead><tr><th scope="col">Date</th><th scope="col">Destinataire</th><th scope="col">Objet</th><th scope="col">Message</th></tr></thead>
<tbody>
${mails
  .map(
    (m) => `<tr>
<td><time datetime="${m.createdAt.toISOString()}">${escapeHtml(dateFormat.format(m.createdAt))}</time></td>
<td>${escapeHtml(m.to)}</td>
<td>${escapeHtml(m.subject)}</td>
<td><div class="message">${linkify(m.text)}</div></td>
</tr>`,
  )
  .join('\n')}
</tbody>
</table>`;
  return `<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Boîte d'envoi de développement — Maillage</title>
<style>
  body { font-family: Marianne, Arial, sans-serif; color: #161616; background: #ffffff; margin: 0; line-height: 1.5; }
  header, main { max-width: 72rem; margin: 0 auto; padding: 1rem 1.5rem; }
  header { border-bottom: 1px solid #dddddd; }
  header p { margin: 0; font-weight: bold; }
  a { color: #000091; }
  a:focus { outline: 2px solid #0a76f6; outline-offset: 2px; }
  table { border-collapse: collapse; width: 100%; }
  caption { text-align: left; font-weight: bold; padding: 0.5rem 0; }
  th, td { border: 1px solid #929292; padding: 0.5rem; text-align: left; vertical-align: top; }
  th { background: #f6f6f6; }
  .message { white-space: pre-wrap; word-break: break-word; }
</style>
</head>
<body>
<header><p>Maillage — outils de développement</p></header>
<main>
<h1>Boîte d'envoi de développement</h1>
${notice}
${body}
</main>
</body>
</html>`;
}

/** Development outbox: `/dev/outbox` (page) and `/api/v1/dev/outbox` (JSON). Not registered in production. */
export const devOutboxModule: AppModule = {
  name: 'dev-outbox',
  routes: async (app, { ctx }) => {
    if (ctx.config.env === 'production') return;
    app.get(
      '/dev/outbox',
      { config: { access: access.public }, schema: { hide: true } },
      async (_request, reply) => {
        const mails = await latestOutboxMails(ctx.db);
        return reply
          .header('cache-control', 'no-store')
          .type('text/html; charset=utf-8')
          .send(renderOutboxPage(mails, ctx.mailer.kind));
      },
    );
    app.get(
      '/api/v1/dev/outbox',
      {
        config: { access: access.public },
        schema: {
          tags: ['développement'],
          summary: "Boîte d'envoi de développement (hors production)",
          response: {
            200: z.object({
              courriels: z.array(
                z.object({
                  id: z.string(),
                  date: z.string(),
                  destinataire: z.string(),
                  objet: z.string(),
                  texte: z.string(),
                  html: z.string().nullable(),
                }),
              ),
            }),
          },
        },
      },
      async (_request, reply) => {
        reply.header('cache-control', 'no-store');
        const mails = await latestOutboxMails(ctx.db);
        return {
          courriels: mails.map((m) => ({
            id: m.id,
            date: m.createdAt.toISOString(),
            destinataire: m.to,
            objet: m.subject,
            texte: m.text,
            html: m.html,
          })),
        };
      },
    );
  },
};
