import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect } from 'vitest';
import { ensureUser } from '../../src/platform/auth';
import { magicLinks, sessions, users } from '../../src/platform/auth/schema';
import { hashSecret } from '../../src/platform/auth/secrets';
import type { Database } from '../../src/platform/db';
import { describeWithDatabases } from '../helpers/db';
import { startSmtpServer, type TestSmtpServer } from '../helpers/smtp';
import { PUBLIC_URL, buildApp, fixedClock, sessionCookie, testConfig, type TestClock } from './support';

const ACCEPTED = "Si un compte existe pour cette adresse, un lien de connexion vient d'être envoyé.";
const GONE = "Ce lien de connexion n'est plus valable : il a expiré ou a déjà été utilisé. Demandez-en un nouveau.";

let smtp: TestSmtpServer;
beforeAll(async () => {
  smtp = await startSmtpServer();
});
afterAll(async () => {
  await smtp.close();
});

let ipCounter = 0;
/** Each test its own client address, so the per-IP limit of one test does not leak into another. */
const nextIp = () => `203.0.113.${++ipCounter}`;

async function setup(db: Database, clock: TestClock = fixedClock()) {
  const config = testConfig({ SMTP_URL: smtp.url });
  const built = await buildApp(db, { config, clock });
  return { ...built, clock };
}

function tokenFrom(text: string): string {
  const match = /http:\/\/maillage\.test\/connexion\/lien\?jeton=([A-Za-z0-9_-]+)/.exec(text);
  if (!match) throw new Error(`pas de lien dans : ${text}`);
  return match[1]!;
}

describeWithDatabases('magic link sign-in', ({ itDb }) => {
  itDb('request → e-mail through SMTP → verify → session cookie → /session shows the user', async (db) => {
    const { app } = await setup(db);
    await ensureUser(db, { email: 'claire.martin@exemple.fr', nom: 'Claire Martin', roles: [{ role: 'mediateur', perimetre: 'departement:86' }] });
    const ip = nextIp();

    const requested = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/lien-magique',
      payload: { email: '  Claire.MARTIN@exemple.fr ' },
      remoteAddress: ip,
    });
    expect(requested.statusCode).toBe(202);
    expect(requested.json()).toEqual({ message: ACCEPTED });

    const mail = await smtp.waitForMessage('claire.martin@exemple.fr');
    expect(mail.subject).toBe('Votre lien de connexion à Maillage');
    const token = tokenFrom(mail.text);
    expect(mail.html).toContain(`href="${PUBLIC_URL}/connexion/lien?jeton=${token}"`);
    expect(mail.html).toContain('lang="fr"');

    const verified = await app.inject({ method: 'POST', url: '/api/v1/auth/lien-magique/verifier', payload: { jeton: token } });
    expect(verified.statusCode).toBe(200);
    const body = verified.json();
    expect(body.utilisateur).toMatchObject({
      email: 'claire.martin@exemple.fr',
      nom: 'Claire Martin',
      roles: [{ role: 'mediateur', libelle: 'Médiateur numérique', perimetre: 'departement:86' }],
    });
    const cookie = verified.cookies.find((c) => c.name === 'maillage_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/', maxAge: 7 * 86400 });
    expect(cookie?.secure).toBeFalsy();

    const session = await app.inject({ method: 'GET', url: '/api/v1/session', cookies: { maillage_session: cookie!.value } });
    expect(session.statusCode).toBe(200);
    expect(session.json()).toEqual({
      utilisateur: body.utilisateur,
      csrf: expect.any(String),
      connexion: { oidc: null },
    });

    const anonymous = await app.inject({ method: 'GET', url: '/api/v1/session' });
    expect(anonymous.json()).toEqual({ utilisateur: null, csrf: null, connexion: { oidc: null } });
  });

  itDb('a link works once: reuse → 410 naming the field jeton', async (db) => {
    const { app } = await setup(db);
    await ensureUser(db, { email: 'reuse@exemple.fr', roles: [] });
    await app.inject({ method: 'POST', url: '/api/v1/auth/lien-magique', payload: { email: 'reuse@exemple.fr' }, remoteAddress: nextIp() });
    const token = tokenFrom((await smtp.waitForMessage('reuse@exemple.fr')).text);

    const first = await app.inject({ method: 'POST', url: '/api/v1/auth/lien-magique/verifier', payload: { jeton: token } });
    expect(first.statusCode).toBe(200);
    const second = await app.inject({ method: 'POST', url: '/api/v1/auth/lien-magique/verifier', payload: { jeton: token } });
    expect(second.statusCode).toBe(410);
    expect(second.headers['content-type']).toContain('application/problem+json');
    expect(second.json()).toMatchObject({ status: 410, detail: GONE, champ: 'jeton' });
    expect(sessionCookie(second)).toBeUndefined();

    const unknown = await app.inject({ method: 'POST', url: '/api/v1/auth/lien-magique/verifier', payload: { jeton: 'inconnu' } });
    expect(unknown.statusCode).toBe(410);
    expect(unknown.json()).toMatchObject({ detail: GONE, champ: 'jeton' });
  });

  itDb('an expired link → 410', async (db) => {
    const clock = fixedClock(new Date('2031-03-10T09:00:00Z'));
    const { app } = await setup(db, clock);
    await ensureUser(db, { email: 'late@exemple.fr', roles: [] });
    await app.inject({ method: 'POST', url: '/api/v1/auth/lien-magique', payload: { email: 'late@exemple.fr' }, remoteAddress: nextIp() });
    const token = tokenFrom((await smtp.waitForMessage('late@exemple.fr')).text);

    const [row] = await db.select().from(magicLinks).where(eq(magicLinks.tokenHash, hashSecret(token)));
    expect(row?.expiresAt.toISOString()).toBe('2031-03-10T09:15:00.000Z');

    clock.advance(15 * 60_000 + 1000);
    const late = await app.inject({ method: 'POST', url: '/api/v1/auth/lien-magique/verifier', payload: { jeton: token } });
    expect(late.statusCode).toBe(410);
    expect(late.json()).toMatchObject({ detail: GONE, champ: 'jeton' });
  });

  itDb('still valid just before expiry', async (db) => {
    const clock = fixedClock(new Date('2031-03-10T09:00:00Z'));
    const { app } = await setup(db, clock);
    await ensureUser(db, { email: 'ontime@exemple.fr', roles: [] });
    await app.inject({ method: 'POST', url: '/api/v1/auth/lien-magique', payload: { email: 'ontime@exemple.fr' }, remoteAddress: nextIp() });
    const token = tokenFrom((await smtp.waitForMessage('ontime@exemple.fr')).text);
    clock.advance(14 * 60_000);
    const res = await app.inject({ method: 'POST', url: '/api/v1/auth/lien-magique/verifier', payload: { jeton: token } });
    expect(res.statusCode).toBe(200);
  });

  itDb('unknown or disabled address → the same 202 and no e-mail', async (db) => {
    const { app } = await setup(db);
    const before = smtp.messages.length;
    const res = await app.inject({ method: 'POST', url: '/api/v1/auth/lien-magique', payload: { email: 'personne@exemple.fr' }, remoteAddress: nextIp() });
    expect(res.statusCode).toBe(202);
    expect(res.json()).toEqual({ message: ACCEPTED });

    const disabled = await ensureUser(db, { email: 'parti@exemple.fr', roles: [] });
    await db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, disabled.id));
    const res2 = await app.inject({ method: 'POST', url: '/api/v1/auth/lien-magique', payload: { email: 'parti@exemple.fr' }, remoteAddress: nextIp() });
    expect(res2.statusCode).toBe(202);
    expect(res2.json()).toEqual({ message: ACCEPTED });

    // A known address sent afterwards arrives: the SMTP server is working, and nothing came for the other two.
    await ensureUser(db, { email: 'temoin@exemple.fr', roles: [] });
    await app.inject({ method: 'POST', url: '/api/v1/auth/lien-magique', payload: { email: 'temoin@exemple.fr' }, remoteAddress: nextIp() });
    await smtp.waitForMessage('temoin@exemple.fr');
    const recipients = smtp.messages.slice(before).map((m) => m.to);
    expect(recipients).not.toContain('personne@exemple.fr');
    expect(recipients).not.toContain('parti@exemple.fr');
  });

  itDb('invalid address → 400 naming the field email', async (db) => {
    const { app } = await setup(db);
    const res = await app.inject({ method: 'POST', url: '/api/v1/auth/lien-magique', payload: { email: 'pas-une-adresse' }, remoteAddress: nextIp() });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ champ: 'email' });
  });

  itDb('rate limit per address (known or not) → 429 in French, counted in the database', async (db) => {
    const { app, config, clock } = await setup(db);
    await ensureUser(db, { email: 'pressee@exemple.fr', roles: [] });
    for (const email of ['pressee@exemple.fr', 'inconnue@exemple.fr']) {
      for (let i = 0; i < config.auth.magicLinkMaxPerEmail; i++) {
        const ok = await app.inject({ method: 'POST', url: '/api/v1/auth/lien-magique', payload: { email }, remoteAddress: nextIp() });
        expect(ok.statusCode).toBe(202);
      }
      const limited = await app.inject({ method: 'POST', url: '/api/v1/auth/lien-magique', payload: { email }, remoteAddress: nextIp() });
      expect(limited.statusCode).toBe(429);
      expect(limited.json()).toMatchObject({ status: 429, title: 'Trop de demandes' });
      expect(limited.json().detail).toMatch(/Réessayez dans 15 minutes/);
    }
    // The window slides: later, it works again.
    clock.advance(config.auth.rateLimitWindowMinutes * 60_000 + 1000);
    const again = await app.inject({ method: 'POST', url: '/api/v1/auth/lien-magique', payload: { email: 'pressee@exemple.fr' }, remoteAddress: nextIp() });
    expect(again.statusCode).toBe(202);
  });

  itDb('rate limit per IP → 429', async (db) => {
    const { app, config } = await setup(db);
    config.auth.magicLinkMaxPerIp = 3;
    const ip = nextIp();
    for (let i = 0; i < 3; i++) {
      const ok = await app.inject({ method: 'POST', url: '/api/v1/auth/lien-magique', payload: { email: `ip${i}@exemple.fr` }, remoteAddress: ip });
      expect(ok.statusCode).toBe(202);
    }
    const limited = await app.inject({ method: 'POST', url: '/api/v1/auth/lien-magique', payload: { email: 'ip9@exemple.fr' }, remoteAddress: ip });
    expect(limited.statusCode).toBe(429);
    expect(limited.json().detail).toMatch(/depuis votre connexion/);
    const otherIp = await app.inject({ method: 'POST', url: '/api/v1/auth/lien-magique', payload: { email: 'ip9@exemple.fr' }, remoteAddress: nextIp() });
    expect(otherIp.statusCode).toBe(202);
  });

  itDb('the database never holds the raw link token nor the raw session secret', async (db) => {
    const { app } = await setup(db);
    await ensureUser(db, { email: 'secret@exemple.fr', roles: [] });
    await app.inject({ method: 'POST', url: '/api/v1/auth/lien-magique', payload: { email: 'secret@exemple.fr' }, remoteAddress: nextIp() });
    const token = tokenFrom((await smtp.waitForMessage('secret@exemple.fr')).text);
    expect(token.length).toBeGreaterThanOrEqual(43); // 256 bits in base64url

    const links = await db.select().from(magicLinks).where(eq(magicLinks.email, 'secret@exemple.fr'));
    expect(links).toHaveLength(1);
    expect(links[0]!.tokenHash).toBe(hashSecret(token));
    expect(JSON.stringify(links)).not.toContain(token);

    const verified = await app.inject({ method: 'POST', url: '/api/v1/auth/lien-magique/verifier', payload: { jeton: token } });
    const secret = sessionCookie(verified)!;
    const rows = await db.select().from(sessions).where(eq(sessions.tokenHash, hashSecret(secret)));
    expect(rows).toHaveLength(1);
    const dump = await db.execute(sql`select row_to_json(s)::text as j from sessions s union all select row_to_json(m)::text from magic_links m`);
    for (const r of dump.rows) {
      expect(String(r.j)).not.toContain(secret);
      expect(String(r.j)).not.toContain(token);
    }
  });

  itDb('logout revokes the session and clears the cookie; without the CSRF header → 403', async (db) => {
    const { app } = await setup(db);
    await ensureUser(db, { email: 'depart@exemple.fr', roles: [] });
    await app.inject({ method: 'POST', url: '/api/v1/auth/lien-magique', payload: { email: 'depart@exemple.fr' }, remoteAddress: nextIp() });
    const token = tokenFrom((await smtp.waitForMessage('depart@exemple.fr')).text);
    const verified = await app.inject({ method: 'POST', url: '/api/v1/auth/lien-magique/verifier', payload: { jeton: token } });
    const cookies = { maillage_session: sessionCookie(verified)! };
    const { csrf } = (await app.inject({ method: 'GET', url: '/api/v1/session', cookies })).json();

    const noCsrf = await app.inject({ method: 'POST', url: '/api/v1/auth/deconnexion', cookies });
    expect(noCsrf.statusCode).toBe(403);
    const badCsrf = await app.inject({ method: 'POST', url: '/api/v1/auth/deconnexion', cookies, headers: { 'x-csrf-token': 'faux' } });
    expect(badCsrf.statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: '/api/v1/session', cookies })).json().utilisateur).not.toBeNull();

    const out = await app.inject({ method: 'POST', url: '/api/v1/auth/deconnexion', cookies, headers: { 'x-csrf-token': csrf } });
    expect(out.statusCode).toBe(204);
    const cleared = out.cookies.find((c) => c.name === 'maillage_session');
    expect(cleared?.value).toBe('');
    const [row] = await db.select().from(sessions).where(eq(sessions.tokenHash, hashSecret(cookies.maillage_session)));
    expect(row?.revokedAt).toBeInstanceOf(Date);

    const after = await app.inject({ method: 'GET', url: '/api/v1/session', cookies });
    expect(after.json()).toMatchObject({ utilisateur: null, csrf: null });
    const again = await app.inject({ method: 'POST', url: '/api/v1/auth/deconnexion', cookies, headers: { 'x-csrf-token': csrf } });
    expect(again.statusCode).toBe(401);
  });

  itDb('signing in with a new link while already signed in needs no CSRF token', async (db) => {
    const { app } = await setup(db);
    await ensureUser(db, { email: 'deux@exemple.fr', roles: [] });
    const tokens: string[] = [];
    for (let i = 0; i < 2; i++) {
      await app.inject({ method: 'POST', url: '/api/v1/auth/lien-magique', payload: { email: 'deux@exemple.fr' }, remoteAddress: nextIp() });
      tokens.push(tokenFrom((await smtp.waitForMessage('deux@exemple.fr')).text));
    }
    const first = await app.inject({ method: 'POST', url: '/api/v1/auth/lien-magique/verifier', payload: { jeton: tokens[0] } });
    const cookies = { maillage_session: sessionCookie(first)! };
    const second = await app.inject({ method: 'POST', url: '/api/v1/auth/lien-magique/verifier', payload: { jeton: tokens[1] }, cookies });
    expect(second.statusCode).toBe(200);
  });

  itDb('the session cookie is Secure when the public URL is https', async (db) => {
    const config = testConfig({ SMTP_URL: smtp.url, PUBLIC_URL: 'https://maillage.exemple.fr' });
    const { app } = await buildApp(db, { config });
    await ensureUser(db, { email: 'https@exemple.fr', roles: [] });
    await app.inject({ method: 'POST', url: '/api/v1/auth/lien-magique', payload: { email: 'https@exemple.fr' }, remoteAddress: nextIp() });
    const text = (await smtp.waitForMessage('https@exemple.fr')).text;
    const token = /https:\/\/maillage\.exemple\.fr\/connexion\/lien\?jeton=([A-Za-z0-9_-]+)/.exec(text)![1];
    const verified = await app.inject({ method: 'POST', url: '/api/v1/auth/lien-magique/verifier', payload: { jeton: token } });
    expect(verified.cookies.find((c) => c.name === 'maillage_session')?.secure).toBe(true);
  });
});
