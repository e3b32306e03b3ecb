/**
 * "Open at" and "next opening" in French words, from a lieu's OSM opening_hours evaluated in Europe/Paris with French
 * public holidays (the registry's `createOpeningHours`). Lieux without (valid) hours are unknown: `null`, never open.
 */
import type OpeningHours from 'opening_hours';
import { createOpeningHours } from '../../lieux/domain/horaires';
import { calendarDaysBetween } from './paris-time';

export type ParsedHours = OpeningHours;

/** Parsed values shared across lieux and index rebuilds (a network's lieux share their hours); bounded. */
const CACHE_LIMIT = 50_000;
const cache = new Map<string, ParsedHours | null>();

/** The parsed hours of a value, or null when absent or unreadable. Memoised. */
export function parseHours(value: string | null | undefined): ParsedHours | null {
  const trimmed = value?.trim() ?? '';
  if (trimmed === '') return null;
  const known = cache.get(trimmed);
  if (known !== undefined) return known;
  let parsed: ParsedHours | null;
  try {
    parsed = createOpeningHours(trimmed);
  } catch {
    parsed = null;
  }
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(trimmed, parsed);
  return parsed;
}

/** true / false, or null when the hours say "unknown" at that time (or there are none). `at` is a wall-clock Date. */
export function openAt(hours: ParsedHours | null, at: Date): boolean | null {
  if (!hours) return null;
  const state = hours.getStateString(at, true);
  return state === 'open' ? true : state === 'closed' ? false : null;
}

const MONTHS = [
  'janvier',
  'février',
  'mars',
  'avril',
  'mai',
  'juin',
  'juillet',
  'août',
  'septembre',
  'octobre',
  'novembre',
  'décembre',
];
const WEEKDAYS = ['dimanche', 'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi'];

/** `9 h`, `9 h 30`, `12 h`. */
export function frenchTime(d: Date): string {
  const m = d.getMinutes();
  return m === 0 ? `${d.getHours()} h` : `${d.getHours()} h ${String(m).padStart(2, '0')}`;
}

/** `à 14 h` (same day), `demain à 9 h`, `mardi à 9 h 30` (within 6 days), `le 3 janvier à 9 h` (later). */
function when(from: Date, to: Date): string {
  const days = calendarDaysBetween(from, to);
  const time = `à ${frenchTime(to)}`;
  if (days <= 0) return time;
  if (days === 1) return `demain ${time}`;
  if (days <= 6) return `${WEEKDAYS[to.getDay()]} ${time}`;
  const day = to.getDate() === 1 ? '1er' : String(to.getDate());
  const year = to.getFullYear() !== from.getFullYear() && days > 300 ? ` ${to.getFullYear()}` : '';
  return `le ${day} ${MONTHS[to.getMonth()]}${year} ${time}`;
}

/** How far ahead the next change is looked for. */
const HORIZON_MS = 366 * 86_400_000;

/**
 * The next opening in French, relative to `at` (a wall-clock Date): "Ouvert jusqu'à 12 h", "Ouvre à 14 h", "Ouvre demain
 * à 9 h", "Ouvre mardi à 9 h 30", "Ouvre le 3 janvier à 9 h"; null when the hours are unknown or it never opens within a
 * year. Open with no end in sight: "Ouvert 24 h/24".
 */
export function nextOpeningPhrase(hours: ParsedHours | null, at: Date): string | null {
  if (!hours) return null;
  const state = openAt(hours, at);
  if (state === null) return null;
  // The next change of open state (a change of comment alone is not one); null when none within a year.
  const limit = new Date(at.getTime() + HORIZON_MS);
  let cursor = at;
  for (let step = 0; step < 20; step++) {
    const change = hours.getNextChange(cursor, limit);
    if (!change) return phraseOf(at, state, null);
    const next = openAt(hours, change);
    if (next !== state) return next === null ? (state ? phraseOf(at, true, change) : null) : phraseOf(at, state, change);
    cursor = change;
  }
  return null;
}

/**
 * The phrase for a lieu open (or closed) at `at` whose state next changes at `change` (a wall-clock Date; null: never
 * within a year). When closed, `change` must be an opening.
 */
export function phraseOf(at: Date, open: boolean, change: Date | null): string | null {
  if (!open) return change ? `Ouvre ${when(at, change)}` : null;
  if (!change) return 'Ouvert 24 h/24';
  const days = calendarDaysBetween(at, change);
  if (days <= 0) return `Ouvert jusqu'à ${frenchTime(change)}`;
  if (days === 1) return `Ouvert jusqu'à demain ${frenchTime(change)}`;
  if (days <= 6) return `Ouvert jusqu'à ${WEEKDAYS[change.getDay()]} ${frenchTime(change)}`;
  return `Ouvert jusqu'au ${change.getDate() === 1 ? '1er' : change.getDate()} ${MONTHS[change.getMonth()]} ${frenchTime(change)}`;
}
