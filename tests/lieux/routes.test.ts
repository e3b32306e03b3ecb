import { expect } from 'vitest';
import { toStandardCsv } from '../../src/lieux/export';
import { lieuxModule } from '../../src/lieux';
import { applyImport } from '../../src/lieux/service';
import type { Database } from '../../src/platform/db';
import { containsIn } from '../../src/territory';
import { buildApp, signedIn } from '../auth/support';
import { describeWithDatabases } from '../helpers/db';
import { cnfs, counts, franceServices, recordOf, referential } from './support';

const fs = franceServices();

async function setup(db: Database) {
  await applyImport(db, fs, { source: 'france-services', full: true, actor: { kind: 'cli' }, fileName: null }, { referential });
  const { app, config } = await buildApp(db, { modules: [lieuxModule(referential)], contains: containsIn(referential) });
  const as = async (email: string, role: string, perimetre: string) => signedIn(db, config, { email, roles: [{ role, perimetre }] });
  const lieuId = (await recordOf(db, 'france-services', fs.accepted[0]!.sourceId))!.lieuId!;
  return { app, as, lieuId };
}

function multipart(fields: Record<string, string>, file?: { name: string; content: string }) {
  const boundary = '----maillage-test-boundary';
  const parts = Object.entries(fields).map(
    ([k, v]) => `--${boundary}\r\ncontent-disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`,
  );
  if (file) {
    parts.push(
      `--${boundary}\r\ncontent-disposition: form-data; name="fichier"; filename="${file.name}"\r\ncontent-type: text/csv\r\n\r\n${file.content}\r\n`,
    );
  }
  return { payload: `${parts.join('')}--${boundary}--\r\n`, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** A standard v1 CSV with one lieu in Poitiers (86) and one in Bordeaux (33). */
function twoTerritoriesCsv(): string {
  const base = fs.accepted.find((r) => r.lieu.code_insee === '86194')!.lieu;
  return toStandardCsv([
    { ...base, id: 'poitiers-1', nom: 'Médiathèque de test', adresse: '4 rue de l’Université', date_maj: '2026-11-01' },
    {
      ...base,
      id: 'bordeaux-1',
      nom: 'Espace numérique de Bordeaux',
      commune: 'Bordeaux',
      code_postal: '33000',
      code_insee: '33063',
      adresse: '1 place Pey Berland',
      latitude: 44.8378,
      longitude: -0.5792,
      date_maj: '2026-11-01',
    },
  ]);
}

describeWithDatabases('lieux HTTP API', ({ itDb }) => {
  itDb('lists with filters and cursors, with an ETag and 304', async (db) => {
    const { app } = await setup(db);
    const ids: string[] = [];
    let url = '/api/v1/lieux?departement=86&limite=7';
    for (;;) {
      const res = await app.inject({ url });
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json();
      expect(body.resultats.length).toBeLessThanOrEqual(7);
      ids.push(...body.resultats.map((r: { id: string }) => r.id));
      if (!body.curseurSuivant) break;
      url = `/api/v1/lieux?departement=86&limite=7&curseur=${encodeURIComponent(body.curseurSuivant)}`;
    }
    expect(ids.length).toBe((await counts(db)).lieux);
    expect(new Set(ids).size).toBe(ids.length);

    const first = await app.inject({ url: '/api/v1/lieux?commune=86194' });
    const item = first.json().resultats[0];
    expect(item).toMatchObject({ code_insee: '86194', sources: ['france-services'], statut: { kind: 'ouvert' } });
    expect(Object.keys(item).sort()).toEqual(
      ['adresse', 'code_insee', 'code_postal', 'commune', 'date_maj', 'id', 'nom', 'services', 'sources', 'statut', 'confirmeLe', 'ajouteLe', 'aVerifier'].sort(),
    );
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^".+"$/);
    const again = await app.inject({ url: '/api/v1/lieux?commune=86194', headers: { 'if-none-match': etag } });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    const other = await app.inject({ url: '/api/v1/lieux?commune=86066', headers: { 'if-none-match': etag } });
    expect(other.statusCode).toBe(200);

    await applyImport(db, cnfs(), { source: 'conseiller-numerique', full: true, actor: { kind: 'cli' }, fileName: null }, { referential });
    const service = 'Maîtrise des outils numériques du quotidien';
    const byService = await app.inject({ url: `/api/v1/lieux?services=${encodeURIComponent(service)}&limite=500` });
    expect(byService.statusCode, byService.body).toBe(200);
    const found = byService.json().resultats as Array<{ services: string[] }>;
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((r) => r.services.includes(service))).toBe(true);
    const two = await app.inject({
      url: `/api/v1/lieux?services=${encodeURIComponent(service)}&services=${encodeURIComponent('Loisirs et créations numériques')}&limite=500`,
    });
    expect(two.json().resultats.length).toBeGreaterThanOrEqual(found.length);
  });

  itDb('400 problems name the parameter at fault', async (db) => {
    const { app } = await setup(db);
    for (const [query, champ] of [
      ['commune=8619', 'commune'],
      ['departement=999', 'departement'],
      ['epci=12', 'epci'],
      ['region=7', 'region'],
      ['limite=501', 'limite'],
      ['services=Inconnu', 'services'],
    ] as const) {
      const res = await app.inject({ url: `/api/v1/lieux?${query}` });
      expect(res.statusCode, query).toBe(400);
      expect(res.headers['content-type']).toMatch(/problem\+json/);
      expect(res.json().champ, query).toMatch(new RegExp(`^${champ}`));
    }
  });

  itDb('shows a lieu, its records and its history; 404 otherwise', async (db) => {
    const { app, lieuId } = await setup(db);
    const res = await app.inject({ url: `/api/v1/lieux/${lieuId}` });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      id: lieuId,
      version: 1,
      statut: { kind: 'ouvert' },
      lieu: { id: lieuId, nom: fs.accepted[0]!.lieu.nom },
      enregistrements: [{ source: 'france-services', sourceId: fs.accepted[0]!.sourceId, type: 'import', absentDepuis: null }],
    });
    expect(res.json().provenance.nom.source).toBe('france-services');
    const history = await app.inject({ url: `/api/v1/lieux/${lieuId}/historique` });
    expect(history.json().entrees.map((e: { action: string }) => e.action).sort()).toEqual(['create', 'create']);
    expect((await app.inject({ url: '/api/v1/lieux/inconnu' })).statusCode).toBe(404);
  });

  itDb('a gestionnaire edits a lieu of their territory only; stale versions get a 409 with both versions', async (db) => {
    const { app, as, lieuId } = await setup(db);
    const vienne = await as('g86@exemple.fr', 'gestionnaire', 'departement:86');
    const gironde = await as('g33@exemple.fr', 'gestionnaire', 'departement:33');
    const patch = (who: typeof vienne | undefined, payload: unknown) =>
      app.inject({ method: 'PATCH', url: `/api/v1/lieux/${lieuId}`, payload: payload as object, ...(who ? { cookies: who.cookies, headers: who.headers } : {}) });

    expect((await patch(undefined, { version: 1, changes: { nom: 'X' } })).statusCode).toBe(401);
    expect((await patch(gironde, { version: 1, changes: { nom: 'X' } })).statusCode).toBe(403);
    const ok = await patch(vienne, { version: 1, changes: { nom: 'Maison France Services (modifiée)' } });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ version: 2, lieu: { nom: 'Maison France Services (modifiée)' } });
    const stale = await patch(vienne, { version: 1, changes: { nom: 'Encore' } });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ champ: 'version', versionEnvoyee: 1, versionActuelle: 2, lieuActuel: { nom: 'Maison France Services (modifiée)' } });
    const invalid = await patch(vienne, { version: 2, changes: { telephone: '12' } });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().champ).toBe('telephone');
    const unknown = await patch(vienne, { version: 2, changes: { couleur: 'bleu' } });
    expect(unknown.statusCode).toBe(400);

    const history = (await app.inject({ url: `/api/v1/lieux/${lieuId}/historique` })).json().entrees;
    const creation = history.find((e: { entite: string; action: string }) => e.entite === 'lieu' && e.action === 'create');
    const revert = await app.inject({
      method: 'POST',
      url: `/api/v1/lieux/${lieuId}/retablir`,
      payload: { entree: creation.id },
      cookies: vienne.cookies,
      headers: vienne.headers,
    });
    expect(revert.statusCode).toBe(200);
    expect(revert.json().lieu.nom).toBe(fs.accepted[0]!.lieu.nom);

    const status = await app.inject({
      method: 'PUT',
      url: `/api/v1/lieux/${lieuId}/statut`,
      payload: { kind: 'ferme_temporairement', du: '2026-12-01', au: null },
      cookies: vienne.cookies,
      headers: vienne.headers,
    });
    expect(status.statusCode).toBe(200);
    expect(status.json().statut).toEqual({ kind: 'ferme_temporairement', du: '2026-12-01', au: null });
  });

  itDb('a gestionnaire cannot move a lieu out of their territory, by an edit or a revert; a national admin can', async (db) => {
    const { app, as, lieuId } = await setup(db);
    const vienne = await as('g86@exemple.fr', 'gestionnaire', 'departement:86');
    const gironde = await as('g33@exemple.fr', 'gestionnaire', 'departement:33');
    const admin = await as('admin@exemple.fr', 'admin', 'national');
    const send = (who: typeof vienne, method: 'PATCH' | 'POST', url: string, payload: object) =>
      app.inject({ method, url, payload, cookies: who.cookies, headers: who.headers });
    const read = async () => (await app.inject({ url: `/api/v1/lieux/${lieuId}` })).json();
    const toBordeaux = { commune: 'Bordeaux', code_postal: '33000', code_insee: '33063', adresse: '1 place Pey Berland', latitude: 44.8378, longitude: -0.5792 };
    const original = (await read()).lieu;
    expect(original.code_insee.startsWith('86')).toBe(true);

    const refused = await send(vienne, 'PATCH', `/api/v1/lieux/${lieuId}`, { version: 1, changes: toBordeaux });
    expect(refused.statusCode, refused.body).toBe(403);
    expect(refused.json()).toMatchObject({ champ: 'code_insee' });
    expect(refused.json().detail).toContain('33063');
    expect(await read()).toMatchObject({ version: 1, lieu: { code_insee: original.code_insee, commune: original.commune } });

    // Within the Vienne: Châtellerault.
    const within = await send(vienne, 'PATCH', `/api/v1/lieux/${lieuId}`, {
      version: 1,
      changes: { commune: 'Châtellerault', code_postal: '86100', code_insee: '86066', adresse: '2 boulevard Blossac', latitude: 46.8178, longitude: 0.5461 },
    });
    expect(within.statusCode, within.body).toBe(200);
    expect(within.json().lieu.code_insee).toBe('86066');

    const moved = await send(admin, 'PATCH', `/api/v1/lieux/${lieuId}`, { version: 2, changes: toBordeaux });
    expect(moved.statusCode, moved.body).toBe(200);
    expect((await app.inject({ url: '/api/v1/lieux?commune=33063' })).json().resultats.map((r: { id: string }) => r.id)).toContain(lieuId);

    // Now in the Gironde: its gestionnaire may not bring it back to a Vienne version, the Vienne's no longer reaches it.
    const history = (await app.inject({ url: `/api/v1/lieux/${lieuId}/historique` })).json().entrees;
    const creation = history.find((e: { entite: string; action: string }) => e.entite === 'lieu' && e.action === 'create');
    const back = await send(gironde, 'POST', `/api/v1/lieux/${lieuId}/retablir`, { entree: creation.id });
    expect(back.statusCode, back.body).toBe(403);
    expect(back.json().champ).toBe('code_insee');
    expect((await send(vienne, 'POST', `/api/v1/lieux/${lieuId}/retablir`, { entree: creation.id })).statusCode).toBe(403);
    expect((await read()).lieu.code_insee).toBe('33063');
    expect((await send(gironde, 'PATCH', `/api/v1/lieux/${lieuId}`, { version: 3, changes: { nom: 'Espace numérique Pey Berland' } })).statusCode).toBe(200);
  });

  itDb('an edit moving a lieu to another commune gets that commune’s code and centre (approximate), which a re-import does not undo', async (db) => {
    const { app, as, lieuId } = await setup(db);
    const vienne = await as('g86@exemple.fr', 'gestionnaire', 'departement:86');
    const patch = (version: number, changes: object) =>
      app.inject({ method: 'PATCH', url: `/api/v1/lieux/${lieuId}`, payload: { version, changes }, cookies: vienne.cookies, headers: vienne.headers });
    const read = async () => (await app.inject({ url: `/api/v1/lieux/${lieuId}` })).json();
    const before = (await read()).lieu;
    const chatellerault = referential.communes.get('86066')!;
    expect(before.code_insee).not.toBe('86066');

    // A commune that is not one of the postcode's: refused on the field, nothing written.
    const wrong = await patch(1, { commune: 'Châtelleraut-sur-Mer', code_postal: '86100' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().champ).toBe('commune');
    expect((await read()).version).toBe(1);

    const moved = await patch(1, { adresse: '3 rue de la Taupanne', commune: 'Chatellerault', code_postal: '86100' });
    expect(moved.statusCode, moved.body).toBe(200);
    const after = await read();
    expect(after.lieu).toMatchObject({ code_insee: '86066', latitude: chatellerault.lat, longitude: chatellerault.lon, adresse: '3 rue de la Taupanne' });
    const edition = after.enregistrements.find((r: { type: string }) => r.type === 'edition');
    expect(edition.flags).toMatchObject({ approximate: true });
    expect(edition.avertissements.map((w: { reason: string }) => w.reason).join(' ')).toContain('position approximative');
    expect((await app.inject({ url: '/api/v1/lieux?commune=86066' })).json().resultats.map((r: { id: string }) => r.id)).toContain(lieuId);

    // The source says the same as before: the edit's commune and point stay.
    await applyImport(db, fs, { source: 'france-services', full: true, actor: { kind: 'cli' }, fileName: null }, { referential });
    expect((await read()).lieu).toMatchObject({ code_insee: '86066', latitude: chatellerault.lat, longitude: chatellerault.lon });

    // A new street in the same commune keeps the code and the point; a point given with the move is kept as given.
    const street = await patch(after.version, { adresse: '5 rue de la Taupanne' });
    expect(street.json().lieu).toMatchObject({ code_insee: '86066', latitude: chatellerault.lat });
    const exact = await patch(street.json().version, { commune: 'Poitiers', code_postal: '86000', latitude: 46.5802, longitude: 0.3404 });
    expect(exact.statusCode, exact.body).toBe(200);
    expect(exact.json().lieu).toMatchObject({ code_insee: '86194', latitude: 46.5802, longitude: 0.3404 });
  });

  itDb('imports a multipart file: a gestionnaire’s out-of-territory rows are rejected; simulation writes nothing', async (db) => {
    const { app, as } = await setup(db);
    const vienne = await as('g86@exemple.fr', 'gestionnaire', 'departement:86');
    const admin = await as('admin@exemple.fr', 'admin', 'national');
    const file = { name: 'deux-territoires.csv', content: twoTerritoriesCsv() };
    const post = (who: typeof vienne, fields: Record<string, string>, withFile = true) => {
      const body = multipart(fields, withFile ? file : undefined);
      return app.inject({ method: 'POST', url: '/api/v1/imports', payload: body.payload, cookies: who.cookies, headers: { ...who.headers, ...body.headers } });
    };

    const before = await counts(db);
    const simulated = await post(vienne, { source: 'reseau-local', simulation: 'true' });
    expect(simulated.statusCode).toBe(200);
    expect(simulated.json()).toMatchObject({ simulation: true, importId: null, accepted: 1, created: 1 });
    expect(await counts(db)).toEqual(before);

    const applied = await post(vienne, { source: 'reseau-local' });
    expect(applied.json()).toMatchObject({ total: 2, accepted: 1, rejected: 1, created: 1, simulation: false });
    expect(applied.json().rejects).toEqual([
      expect.objectContaining({ field: 'code_insee', value: '33063', reason: 'hors de votre territoire' }),
    ]);
    const byAdmin = await post(admin, { source: 'reseau-national', complet: 'false' });
    expect(byAdmin.json()).toMatchObject({ accepted: 2, rejected: 0, full: false });

    const missing = await post(vienne, { source: 'reseau-local' }, false);
    expect(missing.statusCode).toBe(400);
    expect(missing.json().champ).toBe('fichier');
    const badSource = await post(vienne, { source: 'edition' });
    expect(badSource.statusCode).toBe(400);
    expect(badSource.json().champ).toBe('source');
    const anonymous = await app.inject({ method: 'POST', url: '/api/v1/imports', ...multipart({ source: 'x' }, file) });
    expect(anonymous.statusCode).toBe(401);

    const mine = (await app.inject({ url: '/api/v1/imports', cookies: vienne.cookies })).json().imports;
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ source: 'reseau-local', acceptes: 1, rejetes: 1 });
    const all = (await app.inject({ url: '/api/v1/imports', cookies: admin.cookies })).json().imports;
    expect(all.map((i: { source: string }) => i.source).sort()).toEqual(['france-services', 'reseau-local', 'reseau-national']);
    const report = await app.inject({ url: `/api/v1/imports/${mine[0].id}`, cookies: vienne.cookies });
    expect(report.json().rapport.rejects[0].reason).toBe('hors de votre territoire');
    const notMine = all.find((i: { source: string }) => i.source === 'reseau-national');
    expect((await app.inject({ url: `/api/v1/imports/${notMine.id}`, cookies: vienne.cookies })).statusCode).toBe(404);
  });

  itDb('exports the standard CSV with its file name, JSON, GeoJSON and data·inclusion', async (db) => {
    const { app } = await setup(db);
    const csv = await app.inject({ url: '/api/v1/lieux/export.csv?departement=86' });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers['content-disposition']).toMatch(
      /^attachment; filename="\d{4}-\d{2}-\d{2}_00000000000000_lieux-de-mediation-numerique_Vienne\.csv"$/,
    );
    const lines = csv.body.trimEnd().split('\r\n');
    expect(lines[0]!.startsWith('id,pivot,nom,commune,code_postal,code_insee,adresse')).toBe(true);
    expect(lines.length - 1).toBe((await counts(db)).lieux);
    const raw = await app.inject({ url: '/api/v1/lieux/export.json?brut=true&source=france-services' });
    expect(raw.json()).toHaveLength(fs.accepted.length);
    const geo = await app.inject({ url: '/api/v1/lieux/export.geojson?commune=86194' });
    expect(geo.json().type).toBe('FeatureCollection');
    expect(geo.json().features.length).toBeGreaterThan(0);
    const di = await app.inject({ url: '/api/v1/lieux/export/data-inclusion?departement=86' });
    expect(di.json().structures).toHaveLength(lines.length - 1);
    expect(di.json().services.length).toBeGreaterThan(0);
    expect((await app.inject({ url: '/api/v1/lieux/export.csv?commune=1' })).statusCode).toBe(400);
  });

  itDb('lists duplicate pairs for a gestionnaire’s département and records their decisions', async (db) => {
    const { app, as } = await setup(db);
    await applyImport(db, { ...fs, source: 'copie' }, { source: 'copie', full: true, actor: { kind: 'cli' }, fileName: null }, { referential });
    const vienne = await as('g86@exemple.fr', 'gestionnaire', 'departement:86');
    const gironde = await as('g33@exemple.fr', 'gestionnaire', 'departement:33');
    expect((await app.inject({ url: '/api/v1/doublons', cookies: vienne.cookies })).statusCode).toBe(403);
    expect((await app.inject({ url: '/api/v1/doublons?departement=86', cookies: gironde.cookies })).statusCode).toBe(403);
    const res = await app.inject({ url: '/api/v1/doublons?departement=86', cookies: vienne.cookies });
    expect(res.statusCode).toBe(200);
    const pair = res.json().paires[0];
    expect(pair).toMatchObject({ verdict: 'duplicate', a: { source: 'copie' }, b: { source: 'france-services' } });
    expect(pair.criteres.length).toBeGreaterThan(0);
    expect(pair.explication).not.toBe('');

    const decide = (who: typeof vienne) =>
      app.inject({
        method: 'POST',
        url: '/api/v1/doublons/decisions',
        payload: { a: pair.a.cle, b: pair.b.cle, decision: 'distinct' },
        cookies: who.cookies,
        headers: who.headers,
      });
    expect((await decide(gironde)).statusCode).toBe(403);
    const ok = await decide(vienne);
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ a: pair.a.cle, b: pair.b.cle, decision: 'distinct', departements: ['86'] });
    const after = (await app.inject({ url: '/api/v1/doublons?departement=86', cookies: vienne.cookies })).json().paires;
    expect(after.some((p: { a: { cle: string }; b: { cle: string } }) => p.a.cle === pair.a.cle && p.b.cle === pair.b.cle)).toBe(false);
  });

  itDb('gives the rejected rows back as a CSV that, once fixed, imports', async (db) => {
    const { app, as } = await setup(db);
    const vienne = await as('g86-rejets@exemple.fr', 'gestionnaire', 'departement:86');
    const good = twoTerritoriesCsv().split('\r\n')[1]!;
    const header = twoTerritoriesCsv().split('\r\n')[0]!;
    const broken = good.replace('poitiers-1', 'poitiers-2').replace('2026-11-01', '2026-13-45');
    const upload = (name: string, content: string) => {
      const body = multipart({ source: 'reseau-rejets', complet: 'false' }, { name, content });
      return app.inject({ method: 'POST', url: '/api/v1/imports', payload: body.payload, cookies: vienne.cookies, headers: { ...vienne.headers, ...body.headers } });
    };

    const first = (await upload('avec-erreur.csv', [header, good, broken].join('\r\n'))).json();
    expect(first).toMatchObject({ total: 2, accepted: 1, rejected: 1 });
    expect(first.rejects[0]).toMatchObject({ line: 3, field: 'date_maj', value: '2026-13-45' });

    const download = await app.inject({ url: `/api/v1/imports/${first.importId}/rejets.csv`, cookies: vienne.cookies });
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-disposition']).toMatch(/_rejets_reseau-rejets\.csv"$/);
    const lines = download.body.replace(/^\uFEFF/, '').trimEnd().split('\r\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]!.endsWith(',motif_du_rejet')).toBe(true);
    expect(lines[1]).toContain('poitiers-2');
    expect(lines[1]).toMatch(/ligne 3 — date_maj : /);

    const fixed = download.body.replace('2026-13-45', '2026-11-20');
    const again = (await upload('rejets-corriges.csv', fixed)).json();
    expect(again).toMatchObject({ total: 1, accepted: 1, rejected: 0, created: 1 });
    expect(again.warnings.some((w: { reason: string }) => w.reason.includes('motif_du_rejet'))).toBe(true);

    const other = await as('g75-rejets@exemple.fr', 'gestionnaire', 'departement:75');
    const foreign = await app.inject({ url: `/api/v1/imports/${first.importId}/rejets.csv`, cookies: other.cookies });
    expect(foreign.statusCode).toBe(404);
  });
});
