import { expect } from 'vitest';
import {
  applyImport,
  decidePair,
  editLieu,
  exportLieux,
  getLieu,
  lieuHistory,
  listLieux,
  listPairs,
  revertLieu,
  setLieuStatus,
} from '../../src/lieux/service';
import type { Database } from '../../src/platform/db';
import { describeWithDatabases } from '../helpers/db';
import { auditEntries, cnfs, franceServices, recordOf, referential, withChangedRow } from './support';

const actor = { kind: 'user', id: '00000000-0000-4000-8000-000000000001' } as const;
const deps = { referential };
const fs = franceServices();

async function importFs(db: Database, analysis = fs, source = 'france-services') {
  return applyImport(db, { ...analysis, source }, { source, full: true, actor: { kind: 'cli' }, fileName: null }, deps);
}

async function firstLieuId(db: Database): Promise<string> {
  const record = await recordOf(db, 'france-services', fs.accepted[0]!.sourceId);
  return record!.lieuId!;
}

describeWithDatabases('lieux: edits, reverts, statuses and decisions', ({ itDb }) => {
  itDb('an edit with the current version wins over the import, with per-field provenance and audit', async (db) => {
    await importFs(db);
    const id = await firstLieuId(db);
    const before = (await getLieu(db, id))!;
    const outcome = await editLieu(db, id, { version: before.version, changes: { nom: 'Espace France Services du centre', telephone: '+33549000000' } }, actor, deps);
    expect(outcome.kind).toBe('ok');
    if (outcome.kind !== 'ok') return;
    expect(outcome.version).toBe(before.version + 1);
    expect(outcome.lieu.nom).toBe('Espace France Services du centre');
    expect(outcome.lieu.adresse).toBe(before.lieu.adresse);
    expect(outcome.provenance.nom).toMatchObject({ source: 'edition', sourceId: id });
    expect(outcome.provenance.adresse?.source).toBe('france-services');
    const detail = (await getLieu(db, id))!;
    expect(detail.records.map((r) => r.kind).sort()).toEqual(['edition', 'import']);
    const history = await lieuHistory(db, id);
    expect(history[0]).toMatchObject({ entity: 'lieu', action: 'edit', actor });
    expect(history.some((e) => e.entity === 'source_record' && e.action === 'edit')).toBe(true);

    // A later unchanged re-import does not undo the edit.
    await importFs(db);
    expect((await getLieu(db, id))!.lieu.nom).toBe('Espace France Services du centre');
  });

  itDb('an edit based on a stale version is a conflict carrying the current version and data', async (db) => {
    await importFs(db);
    const id = await firstLieuId(db);
    const v1 = (await getLieu(db, id))!.version;
    const first = await editLieu(db, id, { version: v1, changes: { nom: 'Premier nom' } }, actor, deps);
    expect(first.kind).toBe('ok');
    const stale = await editLieu(db, id, { version: v1, changes: { nom: 'Second nom' } }, actor, deps);
    expect(stale).toMatchObject({ kind: 'conflict', currentVersion: v1 + 1 });
    if (stale.kind === 'conflict') expect(stale.current.nom).toBe('Premier nom');
    expect((await getLieu(db, id))!.lieu.nom).toBe('Premier nom');
  });

  itDb('invalid values come back as French field errors and change nothing', async (db) => {
    await importFs(db);
    const id = await firstLieuId(db);
    const before = (await getLieu(db, id))!;
    const outcome = await editLieu(db, id, { version: before.version, changes: { code_postal: 'ABCDE' } }, actor, deps);
    expect(outcome.kind).toBe('invalid');
    if (outcome.kind === 'invalid') expect(outcome.errors[0]).toMatchObject({ field: 'code_postal', value: 'ABCDE' });
    expect(await getLieu(db, id)).toEqual(before);
    expect(await editLieu(db, 'inexistant', { version: 1, changes: { nom: 'x' } }, actor, deps)).toEqual({ kind: 'not-found' });
  });

  itDb('a revert brings back the data of an audit entry and is recorded', async (db) => {
    await importFs(db);
    const id = await firstLieuId(db);
    const original = (await getLieu(db, id))!;
    const creation = (await auditEntries(db, 'lieu', id)).find((e) => e.action === 'create')!;
    await editLieu(db, id, { version: original.version, changes: { nom: 'Nom erroné', site_web: ['https://erreur.example.fr'] } }, actor, deps);
    const reverted = await revertLieu(db, id, creation.id, actor, deps);
    expect(reverted.kind).toBe('ok');
    if (reverted.kind !== 'ok') return;
    expect(reverted.lieu.nom).toBe(original.lieu.nom);
    expect(reverted.lieu.site_web).toEqual(original.lieu.site_web);
    expect(reverted.version).toBe(original.version + 2);
    const history = await lieuHistory(db, id);
    expect(history[0]).toMatchObject({ entity: 'lieu', action: 'revert' });
    const note = history.find((e) => e.entity === 'source_record' && e.action === 'revert')!;
    expect((note.after as { message: string }).message).toMatch(/^retour à la version du \d{2}\/\d{2}\/\d{4}/);
    expect(await revertLieu(db, id, 999_999_999, actor, deps)).toMatchObject({ kind: 'invalid' });
  });

  itDb('a status change is audited and bumps the version; closed-for-good lieux leave the exports', async (db) => {
    await importFs(db);
    const id = await firstLieuId(db);
    const v = (await getLieu(db, id))!.version;
    const bad = await setLieuStatus(db, id, { kind: 'ferme_temporairement', du: '2026-12-10', au: '2026-12-01' }, actor);
    expect(bad).toMatchObject({ kind: 'invalid', errors: [{ field: 'au' }] });
    const temp = await setLieuStatus(db, id, { kind: 'ferme_temporairement', du: '2026-12-01', au: '2026-12-31' }, actor);
    expect(temp).toMatchObject({ kind: 'ok', version: v + 1, status: { kind: 'ferme_temporairement' } });
    expect((await exportLieux(db, {}, { raw: false })).map((l) => l.id)).toContain(id);
    await setLieuStatus(db, id, { kind: 'ferme_definitivement', depuis: '2026-12-31' }, actor);
    expect((await exportLieux(db, {}, { raw: false })).map((l) => l.id)).not.toContain(id);
    expect((await listLieux(db, { statut: 'ferme_definitivement' }, { limit: 10 })).items.map((i) => i.id)).toEqual([id]);
    const statusAudit = (await auditEntries(db, 'lieu', id)).filter((e) => e.action === 'status');
    expect(statusAudit).toHaveLength(2);
    expect(statusAudit[1]!.before).toMatchObject({ kind: 'ferme_temporairement' });
  });

  itDb('a "distinct" decision splits a duplicate pair, is audited, and persists across re-imports', async (db) => {
    await importFs(db);
    await importFs(db, fs, 'copie');
    const sourceId = fs.accepted[0]!.sourceId;
    const a = `copie:${sourceId}`;
    const b = `france-services:${sourceId}`;
    const pairs = await listPairs(db, { departement: '86' });
    const pair = pairs.find((p) => p.a.key === a && p.b.key === b);
    expect(pair).toMatchObject({ verdict: 'duplicate' });
    expect(pair!.features.length).toBeGreaterThan(0);
    expect((await recordOf(db, 'copie', sourceId))!.lieuId).toBe((await recordOf(db, 'france-services', sourceId))!.lieuId);

    const decided = await decidePair(db, b, a, 'distinct', actor, deps);
    expect(decided).toMatchObject({ kind: 'ok', a, b, decision: 'distinct', departements: ['86'] });
    const split = async () => [(await recordOf(db, 'copie', sourceId))!.lieuId, (await recordOf(db, 'france-services', sourceId))!.lieuId];
    const [x, y] = await split();
    expect(x).not.toBe(y);
    expect((await auditEntries(db, 'dedup_decision', `${a}|${b}`))[0]).toMatchObject({ action: 'create', after: { decision: 'distinct' } });

    // A re-import that changes the record (so the département is recomputed) keeps the decision.
    await importFs(db, withChangedRow(fs, 0, { horaires: 'Mo-Fr 09:00-12:00' }), 'copie');
    const [x2, y2] = await split();
    expect(x2).not.toBe(y2);
    expect([x2, y2]).toEqual([x, y]);

    // "same" joins them again.
    await decidePair(db, a, b, 'same', actor, deps);
    const [x3, y3] = await split();
    expect(x3).toBe(y3);
    expect(await decidePair(db, a, 'copie:inconnu', 'same', actor, deps)).toMatchObject({ kind: 'not-found', field: 'b' });
  });

  itDb('lists with filters and keyset pagination', async (db) => {
    await importFs(db);
    const all: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await listLieux(db, { departement: '86' }, { cursor, limit: 5 });
      expect(page.items.length).toBeLessThanOrEqual(5);
      all.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(all).toEqual([...all].sort());
    expect(new Set(all).size).toBe(all.length);
    expect(all.length).toBe((await listLieux(db, {}, { limit: 500 })).items.length);

    const poitiers = await listLieux(db, { commune: '86194' }, { limit: 100 });
    expect(poitiers.items.length).toBeGreaterThan(0);
    expect(poitiers.items.every((i) => i.lieu.code_insee === '86194')).toBe(true);
    expect((await listLieux(db, { departement: '33' }, { limit: 100 })).items).toHaveLength(0);
    const byName = await listLieux(db, { q: 'pimms POITIERS' }, { limit: 100 });
    expect(byName.items.length).toBeGreaterThan(0);
    expect(byName.items.every((i) => /pimms/i.test(i.lieu.nom))).toBe(true);
    expect(byName.items[0]!.sources).toEqual(['france-services']);
    // France Services rows carry no services; the CNFS permanences do.
    await applyImport(db, cnfs(), { source: 'conseiller-numerique', full: true, actor: { kind: 'cli' }, fileName: null }, deps);
    const service = 'Maîtrise des outils numériques du quotidien';
    const everything = (await listLieux(db, {}, { limit: 500 })).items;
    const expected = everything.filter((i) => i.lieu.services.includes(service)).map((i) => i.id);
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(everything.length);
    const withService = await listLieux(db, { services: [service, 'Loisirs et créations numériques'] }, { limit: 500 });
    const either = everything.filter((i) => i.lieu.services.includes(service) || i.lieu.services.includes('Loisirs et créations numériques'));
    expect(withService.items.map((i) => i.id)).toEqual(either.map((i) => i.id));
    expect((await listLieux(db, { services: [service] }, { limit: 500 })).items.map((i) => i.id)).toEqual(expected);
    const franceServicesLieux = (await listLieux(db, { dispositif: 'France Services' }, { limit: 500 })).items;
    expect(franceServicesLieux.length).toBeGreaterThanOrEqual(all.length);
    expect(franceServicesLieux.every((i) => i.lieu.dispositif_programmes_nationaux.includes('France Services'))).toBe(true);
    expect((await listLieux(db, { source: 'autre' }, { limit: 500 })).items).toHaveLength(0);
  });
});
