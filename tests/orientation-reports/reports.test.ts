import { count, eq } from 'drizzle-orm';
import { expect } from 'vitest';
import { moderationModule } from '../../src/freshness';
import { getReferential } from '../../src/territory';
import { REPORT_LIMITS, REPORT_THANKS, lieuReports, reportsModule } from '../../src/orientation/reports';
import { listChanges } from '../../src/platform/audit';
import type { Database } from '../../src/platform/db';
import { buildApp, signedIn } from '../auth/support';
import { describeWithDatabases } from '../helpers/db';
import { BORDEAUX, POITIERS, insertLieux } from './support';

const valid = { categorie: 'horaires', message: 'Le lieu est fermé le samedi matin depuis mars.', courriel: '' };

async function setup(db: Database) {
  await insertLieux(db);
  return buildApp(db, { modules: [reportsModule, moderationModule(getReferential())] });
}

const report = (app: Awaited<ReturnType<typeof setup>>['app'], id: string, payload: Record<string, unknown>, ip = '203.0.113.7') =>
  app.inject({ method: 'POST', url: `/api/v1/lieux/${id}/signalements`, payload, remoteAddress: ip });

describeWithDatabases('orientation: error reports on lieux', ({ itDb }) => {
  itDb('a report is stored with the lieu territory, an audit entry and a hashed IP, and listed for the territory', async (db) => {
    const { app, config } = await setup(db);
    const res = await report(app, POITIERS, { ...valid, courriel: 'Habitant@Exemple.fr' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toEqual({ message: REPORT_THANKS });

    const rows = await db.select().from(lieuReports);
    expect(rows).toHaveLength(1);
    const row = rows[0]!;
    expect(row).toMatchObject({ lieuId: POITIERS, category: 'horaires', status: 'nouveau', departement: '86', codeInsee: '86066', reporterEmail: 'habitant@exemple.fr' });
    expect(row.ipHash).not.toContain('203.0.113.7');
    expect(row.ipHash).toMatch(/^[0-9a-f]{64}$/);
    const audit = await listChanges(db, { entity: 'lieu_report', entityId: row.id });
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit[0]!.after)).not.toContain('habitant@exemple.fr');

    const gestionnaire = await signedIn(db, config, { email: 'g86@exemple.fr', roles: [{ role: 'gestionnaire', perimetre: 'departement:86' }] });
    const list = await app.inject({ method: 'GET', url: '/api/v1/signalements?departement=86', cookies: gestionnaire.cookies });
    expect(list.statusCode).toBe(200);
    expect(list.json().signalements).toEqual([
      expect.objectContaining({ id: row.id, lieuId: POITIERS, lieuNom: 'Médiathèque de Poitiers', categorie: 'horaires', courriel: 'habitant@exemple.fr' }),
    ]);
    // The other département's list does not hold it, and this gestionnaire may not read that list.
    const admin = await signedIn(db, config, { email: 'admin@exemple.fr', roles: [{ role: 'admin', perimetre: 'national' }] });
    const other = await app.inject({ method: 'GET', url: '/api/v1/signalements?departement=33', cookies: admin.cookies });
    expect(other.json().signalements).toEqual([]);
    const forbidden = await app.inject({ method: 'GET', url: '/api/v1/signalements?departement=33', cookies: gestionnaire.cookies });
    expect(forbidden.statusCode).toBe(403);
    const anonymous = await app.inject({ method: 'GET', url: '/api/v1/signalements?departement=86' });
    expect(anonymous.statusCode).toBe(401);
    const mediateur = await signedIn(db, config, { email: 'm86@exemple.fr', roles: [{ role: 'mediateur', perimetre: 'departement:86' }] });
    expect((await app.inject({ method: 'GET', url: '/api/v1/signalements?departement=86', cookies: mediateur.cookies })).statusCode).toBe(403);
  });

  itDb('validation errors are in French and name the field', async (db) => {
    const { app } = await setup(db);
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ ...valid, categorie: 'prix' }, 'categorie'],
      [{ ...valid, message: 'abc' }, 'message'],
      [{ ...valid, message: 'x'.repeat(2001) }, 'message'],
      [{ ...valid, courriel: 'pas-une-adresse' }, 'courriel'],
    ];
    for (const [payload, champ] of cases) {
      const res = await report(app, POITIERS, payload);
      expect(res.statusCode, champ).toBe(400);
      expect(res.json().champ).toBe(champ);
      expect(res.json().detail).toContain(champ);
    }
    const [n] = await db.select({ n: count() }).from(lieuReports);
    expect(n!.n).toBe(0);
  });

  itDb('an unknown lieu is a 404 naming the id', async (db) => {
    const { app } = await setup(db);
    const res = await report(app, 'lieu-inconnu', valid);
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ champ: 'id' });
  });

  itDb('a filled honeypot gets the same answer and stores nothing', async (db) => {
    const { app } = await setup(db);
    const res = await report(app, POITIERS, { ...valid, site_web_confirmation: 'http://spam.example' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toEqual({ message: REPORT_THANKS });
    expect(await db.select().from(lieuReports)).toEqual([]);
  });

  itDb('the rate limit per IP answers 429 in French, other IPs still report', async (db) => {
    const { app } = await setup(db);
    for (let i = 0; i < REPORT_LIMITS.perIpPerHour; i++) {
      expect((await report(app, i % 2 ? POITIERS : BORDEAUX, valid)).statusCode).toBe(201);
    }
    const limited = await report(app, POITIERS, valid);
    expect(limited.statusCode).toBe(429);
    expect(limited.json().detail).toMatch(/réessayez dans une heure/);
    expect((await report(app, POITIERS, valid, '198.51.100.9')).statusCode).toBe(201);
    const stored = await db.select({ n: count() }).from(lieuReports).where(eq(lieuReports.lieuId, POITIERS));
    expect(stored[0]!.n).toBe(Math.floor(REPORT_LIMITS.perIpPerHour / 2) + 1);
  });

  itDb('the rate limit per lieu holds across IPs', async (db) => {
    const { app } = await setup(db);
    for (let i = 0; i < REPORT_LIMITS.perLieuPerHour; i++) {
      expect((await report(app, BORDEAUX, valid, `192.0.2.${i + 1}`)).statusCode).toBe(201);
    }
    const limited = await report(app, BORDEAUX, valid, '192.0.2.250');
    expect(limited.statusCode).toBe(429);
    expect(limited.json().detail).toMatch(/Ce lieu/);
    expect((await report(app, POITIERS, valid, '192.0.2.250')).statusCode).toBe(201);
  });
});
