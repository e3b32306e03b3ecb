import { createHash } from 'node:crypto';
import { LIEU_FIELDS, LIST_FIELDS, type Lieu } from './lieu.js';

const LISTS: ReadonlySet<string> = new Set(LIST_FIELDS);

/** `"field":` for each field, computed once (this runs for every imported row). */
const KEYS = LIEU_FIELDS.map((field) => `${JSON.stringify(field)}:`);

/**
 * The canonical JSON of a lieu: keys in the standard's order, lists sorted, absent values as null. Built piece by piece
 * (same text as JSON.stringify of the ordered object) without copying lists that need no sorting.
 */
export function canonicalLieuJson(lieu: Lieu): string {
  let json = '{';
  for (let i = 0; i < LIEU_FIELDS.length; i++) {
    const field = LIEU_FIELDS[i]!;
    const value = lieu[field];
    let text: string;
    if (LISTS.has(field)) {
      const list = (value as string[] | undefined) ?? [];
      text = JSON.stringify(list.length > 1 ? [...list].sort() : list);
    } else {
      text = JSON.stringify(value ?? null);
    }
    json += (i === 0 ? '' : ',') + KEYS[i] + text;
  }
  return `${json}}`;
}

/** sha256 (hex) of the canonical JSON: an unchanged row gives the same hash whatever its list order. */
export function lieuHash(lieu: Lieu): string {
  return createHash('sha256').update(canonicalLieuJson(lieu)).digest('hex');
}
