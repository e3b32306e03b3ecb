import { LIEU_FIELDS, LIST_FIELDS, type FieldProvenance, type Lieu, type LieuField, type Provenance } from '../domain/lieu';
import type { DedupRecord, MergeResult } from './types';

const LIST_SET = new Set<LieuField>(LIST_FIELDS);
/** Fields that describe one address: taken together from one record, never mixed across records. */
const ADDRESS_FIELDS = ['adresse', 'complement_adresse', 'code_postal', 'commune', 'code_insee'] as const satisfies readonly LieuField[];
const POINT_FIELDS = ['latitude', 'longitude'] as const satisfies readonly LieuField[];
const GROUPED = new Set<LieuField>([...ADDRESS_FIELDS, ...POINT_FIELDS, 'id', 'date_maj']);

function hasValue(value: unknown): boolean {
  if (value === null || value === undefined) return false;
  if (typeof value === 'string') return value.trim() !== '';
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'number') return Number.isFinite(value);
  return true;
}

function knownPivot(pivot: string | null): boolean {
  return pivot !== null && pivot.trim() !== '' && !/^0+$/.test(pivot);
}

function origin(r: DedupRecord): FieldProvenance {
  return { source: r.source, sourceId: r.sourceId, dateMaj: r.lieu.date_maj };
}

/** Newest first; on the same day an edition before an import, then by key (deterministic). */
function newestFirst(x: DedupRecord, y: DedupRecord): number {
  if (x.lieu.date_maj !== y.lieu.date_maj) return x.lieu.date_maj < y.lieu.date_maj ? 1 : -1;
  if (x.kind !== y.kind) return x.kind === 'edition' ? -1 : 1;
  return x.key < y.key ? -1 : x.key > y.key ? 1 : 0;
}

/**
 * Merges the records of one cluster into the public lieu, with where each field came from.
 * - Single values: the newest record (date_maj) that HAS a value wins; `pivot` unknown gives way to a known one.
 * - Lists: union of every record's list, newest first, no duplicates; provenance = the newest contributor.
 * - An `edition` (the structure's or a gestionnaire's own edit) beats every import older than it, lists included
 *   (it sets the list, and a field it left empty stays empty); only imports newer than it can still change a field.
 *   The registry writes lieux through `mergeWithEdition`, where the edition speaks only for the fields people changed.
 * - The address (adresse, complement, code postal, commune, code INSEE) and the point come from one record each.
 * - `date_maj` is the newest; `id` is the newest record's and the caller replaces it with the cluster's lieuId.
 */
export function mergeCluster(records: DedupRecord[]): MergeResult {
  if (records.length === 0) throw new Error('mergeCluster: cluster vide');
  const sorted = [...records].sort(newestFirst);
  const newest = sorted[0]!;
  const edition = sorted.find((r) => r.kind === 'edition');
  // Records that may still speak: the newest edition and anything newer than it; everything when no edition.
  const voices = edition ? sorted.filter((r) => r === edition || r.lieu.date_maj > edition.lieu.date_maj) : sorted;

  const lieu = { ...newest.lieu } as Lieu;
  const provenance: Provenance = {};
  const set = (field: LieuField, from: DedupRecord) => {
    (lieu as unknown as Record<string, unknown>)[field] = Array.isArray(from.lieu[field])
      ? [...(from.lieu[field] as string[])]
      : from.lieu[field];
    provenance[field] = origin(from);
  };

  for (const field of LIEU_FIELDS) {
    if (GROUPED.has(field)) continue;
    if (LIST_SET.has(field)) {
      const union: string[] = [];
      const seen = new Set<string>();
      let contributor: DedupRecord | null = null;
      for (const r of voices) {
        const list = r.lieu[field] as string[];
        if (list.length > 0 && contributor === null) contributor = r;
        for (const v of list) {
          if (seen.has(v)) continue;
          seen.add(v);
          union.push(v);
        }
      }
      (lieu as unknown as Record<string, unknown>)[field] = union;
      provenance[field] = origin(contributor ?? voices[0]!);
      continue;
    }
    if (field === 'pivot') {
      const from = voices.find((r) => knownPivot(r.lieu.pivot)) ?? sorted.find((r) => knownPivot(r.lieu.pivot));
      if (from) set(field, from);
      else {
        lieu.pivot = null;
        provenance.pivot = origin(voices[0]!);
      }
      continue;
    }
    set(field, voices.find((r) => hasValue(r.lieu[field])) ?? voices[0]!);
  }

  const addressFrom = voices.find((r) => hasValue(r.lieu.adresse)) ?? voices[0]!;
  for (const f of ADDRESS_FIELDS) set(f, addressFrom);
  const hasPoint = (r: DedupRecord) => hasValue(r.lieu.latitude) && hasValue(r.lieu.longitude);
  // The point of the address's record when it has one, so the marker matches the address.
  const pointFrom = hasPoint(addressFrom) ? addressFrom : (voices.find(hasPoint) ?? addressFrom);
  for (const f of POINT_FIELDS) set(f, pointFrom);

  lieu.id = newest.lieu.id;
  lieu.date_maj = newest.lieu.date_maj;
  provenance.date_maj = origin(newest);
  return { lieu, provenance };
}

/**
 * The fields people changed on a lieu: those its provenance credits to its edition record. An address or point field
 * pins its whole group (an address is never mixed across records).
 */
export function pinnedFields(provenance: Provenance, editionSource: string): LieuField[] {
  const pinned = new Set<LieuField>();
  for (const field of LIEU_FIELDS) {
    if (field === 'id' || field === 'date_maj' || provenance[field]?.source !== editionSource) continue;
    for (const f of fieldGroup(field)) pinned.add(f);
  }
  return LIEU_FIELDS.filter((f) => pinned.has(f));
}

const ADDRESS_GROUP = new Set<LieuField>(ADDRESS_FIELDS);
const POINT_GROUP = new Set<LieuField>(POINT_FIELDS);

/** The fields that go together with this one: the whole address, the whole point, or the field alone. */
export function fieldGroup(field: LieuField): readonly LieuField[] {
  return ADDRESS_GROUP.has(field) ? ADDRESS_FIELDS : POINT_GROUP.has(field) ? POINT_FIELDS : [field];
}

/**
 * The public lieu of a cluster holding people's edition: the imports' merge, where the edition speaks only for the
 * fields people changed (`pinned`: those its provenance already credits to it, plus those changed by the edit being
 * written). Every other field follows the sources, a value they remove or empty included; a pinned field whose value
 * the sources now give too is released (credited to them again). An address or a point is taken whole from one side.
 * Without imports (a lieu only people wrote) or without an edition, the plain merge.
 */
export function mergeWithEdition(records: DedupRecord[], pinned: readonly LieuField[]): MergeResult {
  const edition = [...records].sort(newestFirst).find((r) => r.kind === 'edition');
  const imports = records.filter((r) => r.kind === 'import');
  if (!edition || imports.length === 0) return mergeCluster(records);
  const base = mergeCluster(imports);
  const lieu = { ...base.lieu } as Lieu;
  const provenance: Provenance = { ...base.provenance };
  const done = new Set<LieuField>();
  for (const field of pinned) {
    if (field === 'id' || field === 'date_maj' || done.has(field)) continue;
    const group = fieldGroup(field);
    for (const f of group) done.add(f);
    if (group.every((f) => sameFieldValue(base.lieu[f], edition.lieu[f]))) continue;
    for (const f of group) {
      const value = edition.lieu[f];
      (lieu as unknown as Record<string, unknown>)[f] = Array.isArray(value) ? [...value] : value;
      provenance[f] = origin(edition);
    }
  }
  if (edition.lieu.date_maj > base.lieu.date_maj) {
    lieu.date_maj = edition.lieu.date_maj;
    provenance.date_maj = origin(edition);
  }
  return { lieu, provenance };
}

/** A field value as the registry compares it (lists as sets, empty text as null), as text: equal keys, same value. */
export function fieldValueKey(value: unknown): string {
  if (value === undefined || value === '') return 'null';
  if (Array.isArray(value)) return JSON.stringify([...new Set(value.map(String))].sort());
  return JSON.stringify(value);
}

/** Same value for the registry: lists compared as sets, empty text as null. */
export function sameFieldValue(a: unknown, b: unknown): boolean {
  return fieldValueKey(a) === fieldValueKey(b);
}

export interface FieldConflict {
  field: LieuField;
  kept: unknown;
  incoming: unknown;
}

/**
 * What an imported record brings against the fields people changed on its lieu: every pinned field the source changed
 * to a value other than the one people set (emptied included), or, for a record new to the lieu (`previous` null),
 * every value it brings that differs. A source repeating its old value is no news and raises nothing.
 */
export function importConflicts(
  current: { lieu: Lieu; provenance: Provenance },
  editionSource: string,
  previous: Lieu | null,
  next: Lieu,
): FieldConflict[] {
  return pinnedFields(current.provenance, editionSource)
    .filter((field) => hasValue(next[field]) || (previous !== null && hasValue(current.lieu[field])))
    .filter((field) => !previous || !sameFieldValue(previous[field], next[field]))
    .filter((field) => !sameFieldValue(current.lieu[field], next[field]))
    .map((field) => ({ field, kept: current.lieu[field], incoming: next[field] }));
}
