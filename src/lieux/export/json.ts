/**
 * Standard JSON export: an array of objects holding the 32 standard fields, keys in the standard's order.
 *
 * Choices (the import reader accepts these and the `|`-string form):
 * - lists are JSON arrays of the standard's values (`[]` when empty), as the DataSpace `/carto` API serves them;
 * - latitude and longitude are JSON numbers, or null;
 * - other absent values are null; an unknown pivot is the standard's placeholder `00000000000000`, as in the CSV.
 */
import { LIEU_FIELDS, LIST_FIELDS, UNKNOWN_PIVOT, type Lieu, type LieuField } from '../domain/lieu';
import { joinList } from './csv';

export type StandardJsonLieu = { [K in LieuField]: K extends 'pivot' ? string : Lieu[K] };

const LIST_FIELD_SET: ReadonlySet<LieuField> = new Set(LIST_FIELDS);

/** One lieu as a plain object in the standard's field order (lists copied and checked like the CSV's). */
export function toStandardJsonObject(lieu: Lieu): StandardJsonLieu {
  const out: Record<string, unknown> = {};
  for (const field of LIEU_FIELDS) {
    const value = lieu[field];
    if (field === 'pivot') out[field] = value ?? UNKNOWN_PIVOT;
    else if (LIST_FIELD_SET.has(field)) {
      const items = (value as string[] | null | undefined) ?? [];
      joinList(items, field, lieu.id); // same invariant as the CSV, so both exports read back identically
      out[field] = [...items];
    } else if (typeof value === 'number' && !Number.isFinite(value)) {
      throw new Error(`Export impossible : ${field} du lieu « ${lieu.id} » n'est pas un nombre fini`);
    } else out[field] = value ?? null;
  }
  return out as StandardJsonLieu;
}

export function toStandardJsonObjects(lieux: Iterable<Lieu>): StandardJsonLieu[] {
  const out: StandardJsonLieu[] = [];
  for (const lieu of lieux) out.push(toStandardJsonObject(lieu));
  return out;
}

export interface JsonOptions {
  /** Indent with 2 spaces (default: compact). */
  pretty?: boolean;
}

/** The standard JSON file (UTF-8 text). */
export function toStandardJson(lieux: Iterable<Lieu>, options: JsonOptions = {}): string {
  return JSON.stringify(toStandardJsonObjects(lieux), null, options.pretty ? 2 : undefined);
}
