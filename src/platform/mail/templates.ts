import type { MailMessage } from './mailer';

export function escapeHtml(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

export const MAGIC_LINK_SUBJECT = 'Votre lien de connexion à Maillage';

/** The sign-in e-mail: plain text first, and a simple, accessible HTML version. */
export function magicLinkMail(input: { to: string; link: string; ttlMinutes: number }): MailMessage {
  const { to, link, ttlMinutes } = input;
  const text = [
    'Bonjour,',
    '',
    'Pour vous connecter à Maillage, ouvrez le lien suivant :',
    '',
    link,
    '',
    `Ce lien est valable ${ttlMinutes} minutes et ne peut servir qu'une seule fois.`,
    "Si vous n'avez pas demandé à vous connecter, ignorez ce message : personne ne pourra se connecter sans ce lien.",
    '',
    "L'équipe Maillage",
  ].join('\n');
  const safeLink = escapeHtml(link);
  const html = `<!doctype html>
<html lang="fr">
<head><meta charset="utf-8"><title>${escapeHtml(MAGIC_LINK_SUBJECT)}</title></head>
<body style="font-family: Marianne, Arial, sans-serif; color: #161616; background: #ffffff; line-height: 1.5;">
<p>Bonjour,</p>
<p>Pour vous connecter à Maillage, utilisez le lien ci-dessous :</p>
<p><a href="${safeLink}" style="color: #000091; font-weight: bold;">Se connecter à Maillage</a></p>
<p>Si le lien ne fonctionne pas, copiez cette adresse dans votre navigateur :<br><span style="word-break: break-all;">${safeLink}</span></p>
<p>Ce lien est valable ${ttlMinutes} minutes et ne peut servir qu'une seule fois.</p>
<p>Si vous n'avez pas demandé à vous connecter, ignorez ce message : personne ne pourra se connecter sans ce lien.</p>
<p>L'équipe Maillage</p>
</body>
</html>`;
  return { to, subject: MAGIC_LINK_SUBJECT, text, html };
}
