/**
 * Applying an analysed file: upsert the source records, flag the ones a full import no longer contains, recompute the
 * public lieux of every département touched, record the conflicts with what people changed, store the report.
 * One transaction: all or nothing.
 */
import { randomUUID } from 'node:crypto';
import { and, eq, ne } from 'drizzle-orm';
import { recordChange, type Actor } from '../../platform/audit';
import type { Database } from '../../platform/db';
import type { FieldIssue } from '../domain/lieu';
import { lieuToRaw } from '../domain/lieu-raw';
import type { ImportAnalysis } from '../import';
import { lieuxImports, sourceRecords } from '../schema';
import { EDITION_SOURCE, recordKey, sourceRecordsOf, territoryColumns, type SourceRecordRow } from '../storage';
import { recordImportConflicts, type ImportedChange } from './conflicts';
import { recomputeContext, recomputeDepartement, type RecomputeDeps } from './recompute';

export const OUT_OF_TERRITORY = 'hors de votre territoire';

export interface ImportReject {
  line: number;
  sourceId: string | null;
  field: string;
  value: string;
  reason: string;
  /** The row's cells as the file gave them (or as the standard's columns): to fix it and import it again. */
  raw: Record<string, string>;
}

export interface ImportReport {
  /** Null for a simulation (nothing was stored). */
  importId: string | null;
  simulation: boolean;
  format: string;
  source: string;
  fileName: string | null;
  full: boolean;
  total: number;
  accepted: number;
  rejected: number;
  /** Source records created, updated, unchanged; flagged absent (full import); flagged absent before and back now. */
  created: number;
  updated: number;
  unchanged: number;
  absent: number;
  reappeared: number;
  rejects: ImportReject[];
  warnings: FieldIssue[];
  /** Public lieux after the recomputation of the départements touched. */
  lieux: { created: number; updated: number; removed: number };
  departements: string[];
  /** Values the import brought for fields people changed: kept as people set them, listed for a gestionnaire. */
  conflits: number;
}

export type ImportStep = 'records' | 'absent' | 'recompute' | 'report';

export interface ImportOptions {
  source: string;
  /** A full import flags the source's records missing from the file (absent_since); never deletes. */
  full: boolean;
  actor: Actor;
  fileName: string | null;
  /** Audit source; 'import' by default. */
  changeSource?: string;
  /** Run everything, report, and roll back: nothing is written. */
  simulate?: boolean;
  /**
   * Territory of the person importing: rows whose commune it does not contain are rejected ("hors de votre
   * territoire"), and a full import flags as absent only the records inside it. Absent: no restriction.
   */
  inScope?: (codeInsee: string | null) => boolean;
}

export interface ImportDeps extends RecomputeDeps {
  clock?: () => Date;
  onProgress?: (progress: { step: 'enregistrements' | 'dedoublonnage'; done: number; total: number }) => void;
  /** Test hook: called between steps; throwing aborts the import (the transaction rolls back). */
  failAt?: (step: ImportStep) => void;
}

class SimulationRollback extends Error {
  constructor(readonly report: ImportReport) {
    super('simulation');
  }
}

/** Moves the rows outside the territory to the rejects, with the French reason. Pure. */
export function restrictToTerritory(
  analysis: ImportAnalysis,
  inScope: (codeInsee: string | null) => boolean,
): { analysis: ImportAnalysis; outside: ImportReject[] } {
  const accepted: ImportAnalysis['accepted'] = [];
  const outside: ImportReject[] = [];
  for (const row of analysis.accepted) {
    if (inScope(row.lieu.code_insee)) accepted.push(row);
    else
      outside.push({
        line: row.line,
        sourceId: row.sourceId,
        field: 'code_insee',
        value: row.lieu.code_insee ?? '',
        reason: OUT_OF_TERRITORY,
        raw: lieuToRaw(row.lieu),
      });
  }
  return { analysis: { ...analysis, accepted }, outside };
}

export async function applyImport(
  db: Database,
  analysis: ImportAnalysis,
  options: ImportOptions,
  deps: ImportDeps,
): Promise<ImportReport> {
  if (options.source === EDITION_SOURCE || options.source.includes(':') || options.source.trim() === '') {
    throw new Error(`Nom de source invalide : « ${options.source} » (réservé, vide ou contenant « : »).`);
  }
  try {
    return await db.transaction(async (tx) => {
      const report = await applyInTransaction(tx as unknown as Database, analysis, options, deps);
      if (options.simulate) throw new SimulationRollback(report);
      return report;
    });
  } catch (error) {
    if (error instanceof SimulationRollback) return error.report;
    throw error;
  }
}

async function applyInTransaction(
  tx: Database,
  input: ImportAnalysis,
  options: ImportOptions,
  deps: ImportDeps,
): Promise<ImportReport> {
  const now = (deps.clock ?? (() => new Date()))();
  const changeSource = options.changeSource ?? 'import';
  const importId = options.simulate ? null : randomUUID();
  const { source, actor } = options;

  const rejects: ImportReject[] = input.rejected.map((r) => ({
    line: r.line,
    sourceId: r.sourceId,
    field: r.field,
    value: r.value,
    reason: r.reason,
    raw: r.raw,
  }));
  let analysis = input;
  if (options.inScope) {
    const restricted = restrictToTerritory(input, options.inScope);
    analysis = restricted.analysis;
    rejects.push(...restricted.outside);
  }

  // One row per source id: a second row with the same id is rejected, not silently merged.
  const seen = new Set<string>();
  const rows: ImportAnalysis['accepted'] = [];
  for (const row of analysis.accepted) {
    if (seen.has(row.sourceId)) {
      rejects.push({
        line: row.line,
        sourceId: row.sourceId,
        field: 'id',
        value: row.sourceId,
        reason: 'identifiant déjà présent plus haut dans le fichier',
        raw: lieuToRaw(row.lieu),
      });
    } else {
      seen.add(row.sourceId);
      rows.push(row);
    }
  }
  rejects.sort((a, b) => a.line - b.line);

  const existing = new Map<string, SourceRecordRow>((await sourceRecordsOf(tx, source)).map((r) => [r.sourceId, r]));
  const touched = new Set<string | null>();
  const changed: ImportedChange[] = [];
  const counts = { created: 0, updated: 0, unchanged: 0, absent: 0, reappeared: 0 };
  const audit = (entityId: string, action: string, before: unknown, after: unknown) =>
    recordChange(tx, { actor, entity: 'source_record', entityId, action, before, after, source: changeSource }, now);

  let done = 0;
  for (const row of rows) {
    const key = recordKey(source, row.sourceId);
    const territory = territoryColumns(deps.referential, row.lieu.code_insee);
    const columns = {
      data: row.lieu,
      hash: row.hash,
      flags: row.flags,
      warnings: row.warnings,
      codeInsee: territory.codeInsee,
      departement: territory.departement,
      lat: row.lieu.latitude,
      lon: row.lieu.longitude,
      lastImportId: importId,
      absentSince: null,
      updatedAt: now,
    };
    const current = existing.get(row.sourceId);
    if (!current) {
      await tx.insert(sourceRecords).values({ source, sourceId: row.sourceId, ...columns, createdAt: now });
      await audit(key, 'create', null, row.lieu);
      changed.push({ source, sourceId: row.sourceId, previous: null, previousLieuId: null, next: row.lieu });
      touched.add(territory.departement);
      counts.created++;
    } else if (current.hash === row.hash) {
      counts.unchanged++;
      if (current.absentSince) {
        await tx.update(sourceRecords).set({ absentSince: null, updatedAt: now }).where(eq(sourceRecords.id, current.id));
        await audit(key, 'reappear', { absentSince: current.absentSince }, { absentSince: null });
        counts.reappeared++;
      }
    } else {
      // A record moving to another département leaves its lieu, unless it is the lieu's only import: then the lieu
      // (its id, people's edits, its history) moves with it.
      const moved = current.departement !== territory.departement && !(await soleImportOfItsLieu(tx, current));
      await tx
        .update(sourceRecords)
        .set({ ...columns, ...(moved ? { lieuId: null } : {}) })
        .where(eq(sourceRecords.id, current.id));
      await audit(key, 'update', current.data, row.lieu);
      changed.push({
        source,
        sourceId: row.sourceId,
        previous: current.data,
        previousLieuId: moved ? null : current.lieuId,
        next: row.lieu,
      });
      if (current.absentSince) counts.reappeared++;
      touched.add(current.departement);
      touched.add(territory.departement);
      counts.updated++;
    }
    done++;
    deps.onProgress?.({ step: 'enregistrements', done, total: rows.length });
  }
  deps.failAt?.('records');

  if (options.full) {
    // Rows of the file that were rejected are still "in the file": they are reported, not flagged absent.
    const inFile = new Set([...seen, ...input.rejected.map((r) => r.sourceId).filter((id): id is string => !!id)]);
    for (const current of existing.values()) {
      if (inFile.has(current.sourceId) || current.absentSince) continue;
      if (options.inScope && !options.inScope(current.codeInsee)) continue;
      await tx
        .update(sourceRecords)
        .set({ absentSince: now, updatedAt: now })
        .where(and(eq(sourceRecords.id, current.id)));
      await audit(recordKey(source, current.sourceId), 'absent', { absentSince: null }, { absentSince: now.toISOString() });
      counts.absent++;
    }
  }
  deps.failAt?.('absent');

  const ctx = recomputeContext(deps, actor, changeSource, now);
  const lieuxCounts = { created: 0, updated: 0, removed: 0 };
  const departements = [...touched].sort((a, b) => (a ?? '').localeCompare(b ?? ''));
  let recomputed = 0;
  for (const departement of departements) {
    const r = await recomputeDepartement(tx, departement, ctx);
    lieuxCounts.created += r.created;
    lieuxCounts.updated += r.updated;
    lieuxCounts.removed += r.removed;
    recomputed++;
    deps.onProgress?.({ step: 'dedoublonnage', done: recomputed, total: departements.length });
    if (recomputed === 1) deps.failAt?.('recompute');
  }
  if (departements.length === 0) deps.failAt?.('recompute');
  // After the recomputation: a new record's lieu is known only now, and the lieu keeps what people changed.
  const conflits = await recordImportConflicts(tx, changed, { importId, actor, changeSource, now });

  const report: ImportReport = {
    importId,
    simulation: !!options.simulate,
    format: analysis.format,
    source,
    fileName: options.fileName,
    full: options.full,
    total: input.total,
    accepted: rows.length,
    rejected: rejects.length,
    ...counts,
    rejects,
    warnings: analysis.warnings,
    lieux: lieuxCounts,
    departements: departements.filter((d): d is string => d !== null),
    conflits,
  };
  deps.failAt?.('report');
  if (importId) {
    await tx.insert(lieuxImports).values({
      id: importId,
      source,
      format: analysis.format,
      fileName: options.fileName,
      full: options.full,
      actorKind: actor.kind,
      actorId: 'id' in actor ? actor.id : null,
      startedAt: now,
      total: report.total,
      accepted: report.accepted,
      rejected: report.rejected,
      created: report.created,
      updated: report.updated,
      unchanged: report.unchanged,
      absent: report.absent,
      report,
    });
  }
  return report;
}

/** True when no other imported record belongs to this record's lieu. */
async function soleImportOfItsLieu(tx: Database, record: SourceRecordRow): Promise<boolean> {
  if (!record.lieuId) return false;
  const [other] = await tx
    .select({ id: sourceRecords.id })
    .from(sourceRecords)
    .where(and(eq(sourceRecords.lieuId, record.lieuId), ne(sourceRecords.id, record.id), ne(sourceRecords.source, EDITION_SOURCE)))
    .limit(1);
  return !other;
}
