import { expect } from 'vitest';
import { ensureUser } from '../../src/platform/auth';
import { describeWithDatabases } from '../helpers/db';
import { PUBLIC_URL, buildApp, testConfig } from './support';

describeWithDatabases('development outbox', ({ itDb }) => {
  itDb('without SMTP the sign-in mail lands in the outbox: accessible French page and JSON', async (db) => {
    const { app, ctx } = await buildApp(db, { config: testConfig({ NODE_ENV: 'development' }) });
    expect(ctx.mailer.kind).toBe('outbox');
    await ensureUser(db, { email: 'boite@exemple.fr', roles: [] });
    const req = await app.inject({ method: 'POST', url: '/api/v1/auth/lien-magique', payload: { email: 'boite@exemple.fr' } });
    expect(req.statusCode).toBe(202);

    const json = await app.inject({ method: 'GET', url: '/api/v1/dev/outbox' });
    expect(json.statusCode).toBe(200);
    const [mail] = json.json().courriels;
    expect(mail).toMatchObject({ destinataire: 'boite@exemple.fr', objet: 'Votre lien de connexion à Maillage' });
    const token = /jeton=([A-Za-z0-9_-]+)/.exec(mail.texte)![1]!;

    const page = await app.inject({ method: 'GET', url: '/dev/outbox', headers: { accept: 'text/html' } });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    const html = page.body;
    expect(html).toContain('<html lang="fr">');
    expect(html).toMatch(/<title>[^<]+<\/title>/);
    expect(html).toContain('<main>');
    expect(html).toContain("<h1>Boîte d'envoi de développement</h1>");
    expect(html).toContain('<caption>');
    expect(html).toContain('<th scope="col">Destinataire</th>');
    expect(html).toContain('boite@exemple.fr');
    const link = `${PUBLIC_URL}/connexion/lien?jeton=${token}`;
    expect(html).toContain(`<a href="${link}">${link}</a>`);

    // The link in the outbox works.
    const verified = await app.inject({ method: 'POST', url: '/api/v1/auth/lien-magique/verifier', payload: { jeton: token } });
    expect(verified.statusCode).toBe(200);
  });

  itDb('escapes what it shows', async (db) => {
    const { app, ctx } = await buildApp(db, { config: testConfig({ NODE_ENV: 'development' }) });
    await ctx.mailer.send({ to: 'x@exemple.fr', subject: '<script>alert(1)</script>', text: 'voir https://exemple.fr/a?b=1&c=<2> fin' });
    const html = (await app.inject({ method: 'GET', url: '/dev/outbox' })).body;
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('&lt;script&gt;');
    expect(html).toContain('<a href="https://exemple.fr/a?b=1&amp;c=">https://exemple.fr/a?b=1&amp;c=</a>&lt;2&gt; fin');
  });

  itDb('does not exist in production', async (db) => {
    const { app } = await buildApp(db, { config: testConfig({ NODE_ENV: 'production', SMTP_URL: 'smtp://127.0.0.1:9' }) });
    expect((await app.inject({ method: 'GET', url: '/dev/outbox' })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: '/api/v1/dev/outbox' })).statusCode).toBe(404);
  });
});
