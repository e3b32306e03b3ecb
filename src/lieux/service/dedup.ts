/** People's decisions on pairs, the pairs to review, and whole-territory deduplication runs. */
import { sql } from 'drizzle-orm';
import { recordChange, type Actor } from '../../platform/audit';
import type { Database } from '../../platform/db';
import type { FieldIssue, Lieu } from '../domain/lieu';
import type { FeatureScore } from '../dedup';
import { dedupDecisions, sourceRecords } from '../schema';
import { EDITION_SOURCE, findDecision, orderedPair, pairsOf, parseRecordKey, recordsByKeys } from '../storage';
import { recomputeContext, recomputeDepartement, type RecomputeDeps, type RecomputeResult } from './recompute';

export interface PairSide {
  key: string;
  source: string;
  sourceId: string;
  lieu: Lieu | null;
}

export interface PairView {
  a: PairSide;
  b: PairSide;
  score: number;
  verdict: 'duplicate' | 'review';
  explanation: string;
  features: FeatureScore[];
  departement: string | null;
}

/** Pairs found by the last runs (duplicates and pairs to review), best score first, with both records' data. */
export async function listPairs(db: Database, filters: { departement?: string; verdict?: 'duplicate' | 'review' } = {}): Promise<PairView[]> {
  const rows = (await pairsOf(db, filters.departement)).filter((r) => !filters.verdict || r.verdict === filters.verdict);
  const records = await recordsByKeys(db, [...new Set(rows.flatMap((r) => [r.recordA, r.recordB]))]);
  const side = (key: string): PairSide => {
    const parsed = parseRecordKey(key) ?? { source: '', sourceId: key };
    return { key, ...parsed, lieu: records.get(key)?.data ?? null };
  };
  return rows.map((r) => {
    const explained = r.explanation as { explanation?: string; features?: FeatureScore[] };
    return {
      a: side(r.recordA),
      b: side(r.recordB),
      score: r.score,
      verdict: r.verdict,
      explanation: explained.explanation ?? '',
      features: explained.features ?? [],
      departement: r.departement,
    };
  });
}

export type DecisionOutcome =
  | { kind: 'ok'; a: string; b: string; decision: 'distinct' | 'same'; departements: Array<string | null> }
  | { kind: 'not-found'; field: 'a' | 'b'; key: string }
  | { kind: 'invalid'; errors: FieldIssue[] };

/**
 * Records a person's decision on a pair of source records (kept across re-imports and re-runs, audited), then
 * recomputes the département(s) of both records.
 */
export async function decidePair(
  db: Database,
  a: string,
  b: string,
  decision: 'distinct' | 'same',
  actor: Actor,
  deps: RecomputeDeps & { clock?: () => Date; changeSource?: string },
): Promise<DecisionOutcome> {
  if (a === b) return { kind: 'invalid', errors: [{ field: 'b', value: b, reason: 'les deux enregistrements sont identiques' }] };
  for (const [field, key] of [['a', a], ['b', b]] as const) {
    const parsed = parseRecordKey(key);
    if (!parsed || parsed.source === EDITION_SOURCE) {
      return { kind: 'invalid', errors: [{ field, value: key, reason: 'clé attendue sous la forme source:identifiant (hors éditions)' }] };
    }
  }
  return db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Database;
    const now = (deps.clock ?? (() => new Date()))();
    const records = await recordsByKeys(tx, [a, b]);
    for (const [field, key] of [['a', a], ['b', b]] as const) {
      if (!records.has(key)) return { kind: 'not-found', field, key } as const;
    }
    const [x, y] = orderedPair(a, b);
    const previous = await findDecision(tx, x, y);
    const authorId = 'id' in actor ? actor.id : null;
    await tx
      .insert(dedupDecisions)
      .values({ recordA: x, recordB: y, decision, authorId, decidedAt: now })
      .onConflictDoUpdate({ target: [dedupDecisions.recordA, dedupDecisions.recordB], set: { decision, authorId, decidedAt: now } });
    const changeSource = deps.changeSource ?? 'api';
    await recordChange(
      tx,
      {
        actor,
        entity: 'dedup_decision',
        entityId: `${x}|${y}`,
        action: previous ? 'update' : 'create',
        before: previous ? { decision: previous.decision } : null,
        after: { a: x, b: y, decision },
        source: changeSource,
      },
      now,
    );
    const departements = [...new Set([records.get(a)!.departement, records.get(b)!.departement])];
    const ctx = recomputeContext(deps, actor, changeSource, now);
    for (const d of departements) await recomputeDepartement(tx, d, ctx);
    return { kind: 'ok', a: x, b: y, decision, departements } as const;
  });
}

/** Départements (null: commune unknown) holding imported records, optionally only some. */
export async function departementsWithRecords(db: Database): Promise<Array<string | null>> {
  const rows = await db
    .selectDistinct({ departement: sourceRecords.departement })
    .from(sourceRecords)
    .where(sql`${sourceRecords.source} <> ${EDITION_SOURCE}`);
  return rows.map((r) => r.departement).sort((x, y) => (x ?? '').localeCompare(y ?? ''));
}

/** Re-runs deduplication over these départements, one transaction each (a large territory commits as it goes). */
export async function recomputeDepartements(
  db: Database,
  departements: Array<string | null>,
  actor: Actor,
  deps: RecomputeDeps & { clock?: () => Date; changeSource?: string; onProgress?: (done: number, total: number) => void },
): Promise<RecomputeResult[]> {
  const results: RecomputeResult[] = [];
  for (const d of departements) {
    const now = (deps.clock ?? (() => new Date()))();
    results.push(
      await db.transaction((tx) =>
        recomputeDepartement(tx as unknown as Database, d, recomputeContext(deps, actor, deps.changeSource ?? 'cli', now)),
      ),
    );
    deps.onProgress?.(results.length, departements.length);
  }
  return results;
}
