import { count, eq } from 'drizzle-orm';
import { expect } from 'vitest';
import { conflictsModule } from '../../src/lieux';
import { importSummary } from '../../src/lieux/cli';
import { lieuFieldConflicts } from '../../src/lieux/schema';
import { applyImport, editLieu, getLieu, lieuHistory } from '../../src/lieux/service';
import { openingHoursLines } from '../../src/orientation';
import type { Database } from '../../src/platform/db';
import { containsIn } from '../../src/territory';
import { buildApp, fixedClock, signedIn } from '../auth/support';
import { describeWithDatabases } from '../helpers/db';
import { auditEntries, franceServices, recordOf, referential, withChangedRow } from './support';

const fs = franceServices();
const SOURCE = 'france-services';
const sourceId = fs.accepted[0]!.sourceId;

/** The source's first file (January), then the hours and phone people set in June. */
const january = withChangedRow(fs, 0, {
  horaires: 'Mo-Fr 09:00-12:00',
  telephone: '+33549000001',
  presentation_resume: 'Accueil libre.',
  date_maj: '2026-01-10',
});
const PEOPLE = { horaires: 'Mo-Sa 09:00-12:00', telephone: '+33549111111' };
/** September: the source changes the hours, the phone, and fields nobody touched in Maillage (one list loses a value). */
const september = withChangedRow(january, 0, {
  horaires: 'Mo-Fr 14:00-17:00',
  telephone: '+33549222222',
  presentation_resume: 'Accueil sur rendez-vous.',
  services: ['Aide aux démarches administratives'],
  date_maj: '2026-09-01',
});

interface ConflictItem {
  id: string;
  champ: string;
  libelle: string;
  lieu: { id: string; nom: string };
  gardee: { valeur: unknown; enMots: string[] | null; modifieeLe: string | null; modifieePar: { type: string; id: string | null } | null };
  proposee: { valeur: unknown; enMots: string[] | null; source: string; sourceId: string; importeeLe: string };
}

async function setup(db: Database) {
  const clock = fixedClock(new Date('2026-01-12T09:00:00Z'));
  const deps = { referential, clock };
  const importFile = (analysis = september, simulate = false) =>
    applyImport(db, analysis, { source: SOURCE, full: true, actor: { kind: 'cli' }, fileName: 'fs.csv', simulate }, deps);
  await importFile(january);
  const lieuId = (await recordOf(db, SOURCE, sourceId))!.lieuId!;
  const { app, config } = await buildApp(db, {
    modules: [conflictsModule(referential, { hoursInWords: openingHoursLines })],
    clock,
    contains: containsIn(referential),
  });
  const manager = await signedIn(db, config, { email: 'gestion@vienne.example', roles: [{ role: 'gestionnaire', perimetre: 'departement:86' }] });
  const outsider = await signedIn(db, config, { email: 'gestion@gironde.example', roles: [{ role: 'gestionnaire', perimetre: 'departement:33' }] });
  const admin = await signedIn(db, config, { email: 'admin@maillage.example', roles: [{ role: 'admin', perimetre: 'national' }] });

  // June: a gestionnaire of the Vienne changes the hours and the phone.
  clock.advance(140 * 86_400_000);
  const before = (await getLieu(db, lieuId))!;
  const edited = await editLieu(db, lieuId, { version: before.version, changes: PEOPLE }, { kind: 'user', id: manager.user.id }, deps);
  expect(edited.kind).toBe('ok');
  const editedAt = clock();
  clock.advance(100 * 86_400_000);

  const list = async (query = 'departement=86', as = manager) => {
    const res = await app.inject({ url: `/api/v1/conflits?${query}`, cookies: as.cookies });
    return { status: res.statusCode, conflits: (res.json() as { conflits?: ConflictItem[] }).conflits ?? [], body: res.json() as Record<string, unknown> };
  };
  const decide = (id: string, decision: unknown, as = manager) =>
    app.inject({ method: 'POST', url: `/api/v1/conflits/${id}/decision`, cookies: as.cookies, headers: as.headers, payload: { decision } });
  const storedConflicts = async () => (await db.select({ n: count() }).from(lieuFieldConflicts))[0]!.n;
  return { clock, importFile, lieuId, manager, outsider, admin, editedAt, list, decide, storedConflicts };
}

describeWithDatabases('lieux: import conflicts with what people changed', ({ itDb }) => {
  itDb('a newer re-import updates the untouched field, keeps the edited ones and lists two conflicts, once', async (db) => {
    const { importFile, lieuId, manager, editedAt, list, storedConflicts } = await setup(db);

    // A simulation counts them and writes nothing.
    const simulated = await importFile(september, true);
    expect(simulated.conflits).toBe(2);
    expect(await storedConflicts()).toBe(0);

    const report = await importFile();
    expect(report.conflits).toBe(2);
    expect(importSummary(report, 'fs.csv')).toContain(
      '  conflits à examiner : 2 (valeurs modifiées dans Maillage gardées ; à décider sur la page « Conflits d’import à examiner »)',
    );
    const lieu = (await getLieu(db, lieuId))!;
    expect(lieu.lieu.presentation_resume).toBe('Accueil sur rendez-vous.');
    // People's edit held the whole lieu: still, a value the source removed from a field they never touched goes.
    expect(january.accepted[0]!.lieu.services).toHaveLength(2);
    expect(lieu.lieu.services).toEqual(['Aide aux démarches administratives']);
    expect(lieu.lieu.horaires).toBe(PEOPLE.horaires);
    expect(lieu.lieu.telephone).toBe(PEOPLE.telephone);

    const { status, conflits } = await list();
    expect(status).toBe(200);
    expect(conflits.map((c) => c.champ)).toEqual(['horaires', 'telephone']);
    const [hours, phone] = conflits as [ConflictItem, ConflictItem];
    expect(hours).toMatchObject({
      libelle: "Horaires d'ouverture",
      lieu: { id: lieuId, nom: lieu.lieu.nom },
      gardee: {
        valeur: PEOPLE.horaires,
        enMots: ['Du lundi au samedi : 9 h – 12 h'],
        modifieeLe: editedAt.toISOString(),
        modifieePar: { type: 'user', id: manager.user.id },
      },
      proposee: { valeur: 'Mo-Fr 14:00-17:00', enMots: ['Du lundi au vendredi : 14 h – 17 h'], source: SOURCE, sourceId },
    });
    expect(phone).toMatchObject({ libelle: 'Téléphone', gardee: { valeur: PEOPLE.telephone, enMots: null }, proposee: { valeur: '+33549222222' } });
    const created = await Promise.all(conflits.map((c) => auditEntries(db, 'lieu_field_conflict', c.id)));
    expect(created.map((entries) => entries.map((e) => e.action))).toEqual([['create'], ['create']]);

    // By commune too; another commune has none.
    expect((await list(`commune=${lieu.lieu.code_insee}`)).conflits).toHaveLength(2);
    expect((await list('commune=86066')).conflits).toHaveLength(0);

    // The same file again: nothing new.
    const again = await importFile();
    expect(again.conflits).toBe(0);
    expect(await storedConflicts()).toBe(2);
  });

  itDb('« remplacer » puts the incoming value on the lieu as an audited edit; it is decided only once', async (db) => {
    const { importFile, lieuId, manager, list, decide } = await setup(db);
    await importFile();
    const hours = (await list()).conflits.find((c) => c.champ === 'horaires')!;
    const before = (await getLieu(db, lieuId))!;

    const res = await decide(hours.id, 'remplacer');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ statut: 'remplace', decides: [hours.id], champs: ['horaires'], lieu: { id: lieuId, version: before.version + 1 } });
    const after = (await getLieu(db, lieuId))!;
    expect(after.version).toBe(before.version + 1);
    expect(after.lieu.horaires).toBe('Mo-Fr 14:00-17:00');
    expect(after.lieu.telephone).toBe(PEOPLE.telephone);
    const [latest] = await lieuHistory(db, lieuId);
    expect(latest).toMatchObject({ entity: 'lieu', action: 'edit', actor: { kind: 'user', id: manager.user.id } });
    expect((latest!.after as { horaires: string }).horaires).toBe('Mo-Fr 14:00-17:00');
    expect((await auditEntries(db, 'lieu_field_conflict', hours.id)).map((e) => e.action)).toEqual(['create', 'decision']);

    expect((await list()).conflits.map((c) => c.champ)).toEqual(['telephone']);
    expect((await list('departement=86&statut=remplace')).conflits.map((c) => c.champ)).toEqual(['horaires']);
    const twice = await decide(hours.id, 'garder');
    expect(twice.statusCode).toBe(409);
    expect(twice.json()).toMatchObject({ champ: 'decision' });
    expect((await getLieu(db, lieuId))!.version).toBe(after.version);
  });

  itDb('« garder » keeps people’s value: that incoming value never comes back, a different one does', async (db) => {
    const { clock, importFile, lieuId, list, decide } = await setup(db);
    await importFile();
    const phone = (await list()).conflits.find((c) => c.champ === 'telephone')!;
    const version = (await getLieu(db, lieuId))!.version;

    const res = await decide(phone.id, 'garder');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ statut: 'garde', lieu: { version } });
    expect((await getLieu(db, lieuId))!.lieu.telephone).toBe(PEOPLE.telephone);
    expect((await auditEntries(db, 'lieu_field_conflict', phone.id)).map((e) => e.action)).toEqual(['create', 'decision']);

    // October: another phone number → a new conflict.
    clock.advance(30 * 86_400_000);
    const october = withChangedRow(september, 0, { telephone: '+33549333333', date_maj: '2026-10-01' });
    expect((await importFile(october)).conflits).toBe(1);
    expect((await list()).conflits.filter((c) => c.champ === 'telephone').map((c) => c.proposee.valeur)).toEqual(['+33549333333']);

    // November: the source goes back to the number already decided → nothing new, and October's is no longer current.
    clock.advance(30 * 86_400_000);
    const november = withChangedRow(september, 0, { date_maj: '2026-11-01' });
    expect((await importFile(november)).conflits).toBe(0);
    expect((await list()).conflits.filter((c) => c.champ === 'telephone')).toEqual([]);
    expect((await getLieu(db, lieuId))!.lieu.telephone).toBe(PEOPLE.telephone);
  });

  itDb('out of territory: 403; a bad decision: 400 naming « decision »; an unknown conflict: 404', async (db) => {
    const { importFile, outsider, admin, list, decide } = await setup(db);
    await importFile();
    const [first] = (await list()).conflits;

    expect((await list('departement=86', outsider)).status).toBe(403);
    expect((await decide(first!.id, 'garder', outsider)).statusCode).toBe(403);

    const bad = await decide(first!.id, 'effacer');
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(bad.json()).toMatchObject({ champ: 'decision' });
    expect(bad.json().detail).toMatch(/garder.*remplacer/);
    const [row] = await db.select().from(lieuFieldConflicts).where(eq(lieuFieldConflicts.id, first!.id));
    expect(row!.status).toBe('ouvert');

    // A territorial gestionnaire must name a territory; an admin sees everything; an unknown conflict is 404.
    expect((await list('')).status).toBe(403);
    expect((await list('', admin)).conflits).toHaveLength(2);
    const unknown = await decide('00000000-0000-4000-8000-000000000000', 'garder', admin);
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ champ: 'id' });
  });
});
