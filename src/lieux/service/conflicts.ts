/**
 * Import conflicts: a re-import that brings another value for a field people changed (the structure, a gestionnaire)
 * never overwrites it; the value waits here until a gestionnaire keeps people's value or takes the incoming one.
 * Detected after the import's recomputation (the record's lieu is known only then), in the import's transaction.
 */
import { createHash } from 'node:crypto';
import { and, desc, eq, inArray, type SQL } from 'drizzle-orm';
import { auditLog, changeEntryOf, recordChange, type Actor } from '../../platform/audit';
import type { Database } from '../../platform/db';
import { fieldGroup, fieldValueKey, importConflicts, sameFieldValue } from '../dedup';
import { FIELD_LABELS } from '../domain/labels';
import { LIEU_FIELDS, type Lieu, type LieuField } from '../domain/lieu';
import { lieuFieldConflicts, lieux, sourceRecords, type FieldConflictStatus } from '../schema';
import { EDITION_SOURCE, editionRecordsOf, findLieuRow, findSourceRecord, lieuRowsByIds, recordKey, recordsByKeys } from '../storage';
import { editLieu, type EditDeps, type LieuWriteOutcome } from './edit';

const ENTITY = 'lieu_field_conflict';
const FIELDS: ReadonlySet<string> = new Set(LIEU_FIELDS);

type ConflictRow = typeof lieuFieldConflicts.$inferSelect;

/** An imported record the import created or changed: what it said before (null when new) and what it says now. */
export interface ImportedChange {
  source: string;
  sourceId: string;
  /** Null for a record the import created. */
  previous: Lieu | null;
  /** The public lieu it belonged to before the import (null when new, or moved to another département). */
  previousLieuId: string | null;
  next: Lieu;
}

export interface ConflictContext {
  importId: string | null;
  actor: Actor;
  changeSource: string;
  now: Date;
}

/** sha256 of a value as the registry compares it: the same list in another order is the same value. */
function valueHash(value: unknown): string {
  return createHash('sha256').update(fieldValueKey(value)).digest('hex');
}

/**
 * Records a conflict for every field people changed that a changed (or new) record brings another value for, against
 * its lieu as the recomputation left it. A value already recorded for that lieu, field and source (open or decided)
 * is never recorded again. Returns how many conflicts were raised; each one is audited.
 */
export async function recordImportConflicts(tx: Database, changes: ImportedChange[], ctx: ConflictContext): Promise<number> {
  if (changes.length === 0) return 0;
  const records = await recordsByKeys(tx, changes.map((c) => recordKey(c.source, c.sourceId)));
  const lieuIds = [...new Set([...records.values()].map((r) => r.lieuId).filter((id): id is string => !!id))];
  // Only a lieu people edited can have pinned fields: the others are not even read.
  const edited = (await editionRecordsOf(tx, lieuIds)).map((r) => r.sourceId);
  const lieuRows = new Map((await lieuRowsByIds(tx, edited)).map((row) => [row.id, row]));
  const edits = new Map<string, Map<LieuField, FieldEdit>>();
  let raised = 0;
  for (const change of changes) {
    const lieuId = records.get(recordKey(change.source, change.sourceId))?.lieuId;
    const row = lieuId ? lieuRows.get(lieuId) : undefined;
    if (!lieuId || !row) continue;
    const previous = change.previousLieuId === lieuId ? change.previous : null;
    const found = importConflicts({ lieu: row.data, provenance: row.provenance }, EDITION_SOURCE, previous, change.next);
    if (found.length === 0) continue;
    if (!edits.has(lieuId)) edits.set(lieuId, (await lastEdits(tx, [lieuId])).get(lieuId) ?? new Map());
    for (const conflict of found) {
      const values = {
        lieuId,
        field: conflict.field,
        source: change.source,
        sourceId: change.sourceId,
        importId: ctx.importId,
        keptValue: conflict.kept ?? null,
        incomingValue: conflict.incoming ?? null,
        incomingHash: valueHash(conflict.incoming),
        editedAt: edits.get(lieuId)?.get(conflict.field)?.at ?? null,
        detectedAt: ctx.now,
        departement: row.departement,
      };
      const [inserted] = await tx.insert(lieuFieldConflicts).values(values).onConflictDoNothing().returning();
      if (!inserted) continue;
      await recordChange(
        tx,
        {
          actor: ctx.actor,
          entity: ENTITY,
          entityId: inserted.id,
          action: 'create',
          before: null,
          after: { lieu: lieuId, champ: conflict.field, source: change.source, sourceId: change.sourceId, gardee: conflict.kept, proposee: conflict.incoming },
          source: ctx.changeSource,
        },
        ctx.now,
      );
      raised++;
    }
  }
  return raised;
}

/** When people last changed a field of a lieu, and who. */
export interface FieldEdit {
  at: Date;
  actor: Actor;
}

/**
 * The last edit of each field of these lieux, from the audit of their edition records: an edit names the fields it
 * changed (`champs`), a revert changes them all.
 */
async function lastEdits(db: Database, lieuIds: string[]): Promise<Map<string, Map<LieuField, FieldEdit>>> {
  const out = new Map<string, Map<LieuField, FieldEdit>>();
  if (lieuIds.length === 0) return out;
  const rows = await db
    .select()
    .from(auditLog)
    .where(
      and(
        eq(auditLog.entity, 'source_record'),
        inArray(
          auditLog.entityId,
          lieuIds.map((id) => recordKey(EDITION_SOURCE, id)),
        ),
        inArray(auditLog.action, ['edit', 'revert']),
      ),
    )
    .orderBy(desc(auditLog.at), desc(auditLog.id));
  for (const entry of rows.map(changeEntryOf)) {
    const lieuId = entry.entityId.slice(EDITION_SOURCE.length + 1);
    const fields = out.get(lieuId) ?? new Map<LieuField, FieldEdit>();
    out.set(lieuId, fields);
    const champs = (entry.after as { champs?: Record<string, unknown> } | null)?.champs;
    const touched = entry.action === 'revert' || !champs ? LIEU_FIELDS : Object.keys(champs).filter((f): f is LieuField => FIELDS.has(f));
    for (const field of touched) if (!fields.has(field)) fields.set(field, { at: entry.at, actor: entry.actor });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------------
// Review

export interface ConflictFilter {
  departement?: string;
  epci?: string;
  commune?: string;
  /** Open conflicts by default. */
  statut?: FieldConflictStatus;
}

export interface ConflictView {
  id: string;
  status: FieldConflictStatus;
  lieu: { id: string; nom: string; commune: string };
  field: LieuField;
  label: string;
  /** People's value, as the lieu has it now (for a decided conflict: as it was when detected). */
  kept: unknown;
  /** When and by whom people last changed the field (null when the audit does not say). */
  editedAt: Date | null;
  editedBy: Actor | null;
  incoming: unknown;
  source: string;
  sourceId: string;
  importId: string | null;
  detectedAt: Date;
  resolvedAt: Date | null;
  resolvedBy: string | null;
}

/**
 * Conflicts of a territory, newest import first. An open conflict is listed while it still stands: the source still
 * gives that value and the lieu still has another one (a source that changed its mind, or people who took the value
 * meanwhile, leave nothing to decide).
 */
export async function listConflicts(db: Database, filter: ConflictFilter): Promise<ConflictView[]> {
  const status = filter.statut ?? 'ouvert';
  const where: SQL[] = [eq(lieuFieldConflicts.status, status)];
  if (filter.departement) where.push(eq(lieux.departement, filter.departement));
  if (filter.epci) where.push(eq(lieux.epci, filter.epci));
  if (filter.commune) where.push(eq(lieux.codeInsee, filter.commune));
  const rows = await db
    .select({ conflict: lieuFieldConflicts, lieu: lieux.data, record: sourceRecords.data })
    .from(lieuFieldConflicts)
    .innerJoin(lieux, eq(lieux.id, lieuFieldConflicts.lieuId))
    .leftJoin(
      sourceRecords,
      and(eq(sourceRecords.source, lieuFieldConflicts.source), eq(sourceRecords.sourceId, lieuFieldConflicts.sourceId)),
    )
    .where(and(...where))
    .orderBy(desc(lieuFieldConflicts.detectedAt), lieuFieldConflicts.lieuId, lieuFieldConflicts.field);
  const shown = rows.filter(({ conflict, lieu, record }) => status !== 'ouvert' || stillStands(conflict, lieu, record));
  const edits = await lastEdits(db, [...new Set(shown.map((r) => r.conflict.lieuId))]);
  return shown.map(({ conflict, lieu }) => {
    const field = conflict.field as LieuField;
    const edit = edits.get(conflict.lieuId)?.get(field);
    return {
      id: conflict.id,
      status: conflict.status,
      lieu: { id: conflict.lieuId, nom: lieu.nom, commune: lieu.commune },
      field,
      label: FIELD_LABELS[field] ?? field,
      kept: status === 'ouvert' ? (lieu[field] ?? null) : conflict.keptValue,
      editedAt: edit?.at ?? conflict.editedAt,
      editedBy: edit?.actor ?? null,
      incoming: conflict.incomingValue,
      source: conflict.source,
      sourceId: conflict.sourceId,
      importId: conflict.importId,
      detectedAt: conflict.detectedAt,
      resolvedAt: conflict.resolvedAt,
      resolvedBy: conflict.resolvedBy,
    };
  });
}

function stillStands(conflict: ConflictRow, lieu: Lieu, record: Lieu | null): boolean {
  const field = conflict.field as LieuField;
  return !!record && sameFieldValue(record[field], conflict.incomingValue) && !sameFieldValue(lieu[field], conflict.incomingValue);
}

export type ConflictDecision = 'garder' | 'remplacer';

export type DecisionOutcome =
  | { kind: 'ok'; status: FieldConflictStatus; lieuId: string; fields: LieuField[]; decided: string[]; version: number }
  | { kind: 'not-found' }
  | { kind: 'already-decided'; status: FieldConflictStatus }
  | { kind: 'outdated' }
  | { kind: 'edit-failed'; lieuId: string; outcome: Exclude<LieuWriteOutcome, { kind: 'ok' }> };

/**
 * A gestionnaire's decision. `garder` keeps people's value; `remplacer` writes the incoming value as an edit of the lieu
 * (validated, version + 1, audited like any edit). An address or a point is decided as a whole: the open conflicts of
 * the same record on the rest of its group are decided with it. Audited, in one transaction.
 */
export async function decideConflict(
  db: Database,
  id: string,
  decision: ConflictDecision,
  actor: Actor,
  deps: EditDeps & { clock: () => Date },
): Promise<DecisionOutcome> {
  return db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Database;
    const now = deps.clock();
    const [conflict] = await tx.select().from(lieuFieldConflicts).where(eq(lieuFieldConflicts.id, id)).for('update');
    if (!conflict) return { kind: 'not-found' } as const;
    if (conflict.status !== 'ouvert') return { kind: 'already-decided', status: conflict.status } as const;
    const row = await findLieuRow(tx, conflict.lieuId, true);
    const record = await findSourceRecord(tx, conflict.source, conflict.sourceId);
    if (!row || !stillStands(conflict, row.data, record?.data ?? null)) return { kind: 'outdated' } as const;

    const group = fieldGroup(conflict.field as LieuField);
    const siblings = (
      await tx
        .select()
        .from(lieuFieldConflicts)
        .where(
          and(
            eq(lieuFieldConflicts.lieuId, conflict.lieuId),
            eq(lieuFieldConflicts.source, conflict.source),
            eq(lieuFieldConflicts.sourceId, conflict.sourceId),
            eq(lieuFieldConflicts.status, 'ouvert'),
            inArray(lieuFieldConflicts.field, [...group]),
          ),
        )
        .for('update')
    ).filter((c) => c.id !== conflict.id && stillStands(c, row.data, record!.data));
    const decided = [conflict, ...siblings];
    const fields = decided.map((c) => c.field as LieuField);

    let version = row.version;
    if (decision === 'remplacer') {
      const changes = Object.fromEntries(fields.map((f) => [f, record!.data[f]])) as Partial<Lieu>;
      const outcome = await editLieu(tx, row.id, { version: row.version, changes }, actor, deps);
      if (outcome.kind !== 'ok') return { kind: 'edit-failed', lieuId: row.id, outcome } as const;
      version = outcome.version;
    }
    const status: FieldConflictStatus = decision === 'garder' ? 'garde' : 'remplace';
    const resolvedBy = 'id' in actor ? actor.id : actor.kind;
    for (const c of decided) {
      await tx
        .update(lieuFieldConflicts)
        .set({ status, resolvedBy, resolvedAt: now, keptValue: row.data[c.field as LieuField] ?? null })
        .where(eq(lieuFieldConflicts.id, c.id));
      await recordChange(
        tx,
        {
          actor,
          entity: ENTITY,
          entityId: c.id,
          action: 'decision',
          before: { statut: 'ouvert' },
          after: { statut: status, decision, lieu: c.lieuId, champ: c.field, valeur: decision === 'garder' ? row.data[c.field as LieuField] : c.incomingValue },
          source: deps.changeSource ?? 'api',
        },
        now,
      );
    }
    return { kind: 'ok', status, lieuId: row.id, fields, decided: decided.map((c) => c.id), version } as const;
  });
}

/** The lieu a conflict is about (for the access policy), undefined when there is no such conflict. */
export async function conflictLieuId(db: Database, id: string): Promise<string | undefined> {
  const [row] = await db.select({ lieuId: lieuFieldConflicts.lieuId }).from(lieuFieldConflicts).where(eq(lieuFieldConflicts.id, id));
  return row?.lieuId;
}
