import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect } from 'vitest';
import { freshnessModule, moderationModule, reportFigures } from '../../src/freshness';
import { REPORTER_RETRY_ATTEMPTS, REPORTER_RETRY_DAYS, retryReporterNotices } from '../../src/freshness/moderation';
import { createMailer } from '../../src/platform/mail';
import { lieuInvitations } from '../../src/freshness/schema';
import { lieuxTables } from '../../src/lieux';
import { lieuReports, reportsModule } from '../../src/orientation';
import { listChanges } from '../../src/platform/audit';
import type { Database } from '../../src/platform/db';
import { buildApp, fixedClock, signedIn, testConfig } from '../auth/support';
import { describeWithDatabases } from '../helpers/db';
import { startSmtpServer, type TestSmtpServer } from '../helpers/smtp';
import { referential } from '../lieux/support';
import { BORDEAUX, POITIERS, insertLieux } from '../orientation-reports/support';

let smtp: TestSmtpServer;
beforeAll(async () => {
  smtp = await startSmtpServer();
});
afterAll(async () => {
  await smtp.close();
});

/** A Thursday, 10:00 in Paris. */
const NOW = new Date('2026-12-03T10:00:00+01:00');
const GRAND_POITIERS = '200069854';
const linkFrom = (text: string) => /\/structure\/([A-Za-z0-9_-]{20,})/.exec(text)?.[1] ?? '';
const unique = () => Math.random().toString(36).slice(2, 10);

async function setup(db: Database, options: { smtpUrl?: string } = {}) {
  await insertLieux(db);
  // Poitiers' lieu gets a contact address and its EPCI (Grand Poitiers); Bordeaux's has no address.
  const contact = `contact.${unique()}@mediatheque-poitiers.example`;
  const [poitiers] = await db.select().from(lieuxTables.lieux).where(eq(lieuxTables.lieux.id, POITIERS));
  await db
    .update(lieuxTables.lieux)
    .set({ data: { ...poitiers!.data, courriels: [contact] }, epci: GRAND_POITIERS })
    .where(eq(lieuxTables.lieux.id, POITIERS));
  const clock = fixedClock(NOW);
  const config = testConfig({ SMTP_URL: options.smtpUrl ?? smtp.url });
  const { app } = await buildApp(db, { config, clock, modules: [reportsModule, moderationModule(referential), freshnessModule(referential)] });
  const g86 = await signedIn(db, config, { email: `g86.${unique()}@vienne.example`, roles: [{ role: 'gestionnaire', perimetre: 'departement:86' }] });
  const g33 = await signedIn(db, config, { email: `g33.${unique()}@gironde.example`, roles: [{ role: 'gestionnaire', perimetre: 'departement:33' }] });
  const admin = await signedIn(db, config, { email: `admin.${unique()}@exemple.fr`, roles: [{ role: 'admin', perimetre: 'national' }] });

  /** A public report through the real route; returns its id. */
  const report = async (lieuId: string, fields: { categorie?: string; message?: string; courriel?: string } = {}) => {
    const known = new Set((await db.select({ id: lieuReports.id }).from(lieuReports)).map((r) => r.id));
    const res = await app.inject({
      method: 'POST',
      url: `/api/v1/lieux/${lieuId}/signalements`,
      payload: { categorie: 'horaires', message: 'Le lieu est fermé le samedi matin depuis mars.', courriel: '', ...fields },
      remoteAddress: `203.0.113.${Math.floor(Math.random() * 250)}`,
    });
    expect(res.statusCode).toBe(201);
    const created = (await db.select({ id: lieuReports.id }).from(lieuReports)).filter((r) => !known.has(r.id));
    expect(created).toHaveLength(1);
    return created[0]!.id;
  };
  const act = (who: { cookies: Record<string, string>; headers: Record<string, string> }, id: string, action: string, note?: string) =>
    app.inject({ method: 'POST', url: `/api/v1/signalements/${id}/${action}`, payload: note === undefined ? {} : { note }, ...who });
  const list = (who: { cookies: Record<string, string> }, query: string) => app.inject({ method: 'GET', url: `/api/v1/signalements?${query}`, cookies: who.cookies });
  return { app, clock, contact, g86, g33, admin, report, act, list };
}

/** A report written directly, as the demo's simulated year does. */
async function insertReport(db: Database, fields: { simulated: boolean }) {
  await db
    .insert(lieuReports)
    .values({ lieuId: POITIERS, category: 'horaires', message: 'Horaires faux le samedi.', ipHash: 'simulation', departement: '86', codeInsee: '86066', ...fields });
}

describeWithDatabases('moderation of error reports', ({ itDb }) => {
  itDb('a report is in the queue of its territory’s gestionnaire, beside the lieu’s hours in words; not in another territory’s', async (db) => {
    const { g86, g33, admin, report, act, list } = await setup(db);
    const id = await report(POITIERS, { courriel: `habitant.${unique()}@exemple.fr` });

    for (const query of ['departement=86', `epci=${GRAND_POITIERS}`, 'commune=86066', 'departement=86&statut=nouveau&statut=transmis']) {
      const res = await list(g86, query);
      expect(res.statusCode, query).toBe(200);
      const body = res.json() as { signalements: Array<Record<string, unknown>>; compteParStatut: Record<string, number> };
      expect(body.signalements.map((s) => s.id), query).toEqual([id]);
      expect(body.compteParStatut).toEqual({ nouveau: 1, transmis: 0, corrige: 0, rejete: 0 });
    }
    const item = (await list(g86, 'departement=86')).json().signalements[0];
    expect(item).toMatchObject({
      lieuId: POITIERS,
      lieuNom: 'Médiathèque de Poitiers',
      categorie: 'horaires',
      statut: 'nouveau',
      lieu: { nom: 'Médiathèque de Poitiers', commune: 'Poitiers', statut: { kind: 'ouvert' }, champs: [{ champ: 'horaires', valeur: 'Mo-Fr 09:00-12:00,14:00-17:00; Sa 09:00-12:00' }] },
    });
    expect(item.lieu.semaine).toContainEqual({ jour: 'lundi', creneaux: '9 h – 12 h, 14 h – 17 h' });
    expect(item.lieu.semaine).toContainEqual({ jour: 'dimanche', creneaux: 'Fermé' });
    // Other statuses only: not listed; counts stay the territory's.
    expect((await list(g86, 'departement=86&statut=corrige')).json()).toMatchObject({ signalements: [], compteParStatut: { nouveau: 1 } });

    // The Gironde's gestionnaire: its own queue does not hold it, the Vienne's is refused, and so is any action on it.
    expect((await list(g33, 'departement=33')).json().signalements).toEqual([]);
    expect((await list(g33, 'departement=86')).statusCode).toBe(403);
    expect((await list(g33, '')).statusCode).toBe(403);
    expect((await act(g33, id, 'rejeter', 'Pas chez nous.')).statusCode).toBe(403);
    // An admin sees every territory at once.
    expect((await list(admin, '')).json().signalements.map((s: { id: string }) => s.id)).toEqual([id]);

    const bad = await list(g86, 'departement=86&statut=ouvert');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().detail).toContain('statut');
    const two = await list(admin, 'departement=86&commune=86066');
    expect(two.statusCode).toBe(400);
    expect(two.json().detail).toContain('un seul territoire');
  });

  itDb('forwarding e-mails the structure the report with a link that opens its lieu and nothing else; the report can then be fixed', async (db) => {
    const { app, contact, g86, report, act } = await setup(db);
    const reporter = `habitant.${unique()}@exemple.fr`;
    const id = await report(POITIERS, { message: 'Le samedi, c’est fermé depuis mars.', courriel: reporter });

    const forwarded = await act(g86, id, 'transmettre');
    expect(forwarded.statusCode).toBe(200);
    expect(forwarded.json()).toMatchObject({
      personne: 'sans-objet',
      message: expect.stringContaining(`transmis à la structure (${contact})`),
      signalement: { statut: 'transmis', transmisLe: NOW.toISOString(), traiteLe: null },
    });
    const mail = await smtp.waitForMessage(contact);
    expect(mail.subject).toBe('Une erreur est signalée sur « Médiathèque de Poitiers »');
    expect(mail.text).toContain('> Le samedi, c’est fermé depuis mars.');
    expect(mail.text).toContain('Ce qui serait faux : les horaires');
    expect(mail.text).not.toContain(reporter);
    // The structure's answer reaches the gestionnaire; the reporter is never given their address.
    expect(mail.replyTo).toBe(g86.user.email.toLowerCase());
    expect(mail.text).toContain('Répondez simplement à ce courriel');
    const jeton = linkFrom(mail.text);
    expect(jeton).not.toBe('');

    const opened = await app.inject({ method: 'GET', url: `/api/v1/structure/${jeton}` });
    expect(opened.statusCode).toBe(200);
    expect(opened.json().lieux.map((l: { id: string }) => l.id)).toEqual([POITIERS]);
    const elsewhere = await app.inject({ method: 'POST', url: `/api/v1/structure/${jeton}/lieux/${BORDEAUX}/confirmation` });
    expect(elsewhere.statusCode).toBe(403);
    const [invitation] = await db.select().from(lieuInvitations).where(eq(lieuInvitations.email, contact));
    expect(invitation!.lieuIds).toEqual([POITIERS]);
    const [stored] = await db.select().from(lieuReports).where(eq(lieuReports.id, id));
    expect(stored).toMatchObject({ status: 'transmis', forwardedInvitationId: invitation!.id, reporterNotifiedAt: null });
    // Forwarding tells the reporter nothing yet.
    expect(smtp.messages.filter((m) => m.to === reporter)).toEqual([]);

    const fixed = await act(g86, id, 'corriger', 'La structure a mis ses horaires à jour.');
    expect(fixed.statusCode).toBe(200);
    expect(fixed.json()).toMatchObject({ personne: 'informee', signalement: { statut: 'corrige', note: 'La structure a mis ses horaires à jour.' } });
    const told = await smtp.waitForMessage(reporter);
    expect(told.text).toContain('La structure a mis ses horaires à jour.');
    expect(told.replyTo).toBeNull();
  });

  itDb('the structure saving its lieu through the forwarded link closes the report as fixed by it and tells the reporter; « à jour » alone does not', async (db) => {
    const { app, contact, g86, report, act, list } = await setup(db);
    const reporter = `habitant.${unique()}@exemple.fr`;
    const id = await report(POITIERS, { message: 'Fermé le samedi depuis mars.', courriel: reporter });
    const notForwarded = await report(POITIERS, { categorie: 'contact', message: 'Le numéro ne répond pas.' });
    expect((await act(g86, id, 'transmettre')).statusCode).toBe(200);
    const jeton = linkFrom((await smtp.waitForMessage(contact)).text);
    const statusOf = async (reportId: string) => (await list(g86, 'departement=86&statut=nouveau&statut=transmis&statut=corrige&statut=rejete')).json().signalements.find((r: { id: string }) => r.id === reportId);

    // « Les informations sont à jour »: the lieu is confirmed, the report waits for the gestionnaire.
    expect((await app.inject({ method: 'POST', url: `/api/v1/structure/${jeton}/lieux/${POITIERS}/confirmation` })).statusCode).toBe(200);
    expect(await statusOf(id)).toMatchObject({ statut: 'transmis', traitePar: null });

    const { version } = (await app.inject({ url: `/api/v1/structure/${jeton}/lieux/${POITIERS}` })).json();
    const saved = await app.inject({
      method: 'PATCH',
      url: `/api/v1/structure/${jeton}/lieux/${POITIERS}`,
      // (The fixture's services are v0 wording: the structure's save brings them to the standard's.)
      payload: { version, changes: { horaires: 'Mo-Fr 09:00-12:00,14:00-17:00', services: ['Maîtrise des outils numériques du quotidien'] } },
    });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(await statusOf(id)).toMatchObject({ statut: 'corrige', traitePar: 'structure', traiteLe: NOW.toISOString(), personneInformeeLe: NOW.toISOString() });
    const told = await smtp.waitForMessage(reporter);
    expect(told.text).toContain('La structure qui accueille ce lieu a mis sa fiche à jour après votre signalement');
    // The report nobody forwarded stays for the gestionnaire; the closed one cannot be decided again.
    expect(await statusOf(notForwarded)).toMatchObject({ statut: 'nouveau', traitePar: null });
    expect((await act(g86, id, 'rejeter', 'Trop tard.')).statusCode).toBe(409);

    const changes = await listChanges(db, { entity: 'lieu_report', entityId: id });
    expect(changes.map((c) => c.action)).toEqual(['create', 'transmettre', 'corriger']);
    expect(changes[2]).toMatchObject({ actor: { kind: 'invitation' }, source: 'structure', after: { statut: 'corrige', parLaStructure: true, personneInformee: true } });
    // Saving again tells nobody twice.
    await app.inject({ method: 'PATCH', url: `/api/v1/structure/${jeton}/lieux/${POITIERS}`, payload: { version: version + 1, changes: { horaires: 'Mo-Fr 09:00-12:00' } } });
    expect(smtp.messages.filter((m) => m.to === reporter)).toHaveLength(1);
  });

  itDb('fixing tells the reporter the outcome by e-mail, exactly once; a closed report cannot be rejected (409, in French)', async (db) => {
    const { g86, report, act } = await setup(db);
    const reporter = `habitant.${unique()}@exemple.fr`;
    const id = await report(POITIERS, { courriel: reporter });

    const fixed = await act(g86, id, 'corriger');
    expect(fixed.statusCode).toBe(200);
    expect(fixed.json()).toMatchObject({
      personne: 'informee',
      message: 'Signalement marqué comme corrigé. La personne qui l’a fait en est informée par courriel.',
      signalement: { statut: 'corrige', traiteLe: NOW.toISOString(), personneInformeeLe: NOW.toISOString(), note: null },
    });
    const mail = await smtp.waitForMessage(reporter);
    expect(mail.subject).toBe('Votre signalement sur « Médiathèque de Poitiers »');
    expect(mail.text).toContain('a corrigé la fiche de ce lieu');
    expect(mail.text).toContain(`http://maillage.test/lieu/${POITIERS}`);

    for (const action of ['rejeter', 'corriger', 'transmettre']) {
      const again = await act(g86, id, action, 'Une seconde fois.');
      expect(again.statusCode, action).toBe(409);
      expect(again.headers['content-type']).toContain('application/problem+json');
      expect(again.json().detail).toMatch(/^Ce signalement est déjà clos \(marqué comme corrigé\)/);
    }
    expect(smtp.messages.filter((m) => m.to === reporter)).toHaveLength(1);
    const [stored] = await db.select().from(lieuReports).where(eq(lieuReports.id, id));
    expect(stored).toMatchObject({ status: 'corrige', moderationNote: null });
  });

  itDb('rejecting needs a note, and the reporter reads it', async (db) => {
    const { g86, report, act } = await setup(db);
    const reporter = `habitant.${unique()}@exemple.fr`;
    const id = await report(POITIERS, { categorie: 'contact', message: 'Le numéro ne répond jamais.', courriel: reporter });

    const withoutNote = await act(g86, id, 'rejeter', '  ');
    expect(withoutNote.statusCode).toBe(400);
    expect(withoutNote.json()).toMatchObject({ champ: 'note', detail: expect.stringContaining('expliquez') });
    expect((await db.select().from(lieuReports).where(eq(lieuReports.id, id)))[0]!.status).toBe('nouveau');

    const rejected = await act(g86, id, 'rejeter', 'Le numéro est le bon : la permanence répond le mardi.');
    expect(rejected.statusCode).toBe(200);
    expect(rejected.json()).toMatchObject({ personne: 'informee', signalement: { statut: 'rejete', note: 'Le numéro est le bon : la permanence répond le mardi.' } });
    const mail = await smtp.waitForMessage(reporter);
    expect(mail.text).toContain('n’a pas modifié la fiche');
    expect(mail.text).toContain('> Le numéro est le bon : la permanence répond le mardi.');
  });

  itDb('a reporter without an e-mail is not written to; unknown and malformed ids are refused', async (db) => {
    const { g86, admin, report, act } = await setup(db);
    const id = await report(POITIERS);
    const before = smtp.messages.length;
    const fixed = await act(g86, id, 'corriger');
    expect(fixed.json()).toMatchObject({ personne: 'sans-courriel', message: expect.stringContaining('n’a pas laissé d’adresse') });
    expect(smtp.messages.length).toBe(before);

    const unknown = await act(admin, '00000000-0000-4000-8000-000000000000', 'corriger');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ champ: 'id', detail: 'Aucun signalement ne porte cet identifiant.' });
    const malformed = await act(admin, 'pas-un-identifiant', 'corriger');
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().champ).toBe('id');
  });

  itDb('forwarding a report on a lieu without an e-mail is a 400 naming the field, and changes nothing', async (db) => {
    const { admin, report, act } = await setup(db);
    const id = await report(BORDEAUX);
    const res = await act(admin, id, 'transmettre');
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ champ: 'courriels', detail: expect.stringContaining('« France Services Bordeaux » n’a aucune adresse électronique') });
    expect((await db.select().from(lieuReports).where(eq(lieuReports.id, id)))[0]!.status).toBe('nouveau');
    expect(await db.select().from(lieuInvitations)).toEqual([]);
  });

  itDb('a simulated report (the demo’s year) is never forwarded to the real structure, but can be closed', async (db) => {
    const { contact, g86, list, act } = await setup(db);
    await insertReport(db, { simulated: true });
    const [simulated] = (await list(g86, 'departement=86')).json().signalements as Array<{ id: string; simule: boolean }>;
    expect(simulated).toMatchObject({ simule: true });
    const res = await act(g86, simulated!.id, 'transmettre');
    expect(res.statusCode).toBe(409);
    expect(res.json().detail).toContain('simulé pour la démonstration');
    expect(smtp.messages.filter((m) => m.to === contact)).toEqual([]);
    expect((await act(g86, simulated!.id, 'corriger')).statusCode).toBe(200);
  });

  itDb('when the SMTP server cannot be reached, forwarding records nothing and says so', async (db) => {
    // A real connection to a closed port: the e-mail cannot leave.
    const { g86, report, act } = await setup(db, { smtpUrl: 'smtp://127.0.0.1:9' });
    const id = await report(POITIERS);
    const res = await act(g86, id, 'transmettre');
    expect(res.statusCode).toBe(502);
    expect(res.json().detail).toMatch(/n’a pas pu partir .* rien n’a été enregistré/);
    expect((await db.select().from(lieuReports).where(eq(lieuReports.id, id)))[0]).toMatchObject({ status: 'nouveau', forwardedAt: null });
    expect(await db.select().from(lieuInvitations)).toEqual([]);
    expect((await listChanges(db, { entity: 'lieu_invitation' })).length).toBe(0);
  });

  itDb('an outcome e-mail that could not leave is tried again later by the scheduled job: sent once, even by two runs at a time', async (db) => {
    const { clock, g86, report, act } = await setup(db, { smtpUrl: 'smtp://127.0.0.1:9' });
    const reporter = `habitant.${unique()}@exemple.fr`;
    const id = await report(POITIERS, { courriel: reporter });
    expect((await act(g86, id, 'corriger')).json()).toMatchObject({ personne: 'echec', signalement: { statut: 'corrige', personneInformeeLe: null } });

    clock.advance(3_600_000);
    const working = { mailer: createMailer(testConfig({ SMTP_URL: smtp.url }), db), clock, publicUrl: 'http://maillage.test' };
    const runs = await Promise.all([retryReporterNotices(db, working), retryReporterNotices(db, working)]);
    expect(runs.reduce((n, r) => n + r.sent, 0)).toBe(1);
    expect((await smtp.waitForMessage(reporter)).text).toContain('a corrigé la fiche de ce lieu');
    expect(await retryReporterNotices(db, working)).toEqual({ sent: 0, failed: 0 });
    expect(smtp.messages.filter((m) => m.to === reporter)).toHaveLength(1);
    const changes = await listChanges(db, { entity: 'lieu_report', entityId: id });
    expect(changes.map((c) => c.action)).toEqual(['create', 'corriger', 'informer_echec', 'informer']);
    expect(changes[3]).toMatchObject({ actor: { kind: 'system' }, after: { personneInformee: true } });
  });

  itDb(`a failing outcome e-mail is not tried forever: at most ${REPORTER_RETRY_ATTEMPTS} failures, within ${REPORTER_RETRY_DAYS} days of the closing`, async (db) => {
    const { clock, g86, report, act } = await setup(db, { smtpUrl: 'smtp://127.0.0.1:9' });
    const failing = { mailer: createMailer(testConfig({ SMTP_URL: 'smtp://127.0.0.1:9' }), db), clock, publicUrl: 'http://maillage.test' };
    const working = { ...failing, mailer: createMailer(testConfig({ SMTP_URL: smtp.url }), db) };
    const stubborn = `injoignable.${unique()}@exemple.fr`;
    const stubbornId = await report(POITIERS, { courriel: stubborn });
    await act(g86, stubbornId, 'rejeter', 'Horaires vérifiés avec la mairie.');
    let failures = 0;
    for (let run = 0; run < REPORTER_RETRY_ATTEMPTS + 3; run++) failures += (await retryReporterNotices(db, failing)).failed;
    // The closing's own failure counts: REPORTER_RETRY_ATTEMPTS in all, then nothing more, even once the server is back.
    expect(failures).toBe(REPORTER_RETRY_ATTEMPTS - 1);
    expect(await retryReporterNotices(db, working)).toEqual({ sent: 0, failed: 0 });

    const late = `tardif.${unique()}@exemple.fr`;
    const lateId = await report(POITIERS, { courriel: late });
    await act(g86, lateId, 'corriger');
    clock.advance((REPORTER_RETRY_DAYS + 1) * 86_400_000);
    expect(await retryReporterNotices(db, working)).toEqual({ sent: 0, failed: 0 });
    expect(smtp.messages.filter((m) => m.to === stubborn || m.to === late)).toEqual([]);
  });

  itDb('every action is in the audit log, with who did it', async (db) => {
    const { g86, report, act } = await setup(db);
    const id = await report(POITIERS, { courriel: `habitant.${unique()}@exemple.fr` });
    await act(g86, id, 'transmettre');
    await act(g86, id, 'rejeter', 'La structure confirme ses horaires.');
    const changes = await listChanges(db, { entity: 'lieu_report', entityId: id });
    expect(changes.map((c) => c.action)).toEqual(['create', 'transmettre', 'rejeter']);
    expect(changes[1]).toMatchObject({ actor: { kind: 'user', id: g86.user.id }, before: { statut: 'nouveau' }, after: { statut: 'transmis' } });
    expect(changes[2]).toMatchObject({
      actor: { kind: 'user', id: g86.user.id },
      before: { statut: 'transmis' },
      after: { statut: 'rejete', note: 'La structure confirme ses horaires.', personneInformee: true },
    });
    expect(JSON.stringify(changes)).not.toContain('habitant.');
  });

  itDb('the figures of a territory: open at the period’s end, resolved within it, median hours to resolve', async (db) => {
    await insertLieux(db);
    await db.update(lieuxTables.lieux).set({ epci: GRAND_POITIERS }).where(eq(lieuxTables.lieux.id, POITIERS));
    const at = (iso: string) => new Date(iso);
    const rows = [
      // Resolved in March 2026 after 2 h, 5 h and 48 h: median 5 h.
      { key: 'a', lieuId: POITIERS, createdAt: at('2026-03-02T08:00:00Z'), resolvedAt: at('2026-03-02T10:00:00Z'), status: 'corrige' as const },
      { key: 'b', lieuId: POITIERS, createdAt: at('2026-03-10T08:00:00Z'), resolvedAt: at('2026-03-10T13:00:00Z'), status: 'rejete' as const },
      { key: 'c', lieuId: POITIERS, createdAt: at('2026-02-27T08:00:00Z'), resolvedAt: at('2026-03-01T08:00:00Z'), status: 'corrige' as const },
      // Open at the end of March: created in March, resolved in April; forwarded, never resolved.
      { key: 'd', lieuId: POITIERS, createdAt: at('2026-03-20T08:00:00Z'), resolvedAt: at('2026-04-02T08:00:00Z'), status: 'corrige' as const },
      { key: 'e', lieuId: POITIERS, createdAt: at('2026-03-25T08:00:00Z'), resolvedAt: null, status: 'transmis' as const },
      // Created after the period: not counted; another département: not counted.
      { key: 'f', lieuId: POITIERS, createdAt: at('2026-04-05T08:00:00Z'), resolvedAt: null, status: 'nouveau' as const },
      { key: 'g', lieuId: BORDEAUX, createdAt: at('2026-03-05T08:00:00Z'), resolvedAt: at('2026-03-05T09:00:00Z'), status: 'corrige' as const },
    ];
    const ids: Record<string, string> = {};
    for (const { key, lieuId, ...row } of rows) {
      const poitiers = lieuId === POITIERS;
      const [inserted] = await db
        .insert(lieuReports)
        .values({ ...row, lieuId, category: 'horaires', message: 'Horaires faux', ipHash: 'test', departement: poitiers ? '86' : '33', codeInsee: poitiers ? '86066' : '33063' })
        .returning({ id: lieuReports.id });
      ids[key] = inserted!.id;
    }
    // March 2026 in Paris time.
    const march = { from: at('2026-03-01T00:00:00+01:00'), to: at('2026-04-01T00:00:00+02:00') };
    for (const territory of [{ kind: 'departement', code: '86' }, { kind: 'epci', code: GRAND_POITIERS }, { kind: 'commune', code: '86066' }] as const) {
      const figures = await reportFigures(db, territory, march);
      expect(figures.resolved, JSON.stringify(territory)).toEqual({ count: 3, reportIds: [ids.c, ids.a, ids.b], lieuIds: [POITIERS] });
      expect(figures.open.count).toBe(2);
      expect(new Set(figures.open.reportIds)).toEqual(new Set([ids.d, ids.e]));
      expect(figures.medianHoursToResolve).toBe(5);
    }
    const gironde = await reportFigures(db, { kind: 'departement', code: '33' }, march);
    expect(gironde).toEqual({ open: { count: 0, reportIds: [], lieuIds: [] }, resolved: { count: 1, reportIds: [ids.g], lieuIds: [BORDEAUX] }, medianHoursToResolve: 1 });
    const empty = await reportFigures(db, { kind: 'departement', code: '86' }, { from: at('2025-01-01T00:00:00Z'), to: at('2025-02-01T00:00:00Z') });
    expect(empty).toEqual({ open: { count: 0, reportIds: [], lieuIds: [] }, resolved: { count: 0, reportIds: [], lieuIds: [] }, medianHoursToResolve: null });
  });
});
