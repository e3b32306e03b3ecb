import { expect, vi } from 'vitest';
import { applyImport, setLieuStatus } from '../../src/lieux';
import { createOrientationIndex, orientationModule } from '../../src/orientation';
import type { AppContext } from '../../src/platform/context';
import type { Database } from '../../src/platform/db';
import { createApp } from '../../src/platform/http';
import { createMailer } from '../../src/platform/mail';
import { testConfig, testContains } from '../auth/support';
import { describeWithDatabases } from '../helpers/db';
import { franceServices, referential } from '../lieux/support';

const fs = franceServices();
const NOW = new Date('2026-12-01T10:00:00+01:00');

async function setup(db: Database) {
  await applyImport(db, fs, { source: 'france-services', full: true, actor: { kind: 'cli' }, fileName: null }, { referential });
  const config = testConfig();
  const index = createOrientationIndex(db, { travelTime: config.travelTime, checkSeconds: 3600 });
  const ctx: AppContext = { config, db, mailer: createMailer(config, db), clock: () => NOW, contains: testContains };
  const { app } = await createApp(ctx, [orientationModule(referential, index)]);
  return { app, index };
}

describeWithDatabases('orientation API over the registry', ({ itDb }) => {
  itDb('answers from the lieux table, ranked by travel time, and forgets a lieu closed for good', async (db) => {
    const { app, index } = await setup(db);
    const url = '/api/v1/orientation?commune=86194&rayon_km=100&limite=100';
    const first = await app.inject({ method: 'GET', url });
    expect(first.statusCode).toBe(200);
    const body = first.json() as { total: number; resultats: Array<Record<string, unknown>> };
    expect(body.total).toBeGreaterThan(3);
    expect(Object.keys(body.resultats[0]!).sort()).toEqual(
      [
        ...['adresse', 'code_insee', 'commune', 'distance_km', 'duree_estimee_min', 'id', 'itinerance', 'nom', 'ouvert'],
        ...['prochaine_ouverture', 'services', 'modalites_acces', 'frais_a_charge', 'telephone', 'prise_rdv', 'latitude', 'longitude'],
      ].sort(),
    );
    // How to go comes with each result: the list needs no second request per lieu.
    expect(body.resultats.some((r) => typeof r.telephone === 'string' && /^\+?\d/.test(r.telephone))).toBe(true);
    expect(body.resultats.every((r) => Array.isArray(r.modalites_acces) && typeof r.latitude === 'number')).toBe(true);
    const minutes = body.resultats.map((r) => r.duree_estimee_min as number);
    expect(minutes).toEqual([...minutes].sort((a, b) => a - b));
    const count = await app.inject({ method: 'GET', url: '/api/v1/orientation/compte?commune=86194&rayon_km=100' });
    expect(count.json()).toEqual({ total: body.total });

    const gone = body.resultats[0]!.id as string;
    const outcome = await setLieuStatus(db, gone, { kind: 'ferme_definitivement', depuis: '2026-11-30' }, { kind: 'cli' });
    expect(outcome.kind).toBe('ok');
    // Without invalidation (check every hour) the snapshot is unchanged…
    expect(((await app.inject({ method: 'GET', url })).json() as { total: number }).total).toBe(body.total);
    await index.invalidate();
    const after = (await app.inject({ method: 'GET', url })).json() as { total: number; resultats: Array<{ id: string }> };
    expect(after.total).toBe(body.total - 1);
    expect(after.resultats.map((r) => r.id)).not.toContain(gone);
    await app.close();
  });

  itDb('refreshes by itself when the registry changed and the check interval passed', async (db) => {
    await applyImport(db, fs, { source: 'france-services', full: true, actor: { kind: 'cli' }, fileName: null }, { referential });
    let now = Date.parse('2026-12-01T09:00:00Z');
    const index = createOrientationIndex(db, { travelTime: testConfig().travelTime, checkSeconds: 10, clock: () => new Date(now) });
    const query = { lat: 46.58, lon: 0.34, rayonKm: 100, now: NOW, limite: 5 };
    const before = (await index.engine()).search(query);
    const gone = before.resultats[0]!.id;
    await setLieuStatus(db, gone, { kind: 'ferme_definitivement', depuis: '2026-11-30' }, { kind: 'cli' }, { clock: () => new Date(now + 1000) });
    now += 11_000;
    await index.engine(); // starts the check; the previous snapshot answers meanwhile
    // The rebuild runs in the background: wait for it (generously: the machine may be busy), never for a fixed time.
    await vi.waitFor(() => expect(index.stats().rebuilds).toBe(2), { timeout: 20_000, interval: 20 });
    const after = (await index.engine()).search(query);
    expect(after.total).toBe(before.total - 1);
    expect(after.resultats.map((r) => r.id)).not.toContain(gone);
  });

  itDb('rejects bad input with a 400 naming the parameter, in French', async (db) => {
    const { app } = await setup(db);
    const cases: Array<[string, string, RegExp]> = [
      ['commune=99999', 'commune', /commune inconnue/],
      ['commune=86194&rayon_km=-3', 'rayon_km', /rayon/],
      ['commune=86194&rayon_km=1000', 'rayon_km', /entre 1 et 100/],
      ['commune=86194&ouvert_a=demain', 'ouvert_a', /ISO 8601/],
      ['commune=86194&ouvert_a=2026-12-01T10:00:00', 'ouvert_a', /fuseau/],
      ['commune=86194&services=Cuisine', 'services', /service inconnu « Cuisine ».*Aide aux démarches administratives/],
      ['rayon_km=10', 'commune', /commune.*lat et lon/],
      ['lat=46.5', 'lon', /lon/],
      ['commune=86194&limite=500', 'limite', /limite/],
      ['commune=86194&publics=Martiens', 'publics', /public inconnu/],
    ];
    for (const [query, champ, message] of cases) {
      for (const path of ['/api/v1/orientation', '/api/v1/orientation/compte']) {
        if (path.endsWith('compte') && champ === 'limite') continue;
        const response = await app.inject({ method: 'GET', url: `${path}?${query}` });
        expect(response.statusCode, `${path}?${query}`).toBe(400);
        const problem = response.json() as { champ?: string; detail: string };
        expect(problem.champ, query).toBe(champ);
        expect(problem.detail, query).toMatch(message);
      }
    }
    const ok = await app.inject({
      method: 'GET',
      url: `/api/v1/orientation?lat=46.58&lon=0.34&services=${encodeURIComponent('Aide aux démarches administratives')}&ouvert_a=${encodeURIComponent('2026-12-01T10:00:00+01:00')}`,
    });
    expect(ok.statusCode).toBe(200);
    for (const r of (ok.json() as { resultats: Array<{ ouvert: boolean; services: string[] }> }).resultats) {
      expect(r.ouvert).toBe(true);
      expect(r.services).toContain('Aide aux démarches administratives');
    }
    await app.close();
  });

  itDb('gives a lieu’s week of hours in Paris time, today marked, and 404 for an unknown lieu', async (db) => {
    const { app } = await setup(db);
    const withHours = (await app.inject({ method: 'GET', url: '/api/v1/orientation?commune=86194&rayon_km=100&limite=100' })).json() as {
      resultats: Array<{ id: string; ouvert: boolean | null; prochaine_ouverture: string | null }>;
    };
    const hit = withHours.resultats.find((r) => r.ouvert !== null)!;
    const response = await app.inject({ method: 'GET', url: `/api/v1/lieux/${hit.id}/horaires` });
    expect(response.statusCode).toBe(200);
    const week = response.json() as {
      lisibles: boolean;
      ouvert: boolean | null;
      prochaine_ouverture: string | null;
      semaine: Array<{ jour: string; date: string; aujourdhui: boolean; creneaux: string }>;
    };
    expect(week.lisibles).toBe(true);
    expect(week.semaine.map((d) => d.jour)).toEqual(['lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche']);
    // NOW is Tuesday 1 December 2026, 10:00 in Paris: the week starts Monday 30 November.
    expect(week.semaine[0]!.date).toBe('2026-11-30');
    expect(week.semaine.filter((d) => d.aujourdhui).map((d) => d.date)).toEqual(['2026-12-01']);
    // The same open state and phrase as the orientation results at the same instant.
    expect({ ouvert: week.ouvert, prochaine_ouverture: week.prochaine_ouverture }).toEqual({ ouvert: hit.ouvert, prochaine_ouverture: hit.prochaine_ouverture });
    // Another week by date: the week that contains it; "today" stays today.
    const christmas = (await app.inject({ method: 'GET', url: `/api/v1/lieux/${hit.id}/horaires?date=2026-12-25` })).json() as typeof week;
    expect(christmas.semaine[0]!.date).toBe('2026-12-21');
    expect(christmas.semaine.every((d) => !d.aujourdhui)).toBe(true);

    const missing = await app.inject({ method: 'GET', url: '/api/v1/lieux/inconnu123/horaires' });
    expect(missing.statusCode).toBe(404);
    const bad = await app.inject({ method: 'GET', url: `/api/v1/lieux/${hit.id}/horaires?date=25-12-2026` });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ champ: 'date' });
  });
});
