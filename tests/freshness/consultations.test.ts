import { and, asc, eq, sql } from 'drizzle-orm';
import { expect } from 'vitest';
import { createConsultationCounter, reliabilityModule } from '../../src/freshness';
import { lieuConsultations } from '../../src/freshness/schema';
import { applyImport } from '../../src/lieux';
import { createOrientationIndex, orientationModule } from '../../src/orientation';
import type { Database } from '../../src/platform/db';
import { containsIn } from '../../src/territory';
import { buildApp, fixedClock, signedIn, testConfig } from '../auth/support';
import { describeWithDatabases } from '../helpers/db';
import { franceServices, referential } from '../lieux/support';

const fs = franceServices();
/** 1 December 23:30 UTC: already 2 December in Paris. */
const NOW = new Date('2026-12-01T23:30:00Z');
const HOUR = 3_600_000;

async function setup(db: Database) {
  await applyImport(db, fs, { source: 'france-services', full: true, actor: { kind: 'cli' }, fileName: null }, { referential });
  const config = testConfig();
  const clock = fixedClock(NOW);
  const counter = createConsultationCounter();
  const index = createOrientationIndex(db, { travelTime: config.travelTime, checkSeconds: 3600 });
  const { app } = await buildApp(db, {
    config,
    clock,
    modules: [orientationModule(referential, index, counter), reliabilityModule(referential, counter)],
    contains: containsIn(referential),
  });
  const gestionnaire = await signedIn(db, config, { email: `gestionnaire.${Math.random()}@vienne.example`, roles: [{ role: 'gestionnaire', perimetre: 'departement:86' }] });
  return { app, clock, counter, gestionnaire };
}

const rows = (db: Database) =>
  db
    .select({ lieuId: lieuConsultations.lieuId, day: lieuConsultations.day, kind: lieuConsultations.kind, count: lieuConsultations.count })
    .from(lieuConsultations)
    .orderBy(asc(lieuConsultations.day), asc(lieuConsultations.kind), asc(lieuConsultations.lieuId));
const total = async (db: Database) => Number((await db.select({ n: sql<number>`count(*)` }).from(lieuConsultations))[0]!.n);

describeWithDatabases('consultations counted without cookies', ({ itDb }) => {
  itDb('counts page views and appearances in results through HTTP, per Paris day, written only when flushed', async (db) => {
    const { app, clock, gestionnaire } = await setup(db);
    const search = await app.inject({ method: 'GET', url: '/api/v1/orientation?commune=86194&limite=5' });
    expect(search.statusCode).toBe(200);
    const shown = (search.json() as { resultats: Array<{ id: string }> }).resultats.map((r) => r.id);
    expect(shown).toHaveLength(5);
    await app.inject({ method: 'GET', url: '/api/v1/orientation?commune=86194&limite=2' });
    const lieu = shown[0]!;
    for (let i = 0; i < 3; i++) expect((await app.inject({ method: 'GET', url: `/api/v1/lieux/${lieu}/horaires` })).statusCode).toBe(200);
    // Not a view of the page: another week asked for, a gestionnaire checking the page, a lieu that does not exist.
    await app.inject({ method: 'GET', url: `/api/v1/lieux/${lieu}/horaires?date=2026-12-10` });
    await app.inject({ method: 'GET', url: `/api/v1/lieux/${lieu}/horaires`, cookies: gestionnaire.cookies });
    expect((await app.inject({ method: 'GET', url: '/api/v1/lieux/inconnu/horaires' })).statusCode).toBe(404);
    await app.inject({ method: 'GET', url: '/api/v1/orientation?commune=86194&limite=5', cookies: gestionnaire.cookies });
    // Nothing was written by the requests themselves.
    expect(await total(db)).toBe(0);

    // The dashboard writes what was counted before reading it.
    const day = (await app.inject({ method: 'GET', url: '/api/v1/fiabilite?departement=86&du=2026-12-02&au=2026-12-02', cookies: gestionnaire.cookies })).json() as {
      indicateurs: { consultations: { pages: number; resultats: number; lieuxConsultes: number } };
      consultations: Array<{ id: string; pages: number; resultats: number }>;
    };
    expect(day.indicateurs.consultations).toEqual({ pages: 3, resultats: 7, lieuxConsultes: 5 });
    expect(day.consultations[0]).toMatchObject({ id: lieu, pages: 3, resultats: 2 });
    expect(day.consultations.find((c) => c.id === shown[4])).toMatchObject({ pages: 0, resultats: 1 });
    const written = await rows(db);
    expect(new Set(written.map((r) => r.day))).toEqual(new Set(['2026-12-02']));
    expect(written.find((r) => r.lieuId === lieu && r.kind === 'page')!.count).toBe(3);
    expect(written).toHaveLength(6);

    // Later the same Paris day the counts add up on the same rows; after midnight in Paris, a new day begins.
    clock.advance(20 * HOUR);
    await app.inject({ method: 'GET', url: `/api/v1/lieux/${lieu}/horaires` });
    clock.advance(4 * HOUR);
    await app.inject({ method: 'GET', url: `/api/v1/lieux/${lieu}/horaires` });
    await app.inject({ method: 'GET', url: '/api/v1/fiabilite?departement=86', cookies: gestionnaire.cookies });
    const pages = await db
      .select({ day: lieuConsultations.day, count: lieuConsultations.count })
      .from(lieuConsultations)
      .where(and(eq(lieuConsultations.lieuId, lieu), eq(lieuConsultations.kind, 'page')))
      .orderBy(asc(lieuConsultations.day));
    expect(pages).toEqual([
      { day: '2026-12-02', count: 4 },
      { day: '2026-12-03', count: 1 },
    ]);
    await app.close();
  }, 120_000);

  itDb('writes what is counted when the server closes, adding to what another process wrote', async (db) => {
    const { app } = await setup(db);
    const search = await app.inject({ method: 'GET', url: '/api/v1/orientation?commune=86194&limite=1' });
    const [lieu] = (search.json() as { resultats: Array<{ id: string }> }).resultats.map((r) => r.id);
    await app.inject({ method: 'GET', url: `/api/v1/lieux/${lieu}/horaires` });

    // Another process counted the same lieu the same day and wrote first.
    const other = createConsultationCounter();
    other.count(null, [lieu!, lieu!], 'page', NOW);
    expect(await other.flush(db)).toBe(1);
    expect(other.pending()).toBe(0);

    expect(await total(db)).toBe(1);
    await app.close();
    expect(await rows(db)).toEqual([
      { lieuId: lieu, day: '2026-12-02', kind: 'page', count: 3 },
      { lieuId: lieu, day: '2026-12-02', kind: 'resultat', count: 1 },
    ]);
  }, 120_000);
});
