import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/platform/config';
import { openDatabase, type DatabaseHandle } from '../../src/platform/db';
import { createApp, type App } from '../../src/platform/http';
import type { Mailer } from '../../src/platform/mail';
import { CONTOURS_DIR_URL, contoursModule } from '../../src/territory/contours';
import { containsIn } from '../../src/territory/domain/referential';
import { getReferential } from '../../src/territory/referential-loader';

// No table is read: the in-memory PGlite only completes the application context, as in routes.test.ts.
const referential = getReferential();
const mailer: Mailer = { kind: 'outbox', send: async () => undefined, close: async () => undefined };
let handle: DatabaseHandle;
let app: App['app'];
let routes: App['routes'];
let withTiles: App['app'];

beforeAll(async () => {
  handle = await openDatabase({ kind: 'pglite-memory' });
  const base = { db: handle.db, mailer, clock: () => new Date(), contains: containsIn(referential) };
  ({ app, routes } = await createApp({ ...base, config: loadConfig({}) }, [contoursModule(referential)]));
  const tiles = loadConfig({ MAP_TILE_URL: 'https://tuiles.exemple.fr/{z}/{x}/{y}.png', MAP_TILE_ATTRIBUTION: '© Exemple' });
  ({ app: withTiles } = await createApp({ ...base, config: tiles }, [contoursModule(referential)]));
});
afterAll(async () => {
  await app?.close();
  await withTiles?.close();
  await handle?.close();
});

const get = (url: string, headers: Record<string, string> = {}) => app.inject({ method: 'GET', url, headers });

interface Collection {
  type: string;
  features: Array<{ type: string; properties: Record<string, unknown>; geometry: { type: string; coordinates: unknown } }>;
}

function expectProblem(response: Awaited<ReturnType<typeof get>>, status: number, detail: RegExp) {
  expect(response.statusCode).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = response.json();
  expect(body.status).toBe(status);
  expect(body.champ).toBe('departement');
  expect(body.detail).toMatch(detail);
}

describe('GET /api/v1/territoires/contours', () => {
  it('is public, like every route of the map', () => {
    const mine = routes.filter((r) => r.url === '/api/v1/territoires/contours' || r.url === '/api/v1/carte/config');
    expect(mine.map((r) => `${r.method} ${r.url}`).sort()).toEqual(['GET /api/v1/carte/config', 'GET /api/v1/territoires/contours']);
    for (const r of mine) expect(r.access).toEqual({ kind: 'public' });
  });

  it('gives the 265 communes of the Vienne, with code_insee and nom only, coordinates as shipped', async () => {
    const response = await get('/api/v1/territoires/contours?departement=86');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.headers['cache-control']).toBe('public, max-age=86400');
    expect(response.headers.etag).toMatch(/^"[\w-]{27}"$/);
    const body = response.json() as Collection;
    expect(body.type).toBe('FeatureCollection');
    expect(body.features).toHaveLength(265);
    for (const f of body.features) {
      expect(f.type).toBe('Feature');
      expect(Object.keys(f.properties).sort()).toEqual(['code_insee', 'nom']);
      expect(f.properties.code_insee).toMatch(/^86\d{3}$/);
      expect(typeof f.properties.code_insee === 'string' && f.properties.code_insee.length).toBe(5);
      expect(['Polygon', 'MultiPolygon']).toContain(f.geometry.type);
    }
    const poitiers = body.features.find((f) => f.properties.code_insee === '86194');
    expect(poitiers?.properties.nom).toBe('Poitiers');
    const shipped = JSON.parse(readFileSync(new URL('communes-86.geojson', CONTOURS_DIR_URL), 'utf8')) as Collection;
    const source = shipped.features.find((f) => f.properties.code_insee === '86194')!;
    expect(poitiers?.geometry).toEqual(source.geometry);
  });

  it('merges several départements, repeated or comma-separated, in any order, with one ETag per set', async () => {
    const comma = await get('/api/v1/territoires/contours?departement=86,79');
    const repeated = await get('/api/v1/territoires/contours?departement=79&departement=86&departement=86');
    expect(comma.statusCode).toBe(200);
    expect(repeated.statusCode).toBe(200);
    const body = comma.json() as Collection;
    expect(body.features).toHaveLength(265 + 252);
    const departements = new Set(body.features.map((f) => String(f.properties.code_insee).slice(0, 2)));
    expect([...departements].sort()).toEqual(['79', '86']);
    expect(repeated.headers.etag).toBe(comma.headers.etag);
    expect(repeated.body).toBe(comma.body);
    const vienneOnly = await get('/api/v1/territoires/contours?departement=86');
    expect(vienneOnly.headers.etag).not.toBe(comma.headers.etag);
  });

  it('refuses a malformed or unknown code, a missing parameter and more than 10 départements (400, champ departement)', async () => {
    expectProblem(await get('/api/v1/territoires/contours?departement=8'), 400, /code de département invalide : « 8 »/);
    expectProblem(await get('/api/v1/territoires/contours?departement=86,abc'), 400, /code de département invalide : « ABC »/);
    expectProblem(await get('/api/v1/territoires/contours?departement=99'), 400, /Aucun département ne porte le code 99/);
    expectProblem(await get('/api/v1/territoires/contours?departement=,'), 400, /obligatoire/);
    const eleven = ['01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11'].join(',');
    expectProblem(await get(`/api/v1/territoires/contours?departement=${eleven}`), 400, /10 départements au plus/);
    const missing = await get('/api/v1/territoires/contours');
    expect(missing.statusCode).toBe(400);
    expect(missing.json().champ).toBe('departement');
  });

  it('says which file to add for a real département whose contours are not shipped (404)', async () => {
    expectProblem(
      await get('/api/v1/territoires/contours?departement=75'),
      404,
      /^contours non disponibles pour le département 75 : ajoutez data\/contours\/communes-75\.geojson$/,
    );
    expectProblem(await get('/api/v1/territoires/contours?departement=86,2A'), 404, /département 2A : ajoutez data\/contours\/communes-2A\.geojson/);
  });

  it('answers 304 with no body to a request carrying the ETag it gave', async () => {
    const first = await get('/api/v1/territoires/contours?departement=86');
    const etag = first.headers.etag as string;
    const again = await get('/api/v1/territoires/contours?departement=86', { 'if-none-match': etag });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    expect(again.headers.etag).toBe(etag);
    expect(again.headers['cache-control']).toBe('public, max-age=86400');
    const weak = await get('/api/v1/territoires/contours?departement=86', { 'if-none-match': `"autre", W/${etag}` });
    expect(weak.statusCode).toBe(304);
    const stale = await get('/api/v1/territoires/contours?departement=86', { 'if-none-match': '"autre"' });
    expect(stale.statusCode).toBe(200);
  });
});

describe('GET /api/v1/carte/config', () => {
  it('has no tiles by default: the commune contours are the whole background', async () => {
    const response = await get('/api/v1/carte/config');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ tuiles: null, attribution: null });
  });

  it('gives the tile URL and its credit when MAP_TILE_URL and MAP_TILE_ATTRIBUTION are set', async () => {
    const response = await withTiles.inject({ method: 'GET', url: '/api/v1/carte/config' });
    expect(response.json()).toEqual({ tuiles: 'https://tuiles.exemple.fr/{z}/{x}/{y}.png', attribution: '© Exemple' });
  });

  it('refuses a tile URL without {z}, {x} and {y} at start-up, in French', () => {
    expect(() => loadConfig({ MAP_TILE_URL: 'https://tuiles.exemple.fr/carte.png' })).toThrow(/MAP_TILE_URL — adresse de tuiles attendue/);
  });
});
