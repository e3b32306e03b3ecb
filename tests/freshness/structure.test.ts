import { afterAll, beforeAll, expect } from 'vitest';
import { freshnessModule, LINK_REFUSALS_PER_HOUR } from '../../src/freshness';
import { structureLinkRefusals } from '../../src/freshness/schema';
import { eq } from 'drizzle-orm';
import { applyImport, lieuHistory, lieuxModule, lieuxTables } from '../../src/lieux';
import type { Database } from '../../src/platform/db';
import { containsIn } from '../../src/territory';
import { buildApp, fixedClock, signedIn, testConfig } from '../auth/support';
import { describeWithDatabases } from '../helpers/db';
import { startSmtpServer, type TestSmtpServer } from '../helpers/smtp';
import { franceServices, referential } from '../lieux/support';

const fs = franceServices();
let smtp: TestSmtpServer;
beforeAll(async () => {
  smtp = await startSmtpServer();
});
afterAll(async () => {
  await smtp.close();
});

const NOW = new Date('2026-12-01T10:00:00+01:00');
const linkFrom = (text: string) => /\/structure\/([A-Za-z0-9_-]{20,})/.exec(text)?.[1] ?? '';

async function setup(db: Database) {
  // Each test reads only the e-mails it caused (the server is shared by the PGlite and PostgreSQL runs).
  smtp.messages.length = 0;
  await applyImport(db, fs, { source: 'france-services', full: true, actor: { kind: 'cli' }, fileName: null }, { referential });
  const clock = fixedClock(NOW);
  const config = testConfig({ SMTP_URL: smtp.url });
  const { app } = await buildApp(db, { config, clock, modules: [lieuxModule(referential), freshnessModule(referential)], contains: containsIn(referential) });
  const gestionnaire = await signedIn(db, config, { email: `gestionnaire.${Math.random()}@vienne.example`, roles: [{ role: 'gestionnaire', perimetre: 'departement:86' }] });
  const rows = await db.select({ id: lieuxTables.lieux.id, lieu: lieuxTables.lieux.data }).from(lieuxTables.lieux).where(eq(lieuxTables.lieux.departement, '86'));
  const withEmail = rows.filter((l) => (l.lieu.courriels ?? []).length > 0).sort((a, b) => (a.id < b.id ? -1 : 1));
  return { app, clock, gestionnaire, withEmail };
}

describeWithDatabases('structures keep their own lieu true through a link', ({ itDb }) => {
  itDb('a gestionnaire invites; the structure edits, confirms, closes, all recorded as « structure »; the link opens nothing else', async (db) => {
    const { app, clock, gestionnaire, withEmail } = await setup(db);
    const [mine, other] = withEmail;
    const sent = await app.inject({ method: 'POST', url: `/api/v1/lieux/${mine!.id}/invitations`, ...gestionnaire });
    expect(sent.statusCode).toBe(201);
    const email = mine!.lieu.courriels![0]!.toLowerCase();
    expect(sent.json()).toMatchObject({ envoyees: [{ email, envoye: true, lieux: [{ id: mine!.id }] }], ignores: [] });
    const mail = await smtp.waitForMessage(email);
    const jeton = linkFrom(mail.text);
    expect(jeton.length).toBeGreaterThan(20);
    // Answering the e-mail reaches the gestionnaire who sent it, and the e-mail says so.
    expect(mail.replyTo).toBe(gestionnaire.user.email.toLowerCase());
    expect(mail.text).toContain('Répondez simplement à ce courriel');

    const opened = await app.inject({ method: 'GET', url: `/api/v1/structure/${jeton}` });
    expect(opened.statusCode).toBe(200);
    const { lieux } = opened.json() as { lieux: Array<{ id: string; version: number; confirmeLe: string | null }> };
    expect(lieux.map((l) => l.id)).toEqual([mine!.id]);
    expect(lieux[0]!.confirmeLe).toBeNull();

    // Save new hours: validated like the registry, audited with source "structure", confirmation date set.
    const saved = await app.inject({
      method: 'PATCH',
      url: `/api/v1/structure/${jeton}/lieux/${mine!.id}`,
      payload: { version: lieux[0]!.version, changes: { horaires: 'Mo-Fr 09:00-12:00; We 14:00-17:00' } },
    });
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toMatchObject({ lieu: { horaires: 'Mo-Fr 09:00-12:00; We 14:00-17:00' } });
    const history = await lieuHistory(db, mine!.id);
    expect(history.some((h) => h.source === 'structure' && h.actor.kind === 'invitation')).toBe(true);

    // The same link works again (until it expires); a save over an older version is a 409 with the current one.
    const stale = await app.inject({
      method: 'PATCH',
      url: `/api/v1/structure/${jeton}/lieux/${mine!.id}`,
      payload: { version: lieux[0]!.version, changes: { telephone: '+33549000000' } },
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ champ: 'version', versionEnvoyee: lieux[0]!.version, lieuActuel: { horaires: 'Mo-Fr 09:00-12:00; We 14:00-17:00' } });

    // Invalid values: French errors naming the field, nothing saved.
    const invalid = await app.inject({
      method: 'PATCH',
      url: `/api/v1/structure/${jeton}/lieux/${mine!.id}`,
      payload: { version: (saved.json() as { version: number }).version, changes: { horaires: 'le matin' } },
    });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json()).toMatchObject({ champ: 'horaires' });

    // "Les informations sont à jour": one click, the date moves, audited.
    clock.advance(86_400_000);
    const confirmed = await app.inject({ method: 'POST', url: `/api/v1/structure/${jeton}/lieux/${mine!.id}/confirmation` });
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.json()).toEqual({ confirmeLe: new Date(NOW.getTime() + 86_400_000).toISOString() });
    expect((await lieuHistory(db, mine!.id)).some((h) => h.action === 'confirm' && h.source === 'structure')).toBe(true);

    // Temporary closure by the structure.
    const current = ((await app.inject({ method: 'GET', url: `/api/v1/structure/${jeton}` })).json() as { lieux: Array<{ version: number }> }).lieux[0]!;
    const closed = await app.inject({
      method: 'PUT',
      url: `/api/v1/structure/${jeton}/lieux/${mine!.id}/statut?version=${current.version}`,
      payload: { kind: 'ferme_temporairement', du: '2026-12-21', au: '2027-01-03' },
    });
    expect(closed.statusCode).toBe(200);
    expect(closed.json()).toMatchObject({ statut: { kind: 'ferme_temporairement', du: '2026-12-21' } });

    // One lieu of the link, read alone; another lieu: refused, with the reason.
    const one = await app.inject({ method: 'GET', url: `/api/v1/structure/${jeton}/lieux/${mine!.id}` });
    expect(one.statusCode).toBe(200);
    expect(one.json()).toMatchObject({ id: mine!.id, statut: { kind: 'ferme_temporairement' }, lieu: { horaires: 'Mo-Fr 09:00-12:00; We 14:00-17:00' } });
    const elsewhere = await app.inject({ method: 'GET', url: `/api/v1/structure/${jeton}/lieux/${other!.id}` });
    expect(elsewhere.statusCode).toBe(403);
    expect(elsewhere.json()).toMatchObject({ champ: 'jeton', detail: expect.stringContaining('ne donne pas accès à ce lieu') });
    const otherSave = await app.inject({ method: 'POST', url: `/api/v1/structure/${jeton}/lieux/${other!.id}/confirmation` });
    expect(otherSave.statusCode).toBe(403);
    expect(otherSave.json()).toMatchObject({ champ: 'jeton', detail: expect.stringContaining('ne donne pas accès à ce lieu') });
  });

  itDb('tampered, revoked and expired links are refused with a clear reason', async (db) => {
    const { app, clock, gestionnaire, withEmail } = await setup(db);
    const target = withEmail[2]!;
    const sent = (await app.inject({ method: 'POST', url: `/api/v1/lieux/${target.id}/invitations`, ...gestionnaire })).json() as { envoyees: Array<{ id: string }> };
    const jeton = linkFrom((await smtp.waitForMessage(target.lieu.courriels![0]!.toLowerCase())).text);

    const tampered = await app.inject({ method: 'GET', url: `/api/v1/structure/${jeton.slice(0, -2)}xx` });
    expect(tampered.statusCode).toBe(403);
    expect(tampered.json()).toMatchObject({ detail: expect.stringContaining('n’est pas valide') });

    // A second link, revoked by the gestionnaire: refused at once; the first one still works.
    await app.inject({ method: 'POST', url: `/api/v1/lieux/${target.id}/invitations`, ...gestionnaire });
    const second = linkFrom((await smtp.waitForMessage(target.lieu.courriels![0]!.toLowerCase())).text);
    const listed = (await app.inject({ method: 'GET', url: `/api/v1/lieux/${target.id}/invitations`, ...gestionnaire })).json() as { invitations: Array<{ id: string }> };
    expect(listed.invitations).toHaveLength(2);
    expect(listed.invitations[1]!.id).toBe(sent.envoyees[0]!.id);
    const revoked = await app.inject({ method: 'DELETE', url: `/api/v1/invitations/${listed.invitations[0]!.id}`, ...gestionnaire });
    expect(revoked.statusCode).toBe(200);
    const refused = await app.inject({ method: 'GET', url: `/api/v1/structure/${second}` });
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ detail: expect.stringContaining('désactivé') });

    // The first link: still valid on day 29, expired on day 30.
    clock.advance(29 * 86_400_000);
    expect((await app.inject({ method: 'GET', url: `/api/v1/structure/${jeton}` })).statusCode).toBe(200);
    clock.advance(86_400_000);
    const expired = await app.inject({ method: 'GET', url: `/api/v1/structure/${jeton}` });
    expect(expired.statusCode).toBe(403);
    expect(expired.json()).toMatchObject({ detail: expect.stringContaining('expiré') });
  });

  itDb('refused links are rate-limited per address: past the limit a 429 in French for every link, for an hour', async (db) => {
    const { app, clock, gestionnaire, withEmail } = await setup(db);
    const target = withEmail[3]!;
    await app.inject({ method: 'POST', url: `/api/v1/lieux/${target.id}/invitations`, ...gestionnaire });
    const jeton = linkFrom((await smtp.waitForMessage(target.lieu.courriels![0]!.toLowerCase())).text);
    const guesser = { remoteAddress: '203.0.113.7' };
    for (let i = 0; i < LINK_REFUSALS_PER_HOUR; i++) {
      const guess = await app.inject({ method: 'GET', url: `/api/v1/structure/devine-${i}-${'x'.repeat(24)}`, ...guesser });
      expect(guess.statusCode).toBe(403);
    }
    // Over the limit, even the right link answers 429 from that address (the guesser learns nothing more)…
    const limited = await app.inject({ method: 'GET', url: `/api/v1/structure/${jeton}`, ...guesser });
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toMatchObject({ detail: expect.stringContaining('réessayez dans une heure') });
    const limitedSave = await app.inject({ method: 'POST', url: `/api/v1/structure/${jeton}/lieux/${target.id}/confirmation`, ...guesser });
    expect(limitedSave.statusCode).toBe(429);
    // …while the structure, from its own connection, is not affected.
    expect((await app.inject({ method: 'GET', url: `/api/v1/structure/${jeton}`, remoteAddress: '198.51.100.20' })).statusCode).toBe(200);
    // No address is stored, only its keyed hash.
    const stored = await db.select().from(structureLinkRefusals);
    expect(stored.length).toBeGreaterThanOrEqual(LINK_REFUSALS_PER_HOUR);
    expect(stored.some((r) => r.ipHash.includes('203.0.113.7'))).toBe(false);
    // An hour later, the address may try again.
    clock.advance(3_600_000 + 1000);
    expect((await app.inject({ method: 'GET', url: `/api/v1/structure/${jeton}`, ...guesser })).statusCode).toBe(200);
  });

  itDb('a burst of simultaneous guesses gets no more than the limit looked up; good links from that address are not counted', async (db) => {
    const { app, gestionnaire, withEmail } = await setup(db);
    const target = withEmail[3]!;
    await app.inject({ method: 'POST', url: `/api/v1/lieux/${target.id}/invitations`, ...gestionnaire });
    const jeton = linkFrom((await smtp.waitForMessage(target.lieu.courriels![0]!.toLowerCase())).text);
    const office = { remoteAddress: '203.0.113.9' };
    // The structure's own visits from this address do not eat into the limit.
    for (let i = 0; i < LINK_REFUSALS_PER_HOUR + 2; i++) {
      expect((await app.inject({ method: 'GET', url: `/api/v1/structure/${jeton}`, ...office })).statusCode).toBe(200);
    }
    const burst = await Promise.all(
      Array.from({ length: 3 * LINK_REFUSALS_PER_HOUR }, (_, i) => app.inject({ method: 'GET', url: `/api/v1/structure/rafale-${i}-${'y'.repeat(24)}`, ...office })),
    );
    const codes = burst.map((r) => r.statusCode);
    const refused = codes.filter((c) => c === 403).length;
    // Simultaneous attempts count each other: fewer than the limit may be looked up, never more.
    expect(refused).toBeLessThanOrEqual(LINK_REFUSALS_PER_HOUR);
    expect(codes.filter((c) => c === 429)).toHaveLength(codes.length - refused);
    // One at a time afterwards, the address gets exactly the rest of its hour's allowance.
    for (let i = refused; i < LINK_REFUSALS_PER_HOUR; i++) {
      expect((await app.inject({ method: 'GET', url: `/api/v1/structure/ensuite-${i}-${'z'.repeat(24)}`, ...office })).statusCode).toBe(403);
    }
    expect((await app.inject({ method: 'GET', url: `/api/v1/structure/${jeton}`, ...office })).statusCode).toBe(429);
  });

  itDb('a bulk invitation over a territory: one link per contact when asked, lieux without e-mail listed', async (db) => {
    const { app, gestionnaire } = await setup(db);
    const response = await app.inject({ method: 'POST', url: '/api/v1/invitations', payload: { departement: '86', regroupement: 'par-contact' }, ...gestionnaire });
    expect(response.statusCode).toBe(201);
    const body = response.json() as { envoyees: Array<{ email: string; lieux: unknown[] }>; ignores: Array<{ raison: string }> };
    expect(body.envoyees.length).toBeGreaterThan(0);
    expect(new Set(body.envoyees.map((e) => e.email)).size).toBe(body.envoyees.length);
    for (const ignored of body.ignores) expect(ignored.raison).toContain('aucun courriel');
    // Outside the gestionnaire's territory: refused.
    const outside = await app.inject({ method: 'POST', url: '/api/v1/invitations', payload: { departement: '33' }, ...gestionnaire });
    expect(outside.statusCode).toBe(403);
    const bad = await app.inject({ method: 'POST', url: '/api/v1/invitations', payload: { departement: '86', epci: '200069854' }, ...gestionnaire });
    expect(bad.statusCode).toBe(400);
  });
});
