import { eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect } from 'vitest';
import { isToVerify } from '../../src/freshness';
import { DEFAULT_REMINDER_RULES } from '../../src/freshness/domain/reminders';
import { reminderLog, runReminders, startReminderSchedule, type ReminderDeps } from '../../src/freshness/reminders';
import { remindersModule } from '../../src/freshness/reminders-routes';
import { freshnessModule } from '../../src/freshness/routes';
import { reminderSendings } from '../../src/freshness/schema';
import { applyImport, listLieux, lieuxModule, lieuxTables } from '../../src/lieux';
import { auditLog } from '../../src/platform/audit';
import type { Database } from '../../src/platform/db';
import { createMailer } from '../../src/platform/mail';
import { containsIn } from '../../src/territory';
import { buildApp, fixedClock, PUBLIC_URL, signedIn, testConfig, type TestClock } from '../auth/support';
import { describeWithDatabases } from '../helpers/db';
import { startSmtpServer, type TestSmtpServer } from '../helpers/smtp';
import { franceServices, referential } from '../lieux/support';

const { lieux } = lieuxTables;
const fs = franceServices();
let smtp: TestSmtpServer;
/** An SMTP address nobody listens on: sending fails for real (connection refused). */
let deadSmtpUrl = '';
beforeAll(async () => {
  smtp = await startSmtpServer();
  const dead = await startSmtpServer();
  deadSmtpUrl = dead.url;
  await dead.close();
});
afterAll(async () => {
  await smtp.close();
});

/** The lieux under test entered the registry on 10 January 2026 (09:00 in Paris) and nobody confirmed them since. */
const T0 = new Date('2026-01-10T08:00:00Z');
const DAY = 86_400_000;
const linkFrom = (text: string) => /\/structure\/([A-Za-z0-9_-]{20,})/.exec(text)?.[1] ?? '';

interface LogEntry {
  lieu: { id: string };
  etape: string;
  destinataire: string | null;
  resultat: string;
  erreur: string | null;
  prochainRappel: string | null;
}

/**
 * The Vienne's France Services, every one entered in 2030 (never due) but three entered at T0: one with a contact
 * address, one without, one closed for good.
 */
async function setup(db: Database, options: { smtpUrl?: string; start: Date }) {
  smtp.messages.length = 0;
  await applyImport(db, fs, { source: 'france-services', full: true, actor: { kind: 'cli' }, fileName: null }, { referential });
  await db.update(lieux).set({ createdAt: new Date('2030-01-01T00:00:00Z'), confirmedAt: null });
  const rows = (await db.select({ id: lieux.id, data: lieux.data }).from(lieux).where(eq(lieux.departement, '86'))).sort((a, b) => (a.id < b.id ? -1 : 1));
  const [mine, silent, closed] = rows;
  await db.update(lieux).set({ createdAt: T0 }).where(inArray(lieux.id, [mine!.id, silent!.id, closed!.id]));
  await db.update(lieux).set({ data: sql`${lieux.data} || '{"courriels": []}'::jsonb` }).where(eq(lieux.id, silent!.id));
  await db.update(lieux).set({ status: { kind: 'ferme_definitivement', depuis: '2025-12-01' } }).where(eq(lieux.id, closed!.id));

  const clock = fixedClock(options.start);
  const config = testConfig({ SMTP_URL: options.smtpUrl ?? smtp.url });
  const deps: ReminderDeps = { mailer: createMailer(config, db), clock, publicUrl: PUBLIC_URL, config: DEFAULT_REMINDER_RULES, worker: 'test:1' };
  const { app } = await buildApp(db, { config, clock, modules: [lieuxModule(referential), freshnessModule(referential), remindersModule(referential)], contains: containsIn(referential) });
  const gestionnaire = await signedIn(db, config, { email: `g86.${Math.random()}@vienne.example`, roles: [{ role: 'gestionnaire', perimetre: 'departement:86' }] });
  const log = async () => ((await app.inject({ method: 'GET', url: '/api/v1/rappels?departement=86', ...gestionnaire })).json() as { envois: LogEntry[] }).envois;
  const freshness = async (id: string) =>
    (await app.inject({ method: 'GET', url: `/api/v1/lieux/${id}` })).json() as { confirmeLe: string | null; ajouteLe: string; aVerifier: boolean };
  const toVerify = async () =>
    ((await app.inject({ method: 'GET', url: '/api/v1/lieux?departement=86&a_verifier=true&limite=500' })).json() as { resultats: Array<{ id: string; aVerifier: boolean }> }).resultats;
  return { app, clock, deps, gestionnaire, log, freshness, toVerify, mine: { id: mine!.id, nom: mine!.data.nom, email: mine!.data.courriels![0]!.toLowerCase() }, silent: silent!, closed: closed! };
}

const at = (clock: TestClock, iso: string) => clock.advance(new Date(iso).getTime() - clock().getTime());

describeWithDatabases('confirmation reminders', ({ itDb }) => {
  itDb('first at five months with a working link, second three weeks later, none after; six months: « à vérifier »; a confirmation starts a new cycle', async (db) => {
    const { app, clock, deps, log, freshness, toVerify, mine, silent, closed } = await setup(db, { start: new Date('2026-06-10T07:59:00Z') });

    // One minute before five months: nothing.
    const early = await runReminders(db, deps);
    expect(early.due).toBe(0);
    expect(smtp.messages).toHaveLength(0);

    // Five months: a simulation says what would go, and sends nothing.
    clock.advance(60_000);
    const simulated = await runReminders(db, deps, { simulate: true });
    expect(simulated).toMatchObject({ simulation: true, due: 2, byStep: { 'premier-rappel': 2 }, results: { envoye: 1, 'sans-contact': 1 } });
    expect(smtp.messages).toHaveLength(0);
    expect(await log()).toEqual([]);

    // The first reminder, through the real SMTP server; the lieu without address is logged « sans contact ».
    const first = await runReminders(db, deps);
    expect(first).toMatchObject({ due: 2, results: { envoye: 1, echec: 0, 'sans-contact': 1 }, claimedElsewhere: 0 });
    const mail = await smtp.waitForMessage(mine.email);
    expect(mail.subject).toContain(mine.nom);
    expect(mail.text).toContain('publiées le 10 janvier 2026');
    expect(mail.text).toContain('« Les informations sont à jour »');
    expect(mail.text).toContain('Sans confirmation d’ici le 10 juillet 2026');
    const opened = await app.inject({ method: 'GET', url: `/api/v1/structure/${linkFrom(mail.text)}` });
    expect(opened.statusCode).toBe(200);
    expect((opened.json() as { lieux: Array<{ id: string }> }).lieux.map((l) => l.id)).toEqual([mine.id]);

    const logged = await log();
    expect(logged).toHaveLength(2);
    expect(logged.find((e) => e.lieu.id === mine.id)).toMatchObject({ etape: 'premier-rappel', destinataire: mine.email, resultat: 'envoye', prochainRappel: '2026-07-01T08:00:00.000Z' });
    expect(logged.find((e) => e.lieu.id === silent.id)).toMatchObject({ etape: 'premier-rappel', destinataire: null, resultat: 'sans-contact', prochainRappel: null });

    // Again the same day: nothing more.
    clock.advance(2 * 3_600_000);
    expect((await runReminders(db, deps)).due).toBe(0);
    expect(smtp.messages).toHaveLength(1);

    // Three weeks after the first: the second, once; the lieu without address is not logged again.
    at(clock, '2026-07-01T07:59:00Z');
    expect((await runReminders(db, deps)).due).toBe(0);
    clock.advance(60_000);
    expect((await runReminders(db, deps)).results).toEqual({ envoye: 1, echec: 0, 'sans-contact': 0 });
    const second = await smtp.waitForMessage(mine.email);
    expect(second.subject).toMatch(/^Rappel/);
    const afterSecond = (await log()).filter((e) => e.lieu.id === mine.id);
    expect(afterSecond.map((e) => e.etape)).toEqual(['second-rappel', 'premier-rappel']);
    expect(afterSecond.map((e) => e.prochainRappel)).toEqual([null, null]);

    // Six months without confirmation: « à vérifier », in the list and on the lieu; still no third reminder.
    at(clock, '2026-07-10T07:59:59Z');
    expect((await freshness(mine.id)).aVerifier).toBe(false);
    clock.advance(1000);
    expect(await freshness(mine.id)).toEqual(expect.objectContaining({ aVerifier: true, confirmeLe: null, ajouteLe: T0.toISOString() }));
    expect((await toVerify()).map((l) => l.id).sort()).toEqual([mine.id, silent.id].sort());
    // Four weeks after the second (the link it carried still valid): no third reminder.
    at(clock, '2026-07-30T10:00:00Z');
    expect((await runReminders(db, deps)).due).toBe(0);
    expect(smtp.messages).toHaveLength(2);

    // The structure confirms through the second e-mail's link…
    const confirmed = await app.inject({ method: 'POST', url: `/api/v1/structure/${linkFrom(second.text)}/lieux/${mine.id}/confirmation` });
    expect(confirmed.statusCode).toBe(200);
    expect(await freshness(mine.id)).toEqual(expect.objectContaining({ aVerifier: false, confirmeLe: '2026-07-30T10:00:00.000Z' }));
    expect((await toVerify()).map((l) => l.id)).toEqual([silent.id]);

    // …which starts a new cycle: nothing until five months after it, then a first reminder again.
    at(clock, '2026-12-30T09:59:00Z');
    expect((await runReminders(db, deps)).due).toBe(0);
    clock.advance(60_000);
    expect((await runReminders(db, deps)).results).toEqual({ envoye: 1, echec: 0, 'sans-contact': 0 });
    const newCycle = await smtp.waitForMessage(mine.email);
    expect(newCycle.text).toContain('confirmées pour la dernière fois le 30 juillet 2026');
    // (The test sessions expire a week after the real today: the log read directly from here on.)
    const finalLog = await reminderLog(db, { departement: '86' }, clock(), DEFAULT_REMINDER_RULES);
    expect(finalLog.filter((e) => e.lieu.id === mine.id).map((e) => e.etape)).toEqual(['premier-rappel', 'second-rappel', 'premier-rappel']);

    // Never anything for the lieu closed for good; every sending audited with its link.
    expect(finalLog.some((e) => e.lieu.id === closed.id)).toBe(false);
    const audited = await db.select().from(auditLog).where(eq(auditLog.source, 'rappel'));
    expect(audited.filter((a) => a.entity === 'reminder_sending').map((a) => a.action).sort()).toEqual(['no_contact', 'send', 'send', 'send']);
    expect(audited.filter((a) => a.entity === 'lieu_invitation')).toHaveLength(3);
  });

  itDb('a contact keeping several lieux gets one e-mail per step, with one link for all of them', async (db) => {
    const { app, clock, deps, log, mine } = await setup(db, { start: new Date('2026-06-10T08:00:00Z') });
    // A second lieu of the Vienne, entered at the same time, kept by the same contact.
    const [other] = await db
      .select({ id: lieux.id, data: lieux.data })
      .from(lieux)
      .where(sql`${lieux.departement} = '86' and ${lieux.createdAt} > ${T0.toISOString()}::timestamptz`)
      .orderBy(lieux.id)
      .limit(1);
    await db
      .update(lieux)
      .set({ createdAt: T0, data: { ...other!.data, courriels: [mine.email] } })
      .where(eq(lieux.id, other!.id));

    const first = await runReminders(db, deps);
    expect(first.results).toEqual({ envoye: 2, echec: 0, 'sans-contact': 1 });
    const mail = await smtp.waitForMessage(mine.email);
    expect(smtp.messages.filter((m) => m.to === mine.email)).toHaveLength(1);
    expect(mail.subject).toBe('Vos 2 lieux : vos informations sont-elles à jour ?');
    expect(mail.text).toContain(`- « ${mine.nom} » : publiées le 10 janvier 2026`);
    expect(mail.text).toContain(`- « ${other!.data.nom} » : publiées le 10 janvier 2026`);
    expect(mail.text).toContain('Pour chaque lieu, si tout est juste');
    const opened = await app.inject({ method: 'GET', url: `/api/v1/structure/${linkFrom(mail.text)}` });
    expect((opened.json() as { lieux: Array<{ id: string }> }).lieux.map((l) => l.id).sort()).toEqual([mine.id, other!.id].sort());
    const logged = (await log()).filter((e) => e.destinataire === mine.email);
    expect(logged.map((e) => [e.lieu.id, e.resultat]).sort()).toEqual([[mine.id, 'envoye'], [other!.id, 'envoye']].sort());

    // One of them is confirmed through the link: three weeks later, the second reminder is for the other one only.
    await app.inject({ method: 'POST', url: `/api/v1/structure/${linkFrom(mail.text)}/lieux/${mine.id}/confirmation` });
    clock.advance(21 * DAY);
    expect((await runReminders(db, deps)).results).toEqual({ envoye: 1, echec: 0, 'sans-contact': 0 });
    const second = await smtp.waitForMessage(mine.email);
    expect(second.subject).toBe(`Rappel : les informations de « ${other!.data.nom} » sont-elles à jour ?`);
  });

  itDb('an SMTP failure is logged « echec » with its reason, and the second reminder tries again three weeks later', async (db) => {
    const { clock, deps, log, mine } = await setup(db, { smtpUrl: deadSmtpUrl, start: new Date('2026-06-10T08:00:00Z') });
    const failed = await runReminders(db, deps);
    expect(failed.results).toEqual({ envoye: 0, echec: 1, 'sans-contact': 1 });
    const entry = (await log()).find((e) => e.lieu.id === mine.id)!;
    expect(entry).toMatchObject({ etape: 'premier-rappel', resultat: 'echec', destinataire: mine.email });
    expect(entry.erreur).toMatch(/ECONNREFUSED|connect/i);
    expect((await runReminders(db, deps)).due).toBe(0);
    clock.advance(21 * DAY);
    expect((await runReminders(db, deps)).byStep).toEqual({ 'premier-rappel': 0, 'second-rappel': 1 });
  });

  itDb('a claim left « en cours » by a stopped process is never re-sent and shows as interrupted', async (db) => {
    const { clock, deps, log, mine } = await setup(db, { start: new Date('2026-06-10T09:00:00Z') });
    // A process claimed the first reminder an hour ago, then died before recording anything.
    await db.insert(reminderSendings).values({ lieuId: mine.id, step: 'premier-rappel', anchor: T0, email: mine.email, claimedBy: 'ailleurs:42', claimedAt: new Date('2026-06-10T08:00:00Z') });
    const run = await runReminders(db, deps);
    expect(run.interrupted).toBe(1);
    expect(run.results.envoye).toBe(0);
    expect(smtp.messages.filter((m) => m.to === mine.email)).toHaveLength(0);
    expect((await log()).find((e) => e.lieu.id === mine.id)).toMatchObject({ resultat: 'interrompu', etape: 'premier-rappel' });
    // The cycle goes on: the second reminder three weeks after the claim.
    clock.advance(21 * DAY);
    expect((await runReminders(db, deps)).results.envoye).toBe(1);
    expect((await smtp.waitForMessage(mine.email)).subject).toMatch(/^Rappel/);
  });

  itDb('the SQL filter « à vérifier » agrees with isToVerify on calendar edges (end of month, milliseconds, confirmations)', async (db) => {
    await applyImport(db, fs, { source: 'france-services', full: true, actor: { kind: 'cli' }, fileName: null }, { referential });
    const ids = (await db.select({ id: lieux.id }).from(lieux).orderBy(lieux.id)).map((r) => r.id);
    const now = new Date('2027-02-28T10:00:00Z');
    const dates: Array<[string, string | null]> = [
      ['2026-08-31 10:00:00+00', null], // + 6 months = 28 February, 10:00: à vérifier
      ['2026-08-31 10:00:00.0005+00', null], // same millisecond
      ['2026-08-28 10:00:00.001+00', null], // 1 ms too young
      ['2026-08-28 09:59:59.999+00', null],
      ['2026-08-31 23:30:00+00', null], // 1 September in Paris: calendar months counted in UTC, as addMonths
      ['2026-01-01 00:00:00+00', '2026-09-01 00:00:00+00'], // confirmed since: not yet
      ['2026-01-01 00:00:00+00', '2026-08-28 10:00:00+00'], // confirmed, but long ago
    ];
    for (const [i, [created, confirmed]] of dates.entries()) {
      await db.execute(sql`update ${lieux} set created_at = ${created}::timestamptz, confirmed_at = ${confirmed}::timestamptz where id = ${ids[i]!}`);
    }
    const rows = await db.select({ id: lieux.id, confirmedAt: lieux.confirmedAt, createdAt: lieux.createdAt }).from(lieux).where(inArray(lieux.id, ids.slice(0, dates.length)));
    const expected = rows.filter((r) => isToVerify(r, now)).map((r) => r.id).sort();
    expect(expected).toEqual([ids[0], ids[1], ids[3], ids[6]].sort());
    const listed = await listLieux(db, {}, { limit: 500 }, now);
    expect(listed.items.map((i) => i.id).filter((id) => ids.slice(0, dates.length).includes(id)).sort()).toEqual(expected);
  });

  itDb('the sending log: the territory’s gestionnaires, a clear error for a bad territory', async (db) => {
    const { app, gestionnaire } = await setup(db, { start: new Date('2026-06-10T08:00:00Z') });
    expect((await app.inject({ method: 'GET', url: '/api/v1/rappels?departement=86', ...gestionnaire })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/api/v1/rappels?departement=33', ...gestionnaire })).statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: '/api/v1/rappels', ...gestionnaire })).statusCode).toBe(403);
    const bad = await app.inject({ method: 'GET', url: '/api/v1/rappels?departement=8x', ...gestionnaire });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ champ: 'departement' });
    const two = await app.inject({ method: 'GET', url: '/api/v1/rappels?departement=86&commune=86194', ...gestionnaire });
    expect(two.statusCode).toBe(400);
    expect(two.json()).toMatchObject({ detail: expect.stringContaining('un seul territoire') });
  });
});

describeWithDatabases('the server’s reminder timer', ({ itDb }) => {
  const logger = () => {
    const lines: string[] = [];
    let notify: (line: string) => void = () => undefined;
    const next = new Promise<string>((resolve) => (notify = resolve));
    const push = (line: string) => {
      lines.push(line);
      notify(line);
    };
    return { lines, next, log: { info: push, error: push } };
  };
  const contextOf = async (db: Database, env: Record<string, string>) => {
    const { mine } = await setup(db, { start: new Date('2026-06-10T08:00:00Z') });
    const config = testConfig({ SMTP_URL: smtp.url, SEED_DEMO: 'false', ...env });
    return { mine, ctx: { config, db, mailer: createMailer(config, db), clock: () => new Date('2026-06-10T08:00:00Z'), contains: containsIn(referential) } };
  };

  itDb('runs the job on its own when an interval is set, and stops cleanly', async (db) => {
    const { mine, ctx } = await contextOf(db, { REMINDERS_INTERVAL_MINUTES: '60' });
    const { next, log } = logger();
    const schedule = startReminderSchedule(ctx, log, 1);
    expect(await next).toBe('Relances : 1 envoyée(s), 0 en échec, 1 lieu(x) sans courriel, 0 prise(s) par un autre processus');
    await schedule.stop();
    expect((await smtp.waitForMessage(mine.email)).text).toContain(mine.nom);
  });

  itDb('stays off under tests by default, and with the demo on a real SMTP server (its lieux are real structures)', async (db) => {
    const off = await contextOf(db, {});
    const quiet = logger();
    await startReminderSchedule(off.ctx, quiet.log, 1).stop();
    const demo = await contextOf(db, { REMINDERS_INTERVAL_MINUTES: '60', SEED_DEMO: 'true' });
    const warned = logger();
    const schedule = startReminderSchedule(demo.ctx, warned.log, 1);
    expect(await warned.next).toMatch(/^Relances automatiques désactivées : la démonstration est installée/);
    await schedule.stop();
    expect(quiet.lines).toEqual([]);
    expect(smtp.messages).toHaveLength(0);
    expect(await db.select().from(reminderSendings)).toEqual([]);
  });
});
