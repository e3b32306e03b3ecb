/**
 * From source records to public lieux: deduplicate one département's records, keep stable ids, merge each cluster,
 * write only what changed (version + 1 and an audit entry), remove a public lieu left without members.
 * Always called inside the caller's transaction.
 */
import { eq, isNull } from 'drizzle-orm';
import { recordChange, type Actor } from '../../platform/audit';
import type { Database } from '../../platform/db';
import type { Referential } from '../../territory';
import {
  assignClusterIds,
  mergeWithEdition,
  pinnedFields,
  randomLieuId,
  runDedup,
  defaultDedupConfig,
  type DedupConfig,
  type DedupRecord,
} from '../dedup';
import type { LieuField } from '../domain/lieu';
import { dedupPairs, lieux } from '../schema';
import {
  EDITION_SOURCE,
  decisionsFor,
  editionRecordsOf,
  importRecordsOfDepartement,
  lieuColumns,
  lieuIdsHeldOutside,
  lieuRowsByIds,
  lieuRowsOfDepartement,
  orderedPair,
  recordKey,
  sameJson,
  setRecordLieuIds,
  type LieuRow,
  type SourceRecordRow,
} from '../storage';

export interface RecomputeContext {
  referential: Referential;
  dedupConfig: DedupConfig;
  newId: () => string;
  actor: Actor;
  /** Audit source: 'import', 'api', 'cli'… */
  changeSource: string;
  now: Date;
}

export interface RecomputeDeps {
  referential: Referential;
  dedupConfig?: DedupConfig;
  newId?: () => string;
}

export function recomputeContext(deps: RecomputeDeps, actor: Actor, changeSource: string, now: Date): RecomputeContext {
  return {
    referential: deps.referential,
    dedupConfig: deps.dedupConfig ?? defaultDedupConfig,
    newId: deps.newId ?? randomLieuId,
    actor,
    changeSource,
    now,
  };
}

export interface RecomputeResult {
  departement: string | null;
  records: number;
  created: number;
  updated: number;
  removed: number;
  /** Pairs stored for this département (duplicate + review). */
  pairs: number;
}

export function toDedupRecord(row: SourceRecordRow): DedupRecord {
  return {
    key: recordKey(row.source, row.sourceId),
    source: row.source,
    sourceId: row.sourceId,
    lieu: row.data,
    lieuId: row.lieuId,
    kind: row.source === EDITION_SOURCE ? 'edition' : 'import',
  };
}

/** Re-runs deduplication and merging over one département (null: the records whose commune is unknown). */
export async function recomputeDepartement(
  tx: Database,
  departement: string | null,
  ctx: RecomputeContext,
): Promise<RecomputeResult> {
  const result: RecomputeResult = { departement, records: 0, created: 0, updated: 0, removed: 0, pairs: 0 };
  const rows = await importRecordsOfDepartement(tx, departement);
  result.records = rows.length;
  const byKey = new Map(rows.map((r) => [recordKey(r.source, r.sourceId), r]));

  // A lieu id also held by records of another département stays with that département's run.
  const previousIds = [...new Set(rows.map((r) => r.lieuId).filter((id): id is string => !!id))];
  const ownedBefore = await lieuRowsOfDepartement(tx, departement);
  const candidateIds = [...new Set([...previousIds, ...ownedBefore.map((l) => l.id)])];
  const heldOutside = await lieuIdsHeldOutside(tx, departement, candidateIds);
  const previous = new Map<string, string>();
  for (const [key, row] of byKey) if (row.lieuId && !heldOutside.has(row.lieuId)) previous.set(key, row.lieuId);

  const decisions = (await decisionsFor(tx, [...byKey.keys()])).map((d) => ({
    a: d.recordA,
    b: d.recordB,
    decision: d.decision,
  }));
  const records = rows.map(toDedupRecord);
  const { pairs, clusters } = runDedup(records, decisions, ctx.dedupConfig);
  const assigned = assignClusterIds(clusters, previous, ctx.newId);

  const members = new Map<string, DedupRecord[]>();
  for (const record of records) {
    const lieuId = assigned.get(record.key);
    if (!lieuId) throw new Error(`Enregistrement ${record.key} sans lieu après dédoublonnage`);
    members.set(lieuId, [...(members.get(lieuId) ?? []), { ...record, lieuId }]);
  }
  // Edits follow their lieu (they are never deduplicated themselves).
  for (const edition of await editionRecordsOf(tx, [...members.keys()])) {
    members.get(edition.sourceId)?.push(toDedupRecord(edition));
  }

  const existing = new Map<string, LieuRow>();
  for (const row of [...ownedBefore, ...(await lieuRowsByIds(tx, [...new Set([...candidateIds, ...members.keys()])]))]) {
    existing.set(row.id, row);
  }

  for (const [lieuId, cluster] of members) {
    const outcome = await writeMergedLieu(tx, lieuId, cluster, existing.get(lieuId), ctx);
    if (outcome === 'created') result.created++;
    if (outcome === 'updated') result.updated++;
  }

  await setRecordLieuIds(
    tx,
    rows.flatMap((r) => {
      const lieuId = assigned.get(recordKey(r.source, r.sourceId))!;
      return r.lieuId === lieuId ? [] : [{ id: r.id, lieuId }];
    }),
  );

  // Public lieux of this département left without members are removed (their records are never deleted).
  const stillHeld = await lieuIdsHeldOutside(tx, departement, [...existing.keys()]);
  for (const [id, row] of existing) {
    if (members.has(id) || stillHeld.has(id)) continue;
    await tx.delete(lieux).where(eq(lieux.id, id));
    await recordChange(tx, {
      actor: ctx.actor,
      entity: 'lieu',
      entityId: id,
      action: 'delete',
      before: row.data,
      after: null,
      source: ctx.changeSource,
    }, ctx.now);
    result.removed++;
  }

  await tx
    .delete(dedupPairs)
    .where(departement === null ? isNull(dedupPairs.departement) : eq(dedupPairs.departement, departement));
  const stored = pairs.filter((p) => p.verdict === 'duplicate' || p.verdict === 'review');
  for (const pair of stored) {
    const [a, b] = orderedPair(pair.a, pair.b);
    const values = {
      recordA: a,
      recordB: b,
      score: pair.total,
      verdict: pair.verdict as 'duplicate' | 'review',
      explanation: { explanation: pair.explanation, features: pair.features },
      departement,
      foundAt: ctx.now,
    };
    await tx
      .insert(dedupPairs)
      .values(values)
      .onConflictDoUpdate({ target: [dedupPairs.recordA, dedupPairs.recordB], set: values });
  }
  result.pairs = stored.length;
  return result;
}

/**
 * Merges a cluster and writes the public lieu when its data or provenance changed (version + 1, audited);
 * `action` names the audit entry of an update ('update', 'edit', 'revert'). People's edition speaks for the fields they
 * changed before (its provenance on the current lieu) and for those `edited` now; the sources for every other field.
 */
export async function writeMergedLieu(
  tx: Database,
  lieuId: string,
  cluster: DedupRecord[],
  current: LieuRow | undefined,
  ctx: RecomputeContext,
  action = 'update',
  edited: readonly LieuField[] = [],
): Promise<'created' | 'updated' | 'unchanged'> {
  const pinned = [...(current ? pinnedFields(current.provenance, EDITION_SOURCE) : []), ...edited];
  const { lieu: merged, provenance } = mergeWithEdition(cluster, pinned);
  const data = { ...merged, id: lieuId };
  const columns = lieuColumns(ctx.referential, data);
  if (!current) {
    await tx.insert(lieux).values({
      id: lieuId,
      data,
      provenance,
      version: 1,
      ...columns,
      createdAt: ctx.now,
      updatedAt: ctx.now,
    });
    await recordChange(tx, {
      actor: ctx.actor,
      entity: 'lieu',
      entityId: lieuId,
      action: 'create',
      before: null,
      after: data,
      source: ctx.changeSource,
    }, ctx.now);
    return 'created';
  }
  if (sameJson(current.data, data) && sameJson(current.provenance, provenance)) return 'unchanged';
  await tx
    .update(lieux)
    .set({ data, provenance, version: current.version + 1, ...columns, updatedAt: ctx.now })
    .where(eq(lieux.id, lieuId));
  await recordChange(tx, {
    actor: ctx.actor,
    entity: 'lieu',
    entityId: lieuId,
    action,
    before: current.data,
    after: data,
    source: ctx.changeSource,
  }, ctx.now);
  return 'updated';
}
