import { afterAll, beforeAll, expect } from 'vitest';
import { LoggingSmsProvider, ficheModule, orientations } from '../../src/orientation/fiche';
import { listChanges } from '../../src/platform/audit';
import type { Database } from '../../src/platform/db';
import { buildApp, signedIn, testConfig } from '../auth/support';
import { describeWithDatabases } from '../helpers/db';
import { startSmtpServer, type TestSmtpServer } from '../helpers/smtp';
import { BORDEAUX, POITIERS, insertLieux } from './support';

let smtp: TestSmtpServer;
beforeAll(async () => {
  smtp = await startSmtpServer();
});
afterAll(async () => {
  await smtp?.close();
});

async function setup(db: Database, options: { env?: Record<string, string>; sms?: LoggingSmsProvider | null } = {}) {
  await insertLieux(db);
  const sms = options.sms === undefined ? new LoggingSmsProvider() : options.sms;
  const config = testConfig({ SMTP_URL: smtp.url, ...options.env });
  const built = await buildApp(db, { config, modules: [ficheModule(sms ? { sms } : {})] });
  const prescripteur = await signedIn(db, config, { email: 'presc@exemple.fr', roles: [{ role: 'mediateur', perimetre: 'departement:33' }] });
  return { ...built, sms, prescripteur };
}

const fiche = (over: Record<string, unknown> = {}) => ({
  canal: 'courriel',
  destinataire: 'personne@exemple.fr',
  besoin: 'Faire sa déclaration de revenus en ligne',
  lieux: [POITIERS, BORDEAUX],
  prenom: 'Josiane',
  structure: 'CCAS de Bordeaux',
  note: 'Venir le matin de préférence.',
  ...over,
});

describeWithDatabases('orientation: fiche sending and follow-up', ({ itDb }) => {
  itDb('the fiche content is public, with hours in French; unknown lieu and too many lieux are named', async (db) => {
    const { app } = await setup(db);
    const res = await app.inject({ method: 'GET', url: `/api/v1/orientations/fiche?lieux=${POITIERS},${BORDEAUX}` });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.lieux.map((l: { id: string }) => l.id)).toEqual([POITIERS, BORDEAUX]);
    expect(body.lieux[0].horaires).toEqual(['Du lundi au vendredi : 9 h – 12 h, 14 h – 17 h', 'Le samedi : 9 h – 12 h']);
    expect(body.lieux[0].adresse).toBe('1 rue de la Paix, 86000 Poitiers');
    expect(body.aApporter.length).toBeGreaterThan(0);
    const unknown = await app.inject({ method: 'GET', url: '/api/v1/orientations/fiche?lieux=inconnu' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().champ).toBe('lieux');
    const four = await app.inject({ method: 'GET', url: '/api/v1/orientations/fiche?lieux=a,b,c,d' });
    expect(four.statusCode).toBe(400);
    expect(four.json().champ).toBe('lieux');
  });

  itDb('sending by e-mail goes through SMTP and records the orientation without the address nor the first name', async (db) => {
    const { app, prescripteur } = await setup(db);
    const to = `personne-${crypto.randomUUID()}@exemple.fr`;
    const res = await app.inject({ method: 'POST', url: '/api/v1/orientations/envoi', payload: fiche({ destinataire: to }), ...prescripteur });
    expect(res.statusCode).toBe(201);
    const mail = await smtp.waitForMessage(to);
    expect(mail.text).toContain('Bonjour Josiane');
    expect(mail.text).toContain('Médiathèque de Poitiers');
    expect(mail.text).toContain('Du lundi au vendredi : 9 h – 12 h, 14 h – 17 h');
    expect(mail.text).toContain("Une pièce d'identité");

    const rows = await db.select().from(orientations);
    expect(rows).toHaveLength(1);
    const row = rows[0]!;
    expect(row).toMatchObject({ id: res.json().id, need: 'Faire sa déclaration de revenus en ligne', fromUserId: prescripteur.user.id, fromStructure: 'CCAS de Bordeaux', toLieuIds: [POITIERS, BORDEAUX], channel: 'courriel', firstName: null, receivedAt: null });
    expect(JSON.stringify(row)).not.toContain(to);
    const audit = await listChanges(db, { entity: 'orientation', entityId: row.id });
    expect(audit.map((a) => a.action)).toEqual(['create']);
    expect(JSON.stringify(audit)).not.toContain(to);
    expect(JSON.stringify(audit)).not.toContain('Josiane');
  });

  itDb('the first name is kept only when the prescriber asks', async (db) => {
    const { app, prescripteur } = await setup(db);
    const res = await app.inject({ method: 'POST', url: '/api/v1/orientations/envoi', payload: fiche({ canal: 'sms', destinataire: '06 12 34 56 78', garderPrenom: true }), ...prescripteur });
    expect(res.statusCode).toBe(201);
    const [row] = await db.select().from(orientations);
    expect(row!.firstName).toBe('Josiane');
  });

  itDb('SMS goes through the logging provider, number normalised, never stored', async (db) => {
    const { app, prescripteur, sms } = await setup(db);
    const res = await app.inject({ method: 'POST', url: '/api/v1/orientations/envoi', payload: fiche({ canal: 'sms', destinataire: '06 12 34 56 78', lieux: [BORDEAUX] }), ...prescripteur });
    expect(res.statusCode).toBe(201);
    expect(sms!.sent).toHaveLength(1);
    expect(sms!.sent[0]!.to).toBe('+33612345678');
    expect(sms!.sent[0]!.text).toContain('France Services Bordeaux');
    const [row] = await db.select().from(orientations);
    expect(row!.channel).toBe('sms');
    expect(JSON.stringify(row)).not.toMatch(/612345678/);
  });

  itDb('in production without an SMS provider, SMS answers 503 in French and records nothing', async (db) => {
    const { app, prescripteur } = await setup(db, { env: { NODE_ENV: 'production', PUBLIC_URL: 'https://maillage.test' }, sms: null });
    const res = await app.inject({ method: 'POST', url: '/api/v1/orientations/envoi', payload: fiche({ canal: 'sms', destinataire: '0612345678' }), ...prescripteur });
    expect(res.statusCode).toBe(503);
    expect(res.json().detail).toMatch(/SMS/);
    expect(await db.select().from(orientations)).toEqual([]);
  });

  itDb('sending requires a signed-in prescriber; validation errors name the field', async (db) => {
    const { app, prescripteur } = await setup(db);
    const anonymous = await app.inject({ method: 'POST', url: '/api/v1/orientations/envoi', payload: fiche() });
    expect(anonymous.statusCode).toBe(401);
    const cases: Array<[Record<string, unknown>, string]> = [
      [fiche({ destinataire: 'pas-une-adresse' }), 'destinataire'],
      [fiche({ canal: 'sms', destinataire: '12' }), 'destinataire'],
      [fiche({ canal: 'pigeon' }), 'canal'],
      [fiche({ besoin: '' }), 'besoin'],
      [fiche({ lieux: [] }), 'lieux'],
      [fiche({ lieux: ['a', 'b', 'c', 'd'] }), 'lieux'],
      [fiche({ lieux: ['inconnu'] }), 'lieux'],
      [fiche({ note: 'x'.repeat(1001) }), 'note'],
    ];
    for (const [payload, champ] of cases) {
      const res = await app.inject({ method: 'POST', url: '/api/v1/orientations/envoi', payload, ...prescripteur });
      expect(res.statusCode, champ).toBeGreaterThanOrEqual(400);
      expect(res.statusCode, champ).toBeLessThan(405);
      expect(res.json().champ, JSON.stringify(payload)).toBe(champ);
    }
    expect(await db.select().from(orientations)).toEqual([]);
  });

  itDb("the receiving lieu's médiateur sees and marks it reçu; another territory's médiateur cannot", async (db) => {
    const { app, config, prescripteur } = await setup(db);
    const sent = await app.inject({ method: 'POST', url: '/api/v1/orientations/envoi', payload: fiche({ lieux: [POITIERS] }), ...prescripteur });
    expect(sent.statusCode).toBe(201);
    const id = sent.json().id as string;

    // The prescriber's own médiateur role is on département 33: Poitiers (86) is not theirs.
    const outsider = prescripteur;
    const insider = await signedIn(db, config, { email: 'm86@exemple.fr', roles: [{ role: 'mediateur', perimetre: 'epci:200069854' }] });
    const structure = await signedIn(db, config, { email: 'lieu@exemple.fr', roles: [{ role: 'structure', perimetre: `lieu:${POITIERS}` }] });
    const otherStructure = await signedIn(db, config, { email: 'autre@exemple.fr', roles: [{ role: 'structure', perimetre: `lieu:${BORDEAUX}` }] });

    const listOf = async (who: typeof insider) =>
      (await app.inject({ method: 'GET', url: '/api/v1/orientations/recues', cookies: who.cookies })).json().orientations as Array<{ id: string }>;
    expect((await listOf(outsider)).map((o) => o.id)).toEqual([]);
    expect((await listOf(otherStructure)).map((o) => o.id)).toEqual([]);
    expect((await listOf(insider)).map((o) => o.id)).toEqual([id]);
    expect((await listOf(structure)).map((o) => o.id)).toEqual([id]);

    const mark = (who: typeof insider) => app.inject({ method: 'POST', url: `/api/v1/orientations/${id}/recue`, payload: {}, ...who });
    expect((await mark(outsider)).statusCode).toBe(403);
    expect((await mark(otherStructure)).statusCode).toBe(403);
    const [untouched] = await db.select().from(orientations);
    expect(untouched!.receivedAt).toBeNull();

    const ok = await mark(insider);
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ id, recuePar: insider.user.id, recueAuLieu: POITIERS });
    expect(ok.json().recueLe).not.toBeNull();
    const audit = await listChanges(db, { entity: 'orientation', entityId: id });
    expect(audit.map((a) => a.action)).toEqual(['create', 'mark_received']);
    expect(audit[1]!.actor).toEqual({ kind: 'user', id: insider.user.id });

    // Pending list no longer holds it; a second mark keeps the first.
    const pending = await app.inject({ method: 'GET', url: '/api/v1/orientations/recues?en_attente=true', cookies: insider.cookies });
    expect(pending.json().orientations).toEqual([]);
    const again = await mark(structure);
    expect(again.json().recuePar).toBe(insider.user.id);
    const unknown = await app.inject({ method: 'POST', url: `/api/v1/orientations/${crypto.randomUUID()}/recue`, payload: {}, ...insider });
    expect(unknown.statusCode).toBe(404);
  });
});
