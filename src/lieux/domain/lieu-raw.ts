import { plainDecimal } from './decimal';
import { LIEU_FIELDS, LIST_FIELDS, UNKNOWN_PIVOT, type Lieu, type RawLieu } from './lieu';

const LISTS: ReadonlySet<string> = new Set(LIST_FIELDS);

/** A lieu back to the standard's text cells (lists `|`-joined, unknown pivot as the placeholder): what a v1 CSV holds. */
export function lieuToRaw(lieu: Lieu): Required<RawLieu> {
  const raw = {} as Required<RawLieu>;
  for (const field of LIEU_FIELDS) {
    const value = lieu[field];
    raw[field] = LISTS.has(field)
      ? ((value as string[] | undefined) ?? []).join('|')
      : field === 'pivot' && value === null
        ? UNKNOWN_PIVOT
        : typeof value === 'number'
          ? plainDecimal(value)
          : ((value as string | null) ?? '');
  }
  return raw;
}
