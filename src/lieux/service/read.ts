/** Reading the registry: lists with keyset pagination, one lieu with its records, its history, exports. */
import { and, asc, desc, eq, gt, inArray, ne, or, sql, type SQL } from 'drizzle-orm';
import { auditLog, changeEntryOf, type ChangeEntry } from '../../platform/audit';
import type { Database } from '../../platform/db';
import type { Referential } from '../../territory';
import { CONFIRMED_WITHIN_MONTHS, isToVerify } from '../domain/freshness';
import type { FieldIssue, Lieu, LieuStatus, LocationFlags, Provenance } from '../domain/lieu';
import { lieux, sourceRecords } from '../schema';
import {
  EDITION_SOURCE,
  findLieuRow,
  lieuConditions,
  lieuPage,
  recordKey,
  recordsOfLieux,
  sourcesOfLieux,
  type LieuFilters,
} from '../storage';

export const MAX_PAGE_SIZE = 500;
export const DEFAULT_PAGE_SIZE = 100;

/** When someone last vouched for a lieu (saved or confirmed it) and when it entered the registry. */
export interface LieuFreshness {
  confirmedAt: Date | null;
  createdAt: Date;
}

/** A lieu's freshness as the API shows it: last confirmation, entry in the registry, « à vérifier » at `now`. */
export function freshnessView(freshness: LieuFreshness, now: Date) {
  return {
    confirmeLe: freshness.confirmedAt?.toISOString() ?? null,
    ajouteLe: freshness.createdAt.toISOString(),
    aVerifier: isToVerify(freshness, now),
  };
}

/**
 * The date a lieu's freshness is measured from, in SQL: its last confirmation, else its entry in the registry, at the
 * millisecond (what JavaScript dates hold, so it equals the anchors the reminders store).
 */
export const lastVouchedSql = sql`date_trunc('milliseconds', coalesce(${lieux.confirmedAt}, ${lieux.createdAt}))`;

/**
 * SQL twin of `isToVerify` (`months` calendar months, UTC like `addMonths`): nobody vouched for the lieu for that long
 * at `now`. The reminders select with it too.
 */
export function notVouchedWithin(months: number, now: Date): SQL {
  return sql`(${lastVouchedSql} at time zone 'UTC') + make_interval(months => ${months}::int) <= (${now.toISOString()}::timestamptz at time zone 'UTC')`;
}

export interface LieuListItem {
  id: string;
  lieu: Lieu;
  status: LieuStatus;
  version: number;
  sources: string[];
  freshness: LieuFreshness;
}

export async function listLieux(
  db: Database,
  filters: LieuFilters,
  page: { cursor?: string; limit: number },
  /** Only the lieux « à vérifier » at this date (six months without confirmation). */
  toVerifyAt?: Date,
): Promise<{ items: LieuListItem[]; nextCursor: string | null }> {
  const limit = Math.max(1, Math.min(page.limit, MAX_PAGE_SIZE));
  const rows = await lieuPage(db, filters, page.cursor, limit + 1, toVerifyAt ? [notVouchedWithin(CONFIRMED_WITHIN_MONTHS, toVerifyAt)] : []);
  const pageRows = rows.slice(0, limit);
  const sources = await sourcesOfLieux(
    db,
    pageRows.map((r) => r.id),
  );
  return {
    items: pageRows.map((r) => ({
      id: r.id,
      lieu: r.data,
      status: r.status,
      version: r.version,
      sources: (sources.get(r.id) ?? []).filter((s) => s !== EDITION_SOURCE),
      freshness: { confirmedAt: r.confirmedAt, createdAt: r.createdAt },
    })),
    nextCursor: rows.length > limit ? pageRows[pageRows.length - 1]!.id : null,
  };
}

export interface LieuRecordView {
  source: string;
  sourceId: string;
  flags: LocationFlags;
  warnings: FieldIssue[];
  absentSince: Date | null;
  kind: 'import' | 'edition';
}

export interface LieuDetail {
  lieu: Lieu;
  status: LieuStatus;
  version: number;
  provenance: Provenance;
  records: LieuRecordView[];
  freshness: LieuFreshness;
}

export async function getLieu(db: Database, id: string): Promise<LieuDetail | null> {
  const row = await findLieuRow(db, id);
  if (!row) return null;
  const records = await recordsOfLieux(db, [id]);
  return {
    lieu: row.data,
    status: row.status,
    version: row.version,
    provenance: row.provenance,
    records: records.map((r) => ({
      source: r.source,
      sourceId: r.sourceId,
      flags: r.flags,
      warnings: r.warnings,
      absentSince: r.absentSince,
      kind: r.source === EDITION_SOURCE ? 'edition' : 'import',
    })),
    freshness: { confirmedAt: row.confirmedAt, createdAt: row.createdAt },
  };
}

/** Ids of the public lieux matching these filters (by default every status but fermé définitivement). */
export async function lieuIdsWhere(db: Database, filters: LieuFilters): Promise<string[]> {
  const rows = await db
    .select({ id: lieux.id })
    .from(lieux)
    .where(and(...lieuConditions(filters)));
  return rows.map((r) => r.id);
}

/** One entry of a lieu's history: an audit change. */
export type HistoryEntry = ChangeEntry;

/** Audit entries of the lieu and of its records (imports and edits), newest first. */
export async function lieuHistory(db: Database, id: string, limit = 500): Promise<HistoryEntry[]> {
  const records = await db
    .select({ source: sourceRecords.source, sourceId: sourceRecords.sourceId })
    .from(sourceRecords)
    .where(or(eq(sourceRecords.lieuId, id), and(eq(sourceRecords.source, EDITION_SOURCE), eq(sourceRecords.sourceId, id))));
  const keys = [...new Set(records.map((r) => recordKey(r.source, r.sourceId)))];
  const conditions: SQL[] = [and(eq(auditLog.entity, 'lieu'), eq(auditLog.entityId, id))!];
  if (keys.length > 0) conditions.push(and(eq(auditLog.entity, 'source_record'), inArray(auditLog.entityId, keys))!);
  const rows = await db
    .select()
    .from(auditLog)
    .where(or(...conditions))
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(limit);
  return rows.map(changeEntryOf);
}

export interface ExportOptions {
  /** The source records as imported, instead of the deduplicated public lieux. */
  raw: boolean;
  /** Needed to filter raw records by région or EPCI. */
  referential?: Referential;
}

/**
 * Lieux to export. By default the deduplicated public lieux (every status but fermé définitivement, their `id` being
 * the public id); `raw`: the imported source records (filterable by source; edits only with `source: 'edition'`).
 */
export async function exportLieux(db: Database, filters: LieuFilters, options: ExportOptions): Promise<Lieu[]> {
  if (!options.raw) {
    const out: Lieu[] = [];
    let cursor: string | undefined;
    for (;;) {
      const where = lieuConditions(filters);
      if (cursor) where.push(gt(lieux.id, cursor));
      const rows = await db
        .select({ id: lieux.id, data: lieux.data })
        .from(lieux)
        .where(and(...where))
        .orderBy(asc(lieux.id))
        .limit(2000);
      out.push(...rows.map((r) => ({ ...r.data, id: r.id })));
      if (rows.length < 2000) return out;
      cursor = rows[rows.length - 1]!.id;
    }
  }
  const where: SQL[] = [];
  where.push(filters.source ? eq(sourceRecords.source, filters.source) : ne(sourceRecords.source, EDITION_SOURCE));
  if (filters.commune) where.push(eq(sourceRecords.codeInsee, filters.commune));
  if (filters.departement) where.push(eq(sourceRecords.departement, filters.departement));
  if (filters.region || filters.epci) {
    const referential = options.referential;
    if (!referential) throw new Error('exportLieux : le référentiel est nécessaire pour filtrer par région ou EPCI');
    if (filters.region) {
      const deps = referential.regions.get(filters.region)?.departements ?? [];
      where.push(deps.length ? inArray(sourceRecords.departement, deps) : sql`false`);
    }
    if (filters.epci) {
      const communes = referential.epci.get(filters.epci)?.communes ?? [];
      where.push(communes.length ? inArray(sourceRecords.codeInsee, communes) : sql`false`);
    }
  }
  if (filters.services?.length) {
    where.push(
      sql`jsonb_exists_any(${sourceRecords.data} -> 'services', array[${sql.join(
        filters.services.map((s) => sql`${s}`),
        sql`, `,
      )}]::text[])`,
    );
  }
  if (filters.dispositif) {
    where.push(sql`jsonb_exists(${sourceRecords.data} -> 'dispositif_programmes_nationaux', ${filters.dispositif})`);
  }
  const rows = await db
    .select({ data: sourceRecords.data })
    .from(sourceRecords)
    .where(and(...where))
    .orderBy(asc(sourceRecords.source), asc(sourceRecords.sourceId));
  return rows.map((r) => r.data);
}
