import { readFileSync } from 'node:fs';
import { count, eq } from 'drizzle-orm';
import { lieuHash } from '../../src/lieux/domain';
import type { Lieu } from '../../src/lieux/domain/lieu';
import { analyseImport, isFileError, type ImportAnalysis } from '../../src/lieux/import';
import { lieux, sourceRecords } from '../../src/lieux/schema';
import { auditLog } from '../../src/platform/audit';
import type { Database } from '../../src/platform/db';
import { getReferential } from '../../src/territory';

export const referential = getReferential();
export const TODAY = '2026-11-25';

export function demoBytes(name: 'france-services-86.csv' | 'cnfs-permanences-86.json'): Uint8Array {
  return new Uint8Array(readFileSync(new URL(`../../data/demo/${name}`, import.meta.url)));
}

export function analyse(bytes: Uint8Array, source: string, fileName = 'fichier.csv'): ImportAnalysis {
  const analysis = analyseImport(bytes, { source, fileName, today: TODAY }, referential);
  if (isFileError(analysis)) throw new Error(analysis.reason);
  return analysis;
}

export const franceServices = () => analyse(demoBytes('france-services-86.csv'), 'france-services', 'france-services-86.csv');
export const cnfs = () => analyse(demoBytes('cnfs-permanences-86.json'), 'conseiller-numerique', 'cnfs-permanences-86.json');

/** A copy of the analysis with one accepted row changed (hash recomputed, as the analysis would). */
export function withChangedRow(analysis: ImportAnalysis, index: number, change: Partial<Lieu>): ImportAnalysis {
  return {
    ...analysis,
    accepted: analysis.accepted.map((row, i) => {
      if (i !== index) return row;
      const lieu = { ...row.lieu, ...change };
      return { ...row, lieu, hash: lieuHash(lieu) };
    }),
  };
}

/** A copy of the analysis without some accepted rows. */
export function without(analysis: ImportAnalysis, indexes: number[]): ImportAnalysis {
  const accepted = analysis.accepted.filter((_, i) => !indexes.includes(i));
  return { ...analysis, accepted, total: accepted.length + analysis.rejected.length };
}

export async function counts(db: Database) {
  const [records] = await db.select({ n: count() }).from(sourceRecords);
  const [publics] = await db.select({ n: count() }).from(lieux);
  const [audit] = await db.select({ n: count() }).from(auditLog);
  return { records: records!.n, lieux: publics!.n, audit: audit!.n };
}

/** Everything that defines the registry's state, in a stable order, for before/after comparisons. */
export async function snapshot(db: Database) {
  const records = await db
    .select({
      source: sourceRecords.source,
      sourceId: sourceRecords.sourceId,
      hash: sourceRecords.hash,
      lieuId: sourceRecords.lieuId,
      absentSince: sourceRecords.absentSince,
      data: sourceRecords.data,
    })
    .from(sourceRecords)
    .orderBy(sourceRecords.source, sourceRecords.sourceId);
  const publics = await db
    .select({ id: lieux.id, data: lieux.data, version: lieux.version, status: lieux.status, provenance: lieux.provenance })
    .from(lieux)
    .orderBy(lieux.id);
  return JSON.parse(JSON.stringify({ records, publics })) as unknown;
}

export async function auditEntries(db: Database, entity: string, entityId: string) {
  return db
    .select()
    .from(auditLog)
    .where(eq(auditLog.entityId, entityId))
    .orderBy(auditLog.id)
    .then((rows) => rows.filter((r) => r.entity === entity));
}

export async function recordOf(db: Database, source: string, sourceId: string) {
  const rows = await db.select().from(sourceRecords).where(eq(sourceRecords.sourceId, sourceId));
  return rows.find((r) => r.source === source);
}
