import ExcelJS from 'exceljs';
import { asc, eq } from 'drizzle-orm';
import { expect } from 'vitest';
import { reliabilityModule } from '../../src/freshness';
import { applyImport, lieuxTables, setLieuStatus, vouchForLieu } from '../../src/lieux';
import { lieuReports } from '../../src/orientation';
import type { Database } from '../../src/platform/db';
import { containsIn } from '../../src/territory';
import { buildApp, fixedClock, signedIn, testConfig } from '../auth/support';
import { describeWithDatabases } from '../helpers/db';
import { franceServices, referential } from '../lieux/support';

const fs = franceServices();
/** The lieux enter the registry before the twelve months the dashboard looks at. */
const CREATED = new Date('2025-11-20T10:00:00+01:00');
const NOW = new Date('2026-12-01T10:00:00+01:00');
const GRAND_POITIERS = '200069854';
const POITIERS = '86194';
const at = (iso: string) => new Date(iso);

interface Figure {
  nombre: number;
  total: number;
  part: number | null;
  cible: number;
  atteinte: boolean | null;
}
interface Dashboard {
  territoire: { niveau: string; code: string; nom: string };
  periode: { du: string; au: string };
  simule: boolean;
  indicateurs: {
    lieux: number;
    confirmes: Figure;
    structure: Figure;
    aVerifier: number;
    signalements: { ouverts: number; lieuxAvecSignalementOuvert: number; resolus: number; delaiMedianHeures: number | null };
    consultations: { pages: number; resultats: number; lieuxConsultes: number };
  };
  evolution: Array<{ mois: string; lieux: number; confirmes: number; structure: number; partConfirmes: number | null }>;
  aVerifier: Array<{ id: string; codeInsee: string | null }>;
}
interface Behind {
  nombre: number;
  lieux: Array<{ id: string }>;
}

/**
 * The France Services of the Vienne (23 lieux, 8 in Grand Poitiers, 3 in Poitiers), with a history written at known
 * dates through the registry's own vouching function:
 * - poitiers[0]: its structure saved it on 1 October 2026;
 * - poitiers[1]: a gestionnaire confirmed it on 1 March 2026 (stale again since September);
 * - grandPoitiers[0] (not in Poitiers): its structure on 15 January 2026, a gestionnaire on 10 September;
 * - outside[0] (out of Grand Poitiers): a gestionnaire on 15 November 2026;
 * - outside[1]: permanently closed since 1 June 2026.
 */
async function setup(db: Database) {
  await applyImport(db, fs, { source: 'france-services', full: true, actor: { kind: 'cli' }, fileName: null }, { referential, clock: () => CREATED });
  const { lieux } = lieuxTables;
  const rows = await db.select({ id: lieux.id, commune: lieux.codeInsee, epci: lieux.epci }).from(lieux).where(eq(lieux.departement, '86')).orderBy(asc(lieux.id));
  const poitiers = rows.filter((r) => r.commune === POITIERS).map((r) => r.id);
  const grandPoitiers = rows.filter((r) => r.epci === GRAND_POITIERS && r.commune !== POITIERS).map((r) => r.id);
  const outside = rows.filter((r) => r.epci !== GRAND_POITIERS).map((r) => r.id);
  const vouch = (lieuId: string, by: 'structure' | 'gestionnaire', iso: string) =>
    vouchForLieu(db, { lieuId, kind: by === 'structure' ? 'modification' : 'confirmation', by, at: at(iso) });
  await vouch(grandPoitiers[0]!, 'structure', '2026-01-15T10:00:00Z');
  await vouch(poitiers[1]!, 'gestionnaire', '2026-03-01T10:00:00Z');
  await vouch(grandPoitiers[0]!, 'gestionnaire', '2026-09-10T10:00:00Z');
  await vouch(poitiers[0]!, 'structure', '2026-10-01T10:00:00Z');
  await vouch(outside[0]!, 'gestionnaire', '2026-11-15T10:00:00Z');
  const closed = await setLieuStatus(db, outside[1]!, { kind: 'ferme_definitivement', depuis: '2026-06-01' }, { kind: 'cli' }, { clock: () => at('2026-06-01T08:00:00Z') });
  expect(closed.kind).toBe('ok');

  const config = testConfig();
  const { app } = await buildApp(db, { config, clock: fixedClock(NOW), modules: [reliabilityModule(referential)], contains: containsIn(referential) });
  const as = async (role: string, perimetre: string) => signedIn(db, config, { email: `${role}.${Math.random()}@vienne.example`, roles: [{ role, perimetre }] });
  const gestionnaire = await as('gestionnaire', 'departement:86');
  const get = async (url: string, who: { cookies: Record<string, string> } = gestionnaire) => app.inject({ method: 'GET', url, cookies: who.cookies });
  return { app, rows, poitiers, grandPoitiers, outside, get, as, gestionnaire };
}

describeWithDatabases('reliability dashboard', ({ itDb }) => {
  itDb('figures per département, EPCI and commune, now and month by month, from the lieux and their history', async (db) => {
    const { rows, poitiers, grandPoitiers, outside, get } = await setup(db);
    expect(rows).toHaveLength(23);

    const departement = (await get('/api/v1/fiabilite?departement=86')).json() as Dashboard;
    expect(departement.territoire).toEqual({ niveau: 'departement', code: '86', nom: 'Vienne' });
    // The closed lieu no longer counts; three were vouched for within six months, two by their structure within twelve.
    expect(departement.indicateurs.lieux).toBe(22);
    expect(departement.indicateurs.confirmes).toMatchObject({ nombre: 3, total: 22, part: 3 / 22, cible: 0.95, atteinte: false });
    expect(departement.indicateurs.structure).toMatchObject({ nombre: 2, total: 22, part: 2 / 22, cible: 0.5, atteinte: false });
    // Every lieu nobody vouched for since it entered (more than six months ago), and poitiers[1] (March).
    expect(departement.indicateurs.aVerifier).toBe(19);
    expect(departement.aVerifier.map((l) => l.id)).toContain(poitiers[1]);
    expect(departement.aVerifier.map((l) => l.id)).not.toContain(outside[1]);
    expect(departement.simule).toBe(false);
    expect(departement.periode).toEqual({ du: '2025-12-02', au: '2026-12-01' });

    expect(departement.evolution.map((m) => m.mois)).toEqual([
      '2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06',
      '2026-07', '2026-08', '2026-09', '2026-10', '2026-11', '2026-12',
    ]);
    expect(departement.evolution.map((m) => m.lieux)).toEqual([23, 23, 23, 23, 23, 22, 22, 22, 22, 22, 22, 22]);
    expect(departement.evolution.map((m) => m.confirmes)).toEqual([1, 1, 2, 2, 2, 2, 1, 1, 1, 2, 3, 3]);
    expect(departement.evolution.map((m) => m.structure)).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2]);
    expect(departement.evolution[2]!.partConfirmes).toBe(2 / 23);

    const epci = (await get(`/api/v1/fiabilite?epci=${GRAND_POITIERS}`)).json() as Dashboard;
    expect(epci.territoire.nom).toMatch(/Poitiers/);
    expect(epci.indicateurs.lieux).toBe(poitiers.length + grandPoitiers.length);
    expect(epci.indicateurs.confirmes.nombre).toBe(2);
    expect(epci.indicateurs.structure.nombre).toBe(2);

    const commune = (await get(`/api/v1/fiabilite?commune=${POITIERS}`)).json() as Dashboard;
    expect(commune.territoire).toEqual({ niveau: 'commune', code: POITIERS, nom: 'Poitiers' });
    expect(commune.indicateurs).toMatchObject({ lieux: 3, confirmes: { nombre: 1, total: 3 }, structure: { nombre: 1, total: 3 }, aVerifier: 2 });
    expect(commune.evolution.map((m) => m.confirmes)).toEqual([0, 0, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1]);
  }, 120_000);

  itDb('lists exactly the lieux behind each figure, today and at a month’s end', async (db) => {
    const { rows, poitiers, grandPoitiers, outside, get } = await setup(db);
    const dashboard = (await get('/api/v1/fiabilite?departement=86')).json() as Dashboard;
    const behind = async (query: string) => {
      const res = await get(`/api/v1/fiabilite/lieux?departement=86&${query}`);
      expect(res.statusCode).toBe(200);
      const body = res.json() as Behind;
      expect(body.lieux).toHaveLength(body.nombre);
      return body.lieux.map((l) => l.id).sort();
    };
    const sorted = (ids: string[]) => [...ids].sort();
    const counted = rows.map((r) => r.id).filter((id) => id !== outside[1]);

    expect(await behind('indicateur=confirmes')).toEqual(sorted([poitiers[0]!, grandPoitiers[0]!, outside[0]!]));
    expect(await behind('indicateur=structure')).toEqual(sorted([poitiers[0]!, grandPoitiers[0]!]));
    expect(await behind('indicateur=lieux')).toEqual(sorted(counted));
    expect(await behind('indicateur=non-confirmes')).toEqual(sorted(counted.filter((id) => ![poitiers[0], grandPoitiers[0], outside[0]].includes(id))));
    expect(await behind('indicateur=a-verifier')).toEqual(sorted(dashboard.aVerifier.map((l) => l.id)));
    expect((await behind('indicateur=a-verifier')).length).toBe(dashboard.indicateurs.aVerifier);
    // At the end of March: grandPoitiers[0] (January) and poitiers[1] (March); the closed lieu still counted then.
    expect(await behind('indicateur=confirmes&mois=2026-03')).toEqual(sorted([grandPoitiers[0]!, poitiers[1]!]));
    expect(await behind('indicateur=lieux&mois=2026-03')).toHaveLength(23);

    const outOfRange = await get('/api/v1/fiabilite/lieux?departement=86&indicateur=confirmes&mois=2025-01');
    expect(outOfRange.statusCode).toBe(400);
    expect(outOfRange.json()).toMatchObject({ champ: 'mois', detail: expect.stringMatching(/2026-01.*2026-12/) });
    const notMonthly = await get('/api/v1/fiabilite/lieux?departement=86&indicateur=a-verifier&mois=2026-03');
    expect(notMonthly.json()).toMatchObject({ status: 400, champ: 'mois' });
    const unknown = await get('/api/v1/fiabilite/lieux?departement=86&indicateur=tout');
    expect(unknown.json()).toMatchObject({ status: 400, champ: 'indicateur' });
  }, 120_000);

  itDb('open error reports and the median time to resolve them, with their lieux', async (db) => {
    const { poitiers, outside, get } = await setup(db);
    const report = (lieuId: string, created: string, resolved: string | null) => ({
      lieuId,
      category: 'horaires' as const,
      message: 'Fermé le samedi',
      departement: '86',
      codeInsee: lieuId === outside[0] ? null : POITIERS,
      ipHash: 'test',
      createdAt: at(created),
      status: resolved ? ('corrige' as const) : ('nouveau' as const),
      resolvedAt: resolved ? at(resolved) : null,
    });
    await db.insert(lieuReports).values([
      report(poitiers[2]!, '2026-11-20T10:00:00Z', null),
      report(poitiers[2]!, '2026-11-25T10:00:00Z', null),
      report(outside[0]!, '2026-05-01T10:00:00Z', '2026-05-01T20:00:00Z'),
      report(poitiers[0]!, '2026-08-01T10:00:00Z', '2026-08-02T16:00:00Z'),
      // Resolved before the period: not in the median.
      report(poitiers[1]!, '2025-06-01T10:00:00Z', '2025-06-10T10:00:00Z'),
    ]);
    const dashboard = (await get('/api/v1/fiabilite?departement=86')).json() as Dashboard;
    expect(dashboard.indicateurs.signalements).toEqual({ ouverts: 2, lieuxAvecSignalementOuvert: 1, resolus: 2, delaiMedianHeures: 20 });
    const open = (await get('/api/v1/fiabilite/lieux?departement=86&indicateur=signalements-ouverts')).json() as Behind;
    expect(open.lieux.map((l) => l.id)).toEqual([poitiers[2]]);
    const resolved = (await get('/api/v1/fiabilite/lieux?departement=86&indicateur=signalements-resolus')).json() as Behind;
    expect(resolved.lieux.map((l) => l.id).sort()).toEqual([outside[0]!, poitiers[0]!].sort());
    // A period that ends before August: only the May report was resolved in it.
    const may = (await get('/api/v1/fiabilite?departement=86&du=2026-05-01&au=2026-07-31')).json() as Dashboard;
    expect(may.indicateurs.signalements).toMatchObject({ resolus: 1, delaiMedianHeures: 10 });
  }, 120_000);

  itDb('the Excel workbook opens and holds the same figures, INSEE codes as text', async (db) => {
    const { get } = await setup(db);
    const dashboard = (await get('/api/v1/fiabilite?departement=86')).json() as Dashboard;
    const res = await get('/api/v1/fiabilite.xlsx?departement=86');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers['content-disposition']).toBe('attachment; filename="fiabilite-departement-86-2026-12-01.xlsx"');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const names = workbook.worksheets.map((w) => w.name);
    expect(names).toEqual(['Indicateurs', 'Évolution', ...dashboard.evolution.map((m) => m.mois), 'À vérifier', 'Consultations']);

    const figures = workbook.getWorksheet('Indicateurs')!;
    expect(figures.getRow(1).values).toEqual([undefined, 'Indicateur', 'Valeur', 'Lieux concernés', 'Lieux comptés', 'Objectif', 'Objectif atteint']);
    const confirmed = figures.getRow(2);
    expect(confirmed.getCell(1).value).toBe('Part des lieux confirmés (6 mois)');
    expect(confirmed.getCell(2).value).toBe(dashboard.indicateurs.confirmes.part);
    expect(confirmed.getCell(3).value).toBe(dashboard.indicateurs.confirmes.nombre);
    expect(confirmed.getCell(4).value).toBe(dashboard.indicateurs.confirmes.total);
    expect(confirmed.getCell(5).value).toBe(0.95);
    expect(confirmed.getCell(6).value).toBe('Non');
    expect(figures.getRow(3).getCell(3).value).toBe(dashboard.indicateurs.structure.nombre);

    const evolution = workbook.getWorksheet('Évolution')!;
    const sheetMonths = evolution.getRows(2, 12)!.map((r) => [r.getCell(1).value, r.getCell(2).value, r.getCell(3).value, r.getCell(6).value]);
    expect(sheetMonths).toEqual(dashboard.evolution.map((m) => [m.mois, m.lieux, m.confirmes, m.structure]));

    const march = workbook.getWorksheet('2026-03')!;
    expect(march.rowCount - 1).toBe(23);
    const yes = march.getRows(2, 23)!.filter((r) => r.getCell(5).value === 'Oui').length;
    expect(yes).toBe(2);

    const stale = workbook.getWorksheet('À vérifier')!;
    expect(stale.rowCount - 1).toBe(dashboard.indicateurs.aVerifier);
    const cell = stale.getRow(2).getCell(4);
    expect(cell.value).toBe(dashboard.aVerifier[0]!.codeInsee);
    expect(typeof cell.value).toBe('string');
    expect(cell.numFmt).toBe('@');
  }, 120_000);

  itDb('each person sees the territories of their scope; a bad territory is a 400 naming the field', async (db) => {
    const { get, as, gestionnaire } = await setup(db);
    const coordinateur = await as('coordinateur', `epci:${GRAND_POITIERS}`);
    const communal = await as('gestionnaire', `commune:${POITIERS}`);
    const mediateur = await as('mediateur', 'departement:86');

    expect((await get('/api/v1/fiabilite?departement=75', gestionnaire)).statusCode).toBe(403);
    expect((await get(`/api/v1/fiabilite?epci=${GRAND_POITIERS}`, coordinateur)).statusCode).toBe(200);
    expect((await get(`/api/v1/fiabilite?commune=${POITIERS}`, coordinateur)).statusCode).toBe(200);
    expect((await get('/api/v1/fiabilite?departement=86', coordinateur)).statusCode).toBe(403);
    expect((await get('/api/v1/fiabilite?commune=86066', coordinateur)).statusCode).toBe(403);
    expect((await get(`/api/v1/fiabilite.xlsx?commune=${POITIERS}`, communal)).statusCode).toBe(200);
    expect((await get(`/api/v1/fiabilite/lieux?epci=${GRAND_POITIERS}&indicateur=lieux`, communal)).statusCode).toBe(403);
    expect((await get('/api/v1/fiabilite?departement=86', mediateur)).statusCode).toBe(403);

    const bad = async (query: string, champ: string, detail: RegExp) => {
      const res = await get(`/api/v1/fiabilite?${query}`);
      expect(res.statusCode, query).toBe(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.json(), query).toMatchObject({ champ, detail: expect.stringMatching(detail) });
    };
    await bad('departement=999', 'departement', /département invalide/);
    await bad('departement=99', 'departement', /inconnu.*99/);
    await bad('commune=86999', 'commune', /inconnu/);
    await bad('epci=12345', 'epci', /9 chiffres/);
    await bad('', 'departement', /un seul territoire/);
    await bad(`departement=86&commune=${POITIERS}`, 'departement', /un seul territoire/);
    await bad('departement=86&du=2026-12-01&au=2026-01-01', 'du', /précéder/);
    // A start after today (the period's end by default).
    await bad('departement=86&du=2027-01-01', 'du', /après sa fin \(2026-12-01\)/);
    await bad('departement=86&au=demain', 'au', /AAAA-MM-JJ/);
  }, 120_000);
});
