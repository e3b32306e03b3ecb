import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/platform/config';
import { openDatabase, type DatabaseHandle } from '../../src/platform/db';
import { createApp, type App } from '../../src/platform/http';
import type { Mailer } from '../../src/platform/mail';
import { containsIn } from '../../src/territory/domain/referential';
import { getReferential } from '../../src/territory/referential-loader';
import { territoryModule } from '../../src/territory/routes';

const referential = getReferential();
const mailer: Mailer = { kind: 'outbox', send: async () => undefined, close: async () => undefined };
let handle: DatabaseHandle;
let app: App['app'];
let routes: App['routes'];

beforeAll(async () => {
  handle = await openDatabase({ kind: 'pglite-memory' });
  const ctx = { config: loadConfig({}), db: handle.db, mailer, clock: () => new Date(), contains: containsIn(referential) };
  ({ app, routes } = await createApp(ctx, [territoryModule(referential)]));
});
afterAll(async () => {
  await app?.close();
  await handle?.close();
});

const get = (url: string) => app.inject({ method: 'GET', url });

function expectProblem(response: Awaited<ReturnType<typeof get>>, status: number, champ: string, detail: RegExp) {
  expect(response.statusCode).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = response.json();
  expect(body.status).toBe(status);
  expect(body.champ).toBe(champ);
  expect(body.detail).toMatch(detail);
}

describe('territory API', () => {
  it('declares every route public and under /api/v1/territoires', () => {
    const mine = routes.filter((r) => r.url.startsWith('/api/v1/territoires'));
    expect(mine.map((r) => `${r.method} ${r.url}`).sort()).toEqual([
      'GET /api/v1/territoires/communes',
      'GET /api/v1/territoires/communes/:code',
      'GET /api/v1/territoires/departements/:code',
      'GET /api/v1/territoires/epci/:siren',
    ]);
    for (const r of mine) expect(r.access).toEqual({ kind: 'public' });
  });

  describe('GET /api/v1/territoires/communes?q=', () => {
    it('searches communes by name, best first', async () => {
      const response = await get('/api/v1/territoires/communes?q=chatelerault');
      expect(response.statusCode).toBe(200);
      const { resultats } = response.json();
      expect(resultats[0]).toEqual({
        code: '86066',
        nom: 'Châtellerault',
        departement: '86',
        codesPostaux: ['86100'],
        population: referential.communes.get('86066')!.population,
      });
    });

    it('searches by postcode and applies limite', async () => {
      const all = (await get('/api/v1/territoires/communes?q=86400&limite=50')).json().resultats;
      const expected = [...referential.communes.values()].filter((c) => c.codesPostaux.includes('86400'));
      expect(all.map((r: { code: string }) => r.code).sort()).toEqual(expected.map((c) => c.code).sort());
      const two = (await get('/api/v1/territoires/communes?q=86400&limite=2')).json().resultats;
      expect(two).toEqual(all.slice(0, 2));
    });

    it('answers 10 results by default', async () => {
      expect((await get('/api/v1/territoires/communes?q=saint')).json().resultats).toHaveLength(10);
    });

    it('requires q, names it, in French', async () => {
      expectProblem(await get('/api/v1/territoires/communes'), 400, 'q', /obligatoire/);
      expectProblem(await get('/api/v1/territoires/communes?q=%20%20'), 400, 'q', /obligatoire/);
      expectProblem(await get(`/api/v1/territoires/communes?q=${'a'.repeat(101)}`), 400, 'q', /100 caractères/);
    });

    it('rejects a limite out of 1–50', async () => {
      for (const limite of ['0', '51', 'abc', '2.5']) {
        expectProblem(await get(`/api/v1/territoires/communes?q=paris&limite=${limite}`), 400, 'limite', /entier entre 1 et 50/);
      }
    });
  });

  describe('GET /api/v1/territoires/communes/{code}', () => {
    it('describes a commune', async () => {
      const response = await get('/api/v1/territoires/communes/86066');
      expect(response.statusCode).toBe(200);
      const c = referential.communes.get('86066')!;
      const e = referential.epci.get(c.epci!)!;
      expect(response.json()).toEqual({
        code: '86066',
        nom: 'Châtellerault',
        departement: { code: '86', nom: 'Vienne' },
        region: { code: '75', nom: 'Nouvelle-Aquitaine' },
        epci: { siren: e.siren, nom: e.nom },
        population: c.population,
        codesPostaux: ['86100'],
        centre: { lat: c.lat, lon: c.lon },
      });
    });

    it('answers epci: null for a commune outside any EPCI', async () => {
      const body = (await get('/api/v1/territoires/communes/29155')).json();
      expect(body.nom).toBe('Ouessant');
      expect(body.epci).toBeNull();
    });

    it('rejects a malformed code with 400 naming code', async () => {
      for (const code of ['2C001', '1234', '860660']) {
        expectProblem(await get(`/api/v1/territoires/communes/${code}`), 400, 'code', /code commune INSEE invalide/);
      }
    });

    it('answers 404 in French for an unknown code', async () => {
      expectProblem(await get('/api/v1/territoires/communes/86999'), 404, 'code', /Aucune commune ne porte le code INSEE 86999/);
    });
  });

  describe('GET /api/v1/territoires/epci/{siren}', () => {
    it('lists its communes and total population', async () => {
      const siren = referential.communes.get('86066')!.epci!;
      const response = await get(`/api/v1/territoires/epci/${siren}`);
      expect(response.statusCode).toBe(200);
      const body = response.json();
      const members = [...referential.communes.values()].filter((c) => c.epci === siren);
      expect(body.siren).toBe(siren);
      expect(body.communes).toHaveLength(members.length);
      expect(body.communes).toContainEqual({ code: '86066', nom: 'Châtellerault', population: members.find((m) => m.code === '86066')!.population });
      expect(body.population).toBe(members.reduce((s, m) => s + (m.population ?? 0), 0));
      expect(body.departements).toEqual([{ code: '86', nom: 'Vienne' }]);
    });

    it('rejects a malformed SIREN and answers 404 for an unknown one', async () => {
      expectProblem(await get('/api/v1/territoires/epci/12345'), 400, 'siren', /SIREN d'EPCI invalide/);
      expectProblem(await get('/api/v1/territoires/epci/999999999'), 404, 'siren', /Aucun EPCI ne porte le SIREN 999999999/);
    });
  });

  describe('GET /api/v1/territoires/departements/{code}', () => {
    it('describes a département with its région and EPCI', async () => {
      const response = await get('/api/v1/territoires/departements/86');
      expect(response.statusCode).toBe(200);
      const body = response.json();
      expect(body).toMatchObject({ code: '86', nom: 'Vienne', region: { code: '75', nom: 'Nouvelle-Aquitaine' } });
      const epciHere = [...referential.epci.values()].filter((e) => e.departements.includes('86'));
      expect(body.epci.map((e: { siren: string }) => e.siren).sort()).toEqual(epciHere.map((e) => e.siren).sort());
      const grand = body.epci.find((e: { siren: string }) => e.siren === referential.communes.get('86066')!.epci);
      expect(grand.nombreCommunes).toBe(referential.epci.get(grand.siren)!.communes.length);
      expect(body.nombreCommunes).toBe([...referential.communes.values()].filter((c) => c.departement === '86').length);
    });

    it('accepts Corsican and overseas codes', async () => {
      expect((await get('/api/v1/territoires/departements/2A')).json().nom).toBe('Corse-du-Sud');
      expect((await get('/api/v1/territoires/departements/974')).json().nom).toBe('La Réunion');
    });

    it('rejects a malformed code and answers 404 for an unknown one', async () => {
      expectProblem(await get('/api/v1/territoires/departements/2C'), 400, 'code', /code de département invalide/);
      expectProblem(await get('/api/v1/territoires/departements/860'), 400, 'code', /code de département invalide/);
      expectProblem(await get('/api/v1/territoires/departements/96'), 404, 'code', /Aucun département ne porte le code 96/);
    });
  });
});
