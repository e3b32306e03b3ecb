import { eq } from 'drizzle-orm';
import { expect } from 'vitest';
import { lieux, lieuxImports } from '../../src/lieux/schema';
import { applyImport, editLieu, exportLieux, getLieu, recomputeContext, recomputeDepartement } from '../../src/lieux/service';
import type { Database } from '../../src/platform/db';
import { describeWithDatabases } from '../helpers/db';
import {
  auditEntries,
  counts,
  franceServices,
  recordOf,
  referential,
  snapshot,
  withChangedRow,
  without,
} from './support';

const actor = { kind: 'cli' } as const;
const deps = { referential };
const options = (over: Partial<Parameters<typeof applyImport>[2]> = {}) => ({
  source: 'france-services',
  full: true,
  actor,
  fileName: 'france-services-86.csv',
  ...over,
});

describeWithDatabases('lieux: applying an import', ({ itDb }) => {
  const fs = franceServices();

  itDb('creates one source record per accepted row and the public lieux, and stores the report', async (db) => {
    expect(fs.accepted.length).toBeGreaterThan(15);
    const report = await applyImport(db, fs, options(), deps);
    expect(report).toMatchObject({
      total: fs.total,
      accepted: fs.accepted.length,
      rejected: fs.rejected.length,
      created: fs.accepted.length,
      updated: 0,
      unchanged: 0,
      absent: 0,
      departements: ['86'],
    });
    const c = await counts(db);
    expect(c.records).toBe(fs.accepted.length);
    expect(c.lieux).toBe(report.lieux.created);
    expect(c.lieux).toBeGreaterThan(0);
    const first = fs.accepted[0]!;
    const record = await recordOf(db, 'france-services', first.sourceId);
    expect(record).toMatchObject({ codeInsee: first.lieu.code_insee, departement: '86', lat: first.lieu.latitude });
    expect(record!.lieuId).toBeTruthy();
    const [row] = await db.select().from(lieuxImports).where(eq(lieuxImports.id, report.importId!));
    expect(row).toMatchObject({ source: 'france-services', created: fs.accepted.length, total: fs.total });
    expect((row!.report as { created: number }).created).toBe(fs.accepted.length);
    const [publicLieu] = await db.select().from(lieux).where(eq(lieux.id, record!.lieuId!));
    expect(publicLieu).toMatchObject({ departement: '86', region: '75', version: 1, codeInsee: publicLieu!.data.code_insee });
    expect(publicLieu!.searchText).toMatch(/france services/);
  });

  itDb('re-importing the same file writes nothing and audits nothing', async (db) => {
    await applyImport(db, fs, options(), deps);
    const before = await snapshot(db);
    const c = await counts(db);
    const again = await applyImport(db, fs, options(), deps);
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: fs.accepted.length, absent: 0 });
    expect(again.lieux).toEqual({ created: 0, updated: 0, removed: 0 });
    expect(await snapshot(db)).toEqual(before);
    expect((await counts(db)).audit).toBe(c.audit);
  });

  itDb('a changed row updates its record and its public lieu, with audit entries before/after', async (db) => {
    await applyImport(db, fs, options(), deps);
    const target = fs.accepted[2]!;
    const changed = withChangedRow(fs, 2, { nom: `${target.lieu.nom} (rénové)` });
    const report = await applyImport(db, changed, options(), deps);
    expect(report).toMatchObject({ created: 0, updated: 1, unchanged: fs.accepted.length - 1 });
    const record = await recordOf(db, 'france-services', target.sourceId);
    expect(record!.data.nom).toBe(`${target.lieu.nom} (rénové)`);
    const recordAudit = await auditEntries(db, 'source_record', `france-services:${target.sourceId}`);
    const update = recordAudit.find((e) => e.action === 'update')!;
    expect((update.before as { nom: string }).nom).toBe(target.lieu.nom);
    expect((update.after as { nom: string }).nom).toBe(`${target.lieu.nom} (rénové)`);
    const detail = await getLieu(db, record!.lieuId!);
    expect(detail!.version).toBe(2);
    expect(detail!.lieu.nom).toBe(`${target.lieu.nom} (rénové)`);
    const lieuAudit = await auditEntries(db, 'lieu', record!.lieuId!);
    expect(lieuAudit.map((e) => e.action).sort()).toEqual(['create', 'update']);
  });

  itDb('a source moving a lieu’s only record to another département moves the lieu itself: same id, people’s edits kept', async (db) => {
    await applyImport(db, fs, options(), { ...deps, clock: () => new Date('2026-03-01T10:00:00Z') });
    const target = fs.accepted[0]!;
    const lieuId = (await recordOf(db, 'france-services', target.sourceId))!.lieuId!;
    const before = (await getLieu(db, lieuId))!;
    const edited = await editLieu(db, lieuId, { version: before.version, changes: { telephone: '+33549111111' } }, actor, deps);
    expect(edited.kind).toBe('ok');

    const bordeaux = { adresse: '1 place Pey Berland', code_postal: '33000', commune: 'Bordeaux', code_insee: '33063', latitude: 44.8378, longitude: -0.5792 };
    await applyImport(db, withChangedRow(fs, 0, { ...bordeaux, date_maj: '2026-10-20' }), options(), { ...deps, clock: () => new Date('2026-10-21T10:00:00Z') });
    const after = await getLieu(db, lieuId);
    expect(after?.lieu).toMatchObject({ code_insee: '33063', commune: 'Bordeaux', telephone: '+33549111111' });
    expect((await recordOf(db, 'france-services', target.sourceId))!.lieuId).toBe(lieuId);
    expect(after!.records.map((r) => r.source).sort()).toEqual(['edition', 'france-services']);
    // No lieu left behind in the Vienne for it.
    const inVienne = await db.select({ id: lieux.id }).from(lieux).where(eq(lieux.departement, '86'));
    expect(inVienne.map((l) => l.id)).not.toContain(lieuId);
    expect(inVienne).toHaveLength(fs.accepted.filter((r) => r.lieu.code_insee?.startsWith('86')).length - 1);
  });

  itDb('a full re-import missing a row flags it absent without deleting; it is un-flagged when it comes back', async (db) => {
    await applyImport(db, fs, options(), deps);
    const missing = fs.accepted[0]!;
    const partialFile = without(fs, [0]);

    const partial = await applyImport(db, partialFile, options({ full: false }), deps);
    expect(partial.absent).toBe(0);
    expect((await recordOf(db, 'france-services', missing.sourceId))!.absentSince).toBeNull();

    const full = await applyImport(db, partialFile, options(), deps);
    expect(full.absent).toBe(1);
    const record = await recordOf(db, 'france-services', missing.sourceId);
    expect(record!.absentSince).toBeInstanceOf(Date);
    expect((await counts(db)).records).toBe(fs.accepted.length);
    const detail = await getLieu(db, record!.lieuId!);
    expect(detail!.records.find((r) => r.sourceId === missing.sourceId)!.absentSince).toBeInstanceOf(Date);
    expect((await auditEntries(db, 'source_record', `france-services:${missing.sourceId}`)).map((e) => e.action)).toContain('absent');

    const back = await applyImport(db, fs, options(), deps);
    expect(back).toMatchObject({ reappeared: 1, absent: 0, created: 0 });
    expect((await recordOf(db, 'france-services', missing.sourceId))!.absentSince).toBeNull();
  });

  itDb('a failure half-way rolls everything back, on a first import and on an update', async (db) => {
    const empty = await snapshot(db);
    for (const step of ['records', 'recompute', 'report'] as const) {
      await expect(
        applyImport(db, fs, options(), {
          ...deps,
          failAt: (s) => {
            if (s === step) throw new Error(`panne simulée (${s})`);
          },
        }),
      ).rejects.toThrow(/panne simulée/);
      expect(await snapshot(db)).toEqual(empty);
    }

    await applyImport(db, fs, options(), deps);
    const before = await snapshot(db);
    const c = await counts(db);
    const changed = withChangedRow(without(fs, [1]), 0, { nom: 'Nom changé' });
    await expect(
      applyImport(db, changed, options(), {
        ...deps,
        failAt: (s) => {
          if (s === 'recompute') throw new Error('panne simulée');
        },
      }),
    ).rejects.toThrow(/panne simulée/);
    expect(await snapshot(db)).toEqual(before);
    expect(await counts(db)).toEqual(c);
  });

  itDb('running again gives the same state (stable ids, no new versions)', async (db) => {
    await applyImport(db, fs, options(), deps);
    const first = await snapshot(db);
    const ctx = recomputeContext(deps, actor, 'cli', new Date());
    const rerun = await recomputeDepartement(db, '86', ctx);
    expect(rerun).toMatchObject({ created: 0, updated: 0, removed: 0, records: fs.accepted.length });
    await applyImport(db, fs, options(), deps);
    expect(await snapshot(db)).toEqual(first);
  });

  itDb('a simulation reports the same counts and writes nothing', async (db) => {
    const empty = await counts(db);
    const simulated = await applyImport(db, fs, options({ simulate: true }), deps);
    expect(simulated).toMatchObject({ simulation: true, importId: null, created: fs.accepted.length });
    expect(await counts(db)).toEqual(empty);
    const applied = await applyImport(db, fs, options(), deps);
    expect({ ...applied, importId: null, simulation: true }).toEqual(simulated);
  });

  itDb('rows outside the territory are rejected as "hors de votre territoire"', async (db) => {
    const poitiers = fs.accepted.filter((r) => r.lieu.code_insee === '86194');
    expect(poitiers.length).toBeGreaterThan(0);
    const report = await applyImport(db, fs, options({ inScope: (c) => c === '86194' }), deps);
    expect(report.accepted).toBe(poitiers.length);
    const outside = report.rejects.filter((r) => r.reason === 'hors de votre territoire');
    expect(outside).toHaveLength(fs.accepted.length - poitiers.length);
    expect(outside[0]).toMatchObject({ field: 'code_insee' });
    expect(report.rejected).toBe(fs.rejected.length + outside.length);
    expect((await counts(db)).records).toBe(poitiers.length);
  });

  itDb('a second source describing the same places is merged into the same public lieux', async (db) => {
    await applyImport(db, fs, options(), deps);
    const lieuxBefore = (await counts(db)).lieux;
    const copy = { ...fs, source: 'copie' };
    const report = await applyImport(db, copy, options({ source: 'copie' }), deps);
    expect(report.created).toBe(fs.accepted.length);
    expect((await counts(db)).lieux).toBe(lieuxBefore);
    const record = await recordOf(db, 'copie', fs.accepted[0]!.sourceId);
    const original = await recordOf(db, 'france-services', fs.accepted[0]!.sourceId);
    expect(record!.lieuId).toBe(original!.lieuId);
    const detail = await getLieu(db, record!.lieuId!);
    expect(detail!.records.map((r) => r.source).sort()).toEqual(['copie', 'france-services']);
  });

  itDb('exports the public lieux, or the raw records filtered by source', async (db: Database) => {
    await applyImport(db, fs, options(), deps);
    await applyImport(db, { ...fs, source: 'copie' }, options({ source: 'copie' }), deps);
    const publics = await exportLieux(db, { departement: '86' }, { raw: false });
    expect(publics.length).toBe((await counts(db)).lieux);
    const raw = await exportLieux(db, { source: 'copie' }, { raw: true });
    expect(raw).toHaveLength(fs.accepted.length);
    const rawRegion = await exportLieux(db, { region: '75' }, { raw: true, referential });
    expect(rawRegion).toHaveLength(2 * fs.accepted.length);
    expect(await exportLieux(db, { region: '11' }, { raw: true, referential })).toHaveLength(0);
  });
});
