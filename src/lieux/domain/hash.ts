import { createHash } from 'node:crypto';
import { LIEU_FIELDS, LIST_FIELDS, type Lieu } from './lieu.js';

const LISTS: ReadonlySet<string> = new Set(LIST_FIELDS);

/** The canonical JSON of a lieu: keys in the standard's order, lists sorted, absent values as null. */
export function canonicalLieuJson(lieu: Lieu): string {
  const ordered: Record<string, unknown> = {};
  for (const field of LIEU_FIELDS) {
    const value = lieu[field];
    ordered[field] = LISTS.has(field) ? [...((value as string[] | undefined) ?? [])].sort() : (value ?? null);
  }
  return JSON.stringify(ordered);
}

/** sha256 (hex) of the canonical JSON: an unchanged row gives the same hash whatever its list order. */
export function lieuHash(lieu: Lieu): string {
  return createHash('sha256').update(canonicalLieuJson(lieu)).digest('hex');
}
