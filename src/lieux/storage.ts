/**
 * Row-level access to the registry tables (source records, public lieux, imports, dedup decisions and pairs).
 * No business rule lives here: the services in `service/` decide what to write and audit it in the same transaction.
 */
import { and, asc, desc, eq, gt, inArray, isNull, ne, or, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../platform/db';
import { normalizeWords, type Referential } from '../territory';
import type { FieldIssue, Lieu, LieuStatus, LocationFlags, Provenance } from './domain/lieu';
import { dedupDecisions, dedupPairs, lieux, lieuxImports, sourceRecords } from './schema';

export type SourceRecordRow = typeof sourceRecords.$inferSelect;
export type LieuRow = typeof lieux.$inferSelect;
export type ImportRow = typeof lieuxImports.$inferSelect;
export type DecisionRow = typeof dedupDecisions.$inferSelect;
export type PairRow = typeof dedupPairs.$inferSelect;

/** Source name of the records written by people editing a lieu (one per lieu, sourceId = the lieu id). */
export const EDITION_SOURCE = 'edition';

export const NO_FLAGS: LocationFlags = { approximate: false, outsideDepartement: false, codeInseeDerived: null };

/** `source:sourceId`, the key the dedup and the decisions use. */
export function recordKey(source: string, sourceId: string): string {
  return `${source}:${sourceId}`;
}

/** Splits a record key at its first colon (a source name never holds one; a source id may). */
export function parseRecordKey(key: string): { source: string; sourceId: string } | null {
  const at = key.indexOf(':');
  if (at <= 0 || at === key.length - 1) return null;
  return { source: key.slice(0, at), sourceId: key.slice(at + 1) };
}

/** JSON with sorted keys: jsonb gives keys back in its own order, so compare through this. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

export function sameJson(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

/** Territorial columns of a lieu or record, from its code_insee and the referential. */
export function territoryColumns(referential: Referential, codeInsee: string | null) {
  const commune = codeInsee ? referential.communes.get(codeInsee) : undefined;
  return {
    codeInsee: codeInsee ?? null,
    departement: commune?.departement ?? null,
    region: commune?.region ?? null,
    epci: commune?.epci ?? null,
  };
}

/** Lower-cased, accent-free words of the name, commune, address and postcode (what `q` searches). */
export function searchTextOf(lieu: Pick<Lieu, 'nom' | 'commune' | 'adresse' | 'code_postal'>): string {
  return normalizeWords(`${lieu.nom} ${lieu.commune} ${lieu.adresse} ${lieu.code_postal}`).join(' ');
}

// ---------------------------------------------------------------------------------------------------------------------
// Source records

export async function sourceRecordsOf(db: Database, source: string): Promise<SourceRecordRow[]> {
  return db.select().from(sourceRecords).where(eq(sourceRecords.source, source));
}

export async function findSourceRecord(db: Database, source: string, sourceId: string): Promise<SourceRecordRow | undefined> {
  const [row] = await db
    .select()
    .from(sourceRecords)
    .where(and(eq(sourceRecords.source, source), eq(sourceRecords.sourceId, sourceId)));
  return row;
}

const depCondition = (departement: string | null) =>
  departement === null ? isNull(sourceRecords.departement) : eq(sourceRecords.departement, departement);

/** The imported (non-edition) records of one département (null: records without a known commune). */
export async function importRecordsOfDepartement(db: Database, departement: string | null): Promise<SourceRecordRow[]> {
  return db
    .select()
    .from(sourceRecords)
    .where(and(depCondition(departement), ne(sourceRecords.source, EDITION_SOURCE)))
    .orderBy(asc(sourceRecords.source), asc(sourceRecords.sourceId));
}

/** Every record (imports and edition) currently attached to these public lieux. */
export async function recordsOfLieux(db: Database, lieuIds: string[]): Promise<SourceRecordRow[]> {
  if (lieuIds.length === 0) return [];
  const rows: SourceRecordRow[] = [];
  for (const chunk of chunks(lieuIds, 1000)) {
    rows.push(
      ...(await db
        .select()
        .from(sourceRecords)
        .where(inArray(sourceRecords.lieuId, chunk))
        .orderBy(asc(sourceRecords.source), asc(sourceRecords.sourceId))),
    );
  }
  return rows;
}

/** Edition records of these lieux (sourceId = lieu id). */
export async function editionRecordsOf(db: Database, lieuIds: string[]): Promise<SourceRecordRow[]> {
  if (lieuIds.length === 0) return [];
  const rows: SourceRecordRow[] = [];
  for (const chunk of chunks(lieuIds, 1000)) {
    rows.push(
      ...(await db
        .select()
        .from(sourceRecords)
        .where(and(eq(sourceRecords.source, EDITION_SOURCE), inArray(sourceRecords.sourceId, chunk)))),
    );
  }
  return rows;
}

/** Lieu ids held by an imported record outside this département (a lieu belongs to one département's run). */
export async function lieuIdsHeldOutside(db: Database, departement: string | null, lieuIds: string[]): Promise<Set<string>> {
  const held = new Set<string>();
  for (const chunk of chunks(lieuIds, 1000)) {
    const rows = await db
      .selectDistinct({ lieuId: sourceRecords.lieuId })
      .from(sourceRecords)
      .where(
        and(
          inArray(sourceRecords.lieuId, chunk),
          ne(sourceRecords.source, EDITION_SOURCE),
          departement === null
            ? sql`${sourceRecords.departement} IS NOT NULL`
            : or(isNull(sourceRecords.departement), ne(sourceRecords.departement, departement)),
        ),
      );
    for (const r of rows) if (r.lieuId) held.add(r.lieuId);
  }
  return held;
}

export async function setRecordLieuIds(db: Database, assignments: Array<{ id: string; lieuId: string }>): Promise<void> {
  for (const a of assignments) {
    await db.update(sourceRecords).set({ lieuId: a.lieuId }).where(eq(sourceRecords.id, a.id));
  }
}

// ---------------------------------------------------------------------------------------------------------------------
// Public lieux

export async function lieuRowsByIds(db: Database, ids: string[]): Promise<LieuRow[]> {
  const rows: LieuRow[] = [];
  for (const chunk of chunks(ids, 1000)) rows.push(...(await db.select().from(lieux).where(inArray(lieux.id, chunk))));
  return rows;
}

export async function lieuRowsOfDepartement(db: Database, departement: string | null): Promise<LieuRow[]> {
  return db
    .select()
    .from(lieux)
    .where(departement === null ? isNull(lieux.departement) : eq(lieux.departement, departement));
}

/** One lieu, locked for the rest of the transaction when `forUpdate`. */
export async function findLieuRow(db: Database, id: string, forUpdate = false): Promise<LieuRow | undefined> {
  const query = db.select().from(lieux).where(eq(lieux.id, id));
  const [row] = forUpdate ? await query.for('update') : await query;
  return row;
}

export interface LieuWrite {
  id: string;
  data: Lieu;
  provenance: Provenance;
}

/** The columns of `lieux` derived from the merged data. */
export function lieuColumns(referential: Referential, lieu: Lieu) {
  return {
    ...territoryColumns(referential, lieu.code_insee),
    lat: lieu.latitude,
    lon: lieu.longitude,
    searchText: searchTextOf(lieu),
  };
}

// ---------------------------------------------------------------------------------------------------------------------
// Filters over public lieux

export interface LieuFilters {
  region?: string;
  departement?: string;
  epci?: string;
  commune?: string;
  source?: string;
  services?: string[];
  dispositif?: string;
  q?: string;
  /** ouvert | ferme_temporairement | ferme_definitivement; absent: every status but fermé définitivement. */
  statut?: LieuStatus['kind'];
}

const textArray = (values: string[]) =>
  sql`array[${sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  )}]::text[]`;

/** WHERE conditions over `lieux` for these filters. */
export function lieuConditions(filters: LieuFilters): SQL[] {
  const where: SQL[] = [];
  if (filters.region) where.push(eq(lieux.region, filters.region));
  if (filters.departement) where.push(eq(lieux.departement, filters.departement));
  if (filters.epci) where.push(eq(lieux.epci, filters.epci));
  if (filters.commune) where.push(eq(lieux.codeInsee, filters.commune));
  if (filters.source) {
    where.push(
      sql`exists (select 1 from ${sourceRecords} where ${sourceRecords.lieuId} = ${lieux.id} and ${sourceRecords.source} = ${filters.source})`,
    );
  }
  if (filters.services && filters.services.length > 0) {
    where.push(sql`jsonb_exists_any(${lieux.data} -> 'services', ${textArray(filters.services)})`);
  }
  if (filters.dispositif) {
    where.push(sql`jsonb_exists(${lieux.data} -> 'dispositif_programmes_nationaux', ${filters.dispositif})`);
  }
  if (filters.q) {
    for (const word of normalizeWords(filters.q)) {
      where.push(sql`${lieux.searchText} like ${`%${escapeLike(word)}%`}`);
    }
  }
  if (filters.statut) where.push(sql`${lieux.status} ->> 'kind' = ${filters.statut}`);
  else where.push(sql`${lieux.status} ->> 'kind' <> 'ferme_definitivement'`);
  return where;
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** One page of lieux in id order, after `cursor` (exclusive); `extra`: more conditions on `lieux`. */
export async function lieuPage(db: Database, filters: LieuFilters, cursor: string | undefined, limit: number, extra: SQL[] = []): Promise<LieuRow[]> {
  const where = [...lieuConditions(filters), ...extra];
  if (cursor) where.push(gt(lieux.id, cursor));
  return db
    .select()
    .from(lieux)
    .where(and(...where))
    .orderBy(asc(lieux.id))
    .limit(limit);
}

/** Distinct sources of the records of each lieu. */
export async function sourcesOfLieux(db: Database, lieuIds: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  for (const chunk of chunks(lieuIds, 1000)) {
    const rows = await db
      .selectDistinct({ lieuId: sourceRecords.lieuId, source: sourceRecords.source })
      .from(sourceRecords)
      .where(inArray(sourceRecords.lieuId, chunk))
      .orderBy(asc(sourceRecords.lieuId), asc(sourceRecords.source));
    for (const r of rows) {
      if (!r.lieuId) continue;
      const list = out.get(r.lieuId) ?? [];
      list.push(r.source);
      out.set(r.lieuId, list);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------------
// Dedup decisions and pairs

/** Pairs are stored ordered: the smaller key first. */
export function orderedPair(a: string, b: string): [string, string] {
  return a < b ? [a, b] : [b, a];
}

/** Decisions touching any of these record keys. */
export async function decisionsFor(db: Database, keys: string[]): Promise<DecisionRow[]> {
  const rows = new Map<string, DecisionRow>();
  for (const chunk of chunks(keys, 1000)) {
    const found = await db
      .select()
      .from(dedupDecisions)
      .where(or(inArray(dedupDecisions.recordA, chunk), inArray(dedupDecisions.recordB, chunk)));
    for (const r of found) rows.set(r.id, r);
  }
  return [...rows.values()];
}

export async function findDecision(db: Database, a: string, b: string): Promise<DecisionRow | undefined> {
  const [x, y] = orderedPair(a, b);
  const [row] = await db
    .select()
    .from(dedupDecisions)
    .where(and(eq(dedupDecisions.recordA, x), eq(dedupDecisions.recordB, y)));
  return row;
}

export async function pairsOf(db: Database, departement?: string): Promise<PairRow[]> {
  return db
    .select()
    .from(dedupPairs)
    .where(departement === undefined ? undefined : eq(dedupPairs.departement, departement))
    .orderBy(desc(dedupPairs.score), asc(dedupPairs.recordA), asc(dedupPairs.recordB));
}

/** Source records by key (`source:sourceId`). */
export async function recordsByKeys(db: Database, keys: string[]): Promise<Map<string, SourceRecordRow>> {
  const out = new Map<string, SourceRecordRow>();
  const bySource = new Map<string, string[]>();
  for (const key of keys) {
    const parsed = parseRecordKey(key);
    if (!parsed) continue;
    bySource.set(parsed.source, [...(bySource.get(parsed.source) ?? []), parsed.sourceId]);
  }
  for (const [source, ids] of bySource) {
    for (const chunk of chunks(ids, 1000)) {
      const rows = await db
        .select()
        .from(sourceRecords)
        .where(and(eq(sourceRecords.source, source), inArray(sourceRecords.sourceId, chunk)));
      for (const r of rows) out.set(recordKey(r.source, r.sourceId), r);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------------
// Imports

export async function listImportRows(db: Database, options: { actorId?: string; limit?: number } = {}): Promise<ImportRow[]> {
  return db
    .select()
    .from(lieuxImports)
    .where(options.actorId === undefined ? undefined : eq(lieuxImports.actorId, options.actorId))
    .orderBy(desc(lieuxImports.startedAt))
    .limit(options.limit ?? 100);
}

export async function findImportRow(db: Database, id: string): Promise<ImportRow | undefined> {
  const [row] = await db.select().from(lieuxImports).where(eq(lieuxImports.id, id));
  return row;
}

export function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export type { FieldIssue };
