import OpeningHours from 'opening_hours';

/**
 * Opening hours in the OSM `opening_hours` syntax (the standard's `horaires`), checked with the `opening_hours` library
 * (the one the national cartography uses). Messages come in French (`locale: 'fr'`).
 */

export type OpeningHoursCheck =
  | { ok: true; value: string; warnings: string[] }
  | { ok: false; value: string; error: string };

/** A rough position in mainland France: lets the library evaluate `PH` (public holidays) and `sunrise`-like rules. */
const FRANCE = { lat: 46.6, lon: 2.4, address: { country_code: 'fr', state: '' } };

/** Builds the library object (throws the library's French explanation when the value is invalid). */
export function createOpeningHours(value: string): OpeningHours {
  return new OpeningHours(value, FRANCE, { mode: 0, locale: 'fr' } as never);
}

/**
 * Parsing takes about a millisecond, and the same values recur a lot across a file (a network's lieux share their
 * hours): results are memoised, in a bounded map that starts afresh when full. Measured: it takes a 100,000-row import
 * from minutes to seconds (docs/benchmarks.md).
 */
const MEMO_LIMIT = 20_000;
const memo = new Map<string, OpeningHoursCheck>();

/** Checks an OSM opening_hours value. Never throws. */
export function parseOpeningHours(value: string): OpeningHoursCheck {
  const trimmed = value.trim();
  if (trimmed === '') return { ok: false, value, error: 'Horaires vides.' };
  const known = memo.get(trimmed);
  if (known) return known.ok ? known : { ...known, value };
  const result = checkOpeningHours(trimmed, value);
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(trimmed, result);
  return result;
}

function checkOpeningHours(trimmed: string, value: string): OpeningHoursCheck {
  try {
    const oh = createOpeningHours(trimmed);
    return { ok: true, value: trimmed, warnings: oh.getWarnings().map((w) => String(w)) };
  } catch (error) {
    return { ok: false, value, error: typeof error === 'string' ? error : error instanceof Error ? error.message : String(error) };
  }
}

export const FRENCH_DAYS = ['lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche'] as const;
export type FrenchDay = (typeof FRENCH_DAYS)[number];
const OSM_DAYS = ['Mo', 'Tu', 'We', 'Th', 'Fr', 'Sa', 'Su'] as const;

export type FrenchWeek = Partial<Record<FrenchDay, string | null | undefined>>;

/** Texts meaning "nothing given for that day" (after lowercasing and trimming): the day is left closed. */
const BLANK = new Set(['', '-', '--', '/', 'x', 'néant', 'neant']);
/** Texts saying explicitly that the lieu is closed that day. */
const CLOSED = new Set(['fermé', 'ferme', 'fermée', 'fermee', 'closed', 'fermeture']);

const TIME = String.raw`(\d{1,2})(?:\s*[hH:.]\s*(\d{2})?)?`;
const RANGE = new RegExp(String.raw`${TIME}\s*(?:-|–|—|à|a)\s*${TIME}`, 'g');
/** `09:00-12:00-14:00-17:00`: two ranges written as one chain of four times. */
const CHAIN = /^(\d{1,2}[:h]\d{2})\s*-\s*(\d{1,2}[:h]\d{2})\s*-\s*(\d{1,2}[:h]\d{2})\s*-\s*(\d{1,2}[:h]\d{2})$/;
/** What may remain between ranges: separators and filler words. */
const FILLER = /^(?:[\s/,;|+&]|et|de|puis)*$/i;

type Range = [start: number, end: number];

function toMinutes(hours: string, minutes: string | undefined): number | null {
  const h = Number(hours);
  const m = minutes === undefined ? 0 : Number(minutes);
  if (h > 24 || m > 59 || (h === 24 && m > 0)) return null;
  return h * 60 + m;
}

const pad = (n: number): string => String(n).padStart(2, '0');
const formatTime = (minutes: number): string => `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;

export type FrenchDayParse =
  | { kind: 'blank'; notes?: string[] }
  | { kind: 'closed' }
  | { kind: 'open'; ranges: Range[]; notes: string[] }
  | { kind: 'error'; error: string };

/**
 * Reads one day's text. Repairs that keep the meaning are made and noted: `00:00 - 00:00` placeholders are ignored,
 * duplicated or overlapping ranges are merged (the lieu is open during either), a chain `09:00-12:00-14:00-17:00` is
 * read as two ranges.
 */
export function parseFrenchDay(text: string): FrenchDayParse {
  let normalised = text.trim().toLowerCase().replace(/\s+/g, ' ');
  if (BLANK.has(normalised)) return { kind: 'blank' };
  if (CLOSED.has(normalised)) return { kind: 'closed' };
  const notes: string[] = [];
  const chain = CHAIN.exec(normalised);
  if (chain) {
    normalised = `${chain[1]}-${chain[2]} / ${chain[3]}-${chain[4]}`;
    notes.push(`« ${text.trim()} » lu comme deux plages`);
  }
  let ranges: Range[] = [];
  let residue = '';
  let last = 0;
  let placeholders = 0;
  for (const match of normalised.matchAll(RANGE)) {
    residue += normalised.slice(last, match.index);
    last = match.index + match[0].length;
    const start = toMinutes(match[1]!, match[2]);
    const end = toMinutes(match[3]!, match[4]);
    if (start === null || end === null) return { kind: 'error', error: `heure impossible dans « ${match[0]} »` };
    if (start === 0 && end === 0) {
      placeholders++;
      continue;
    }
    if (end <= start) return { kind: 'error', error: `la plage « ${match[0]} » se termine avant de commencer` };
    ranges.push([start, end]);
  }
  residue += normalised.slice(last);
  if (!FILLER.test(residue)) return { kind: 'error', error: `texte non reconnu « ${residue.trim()} » dans « ${text.trim()} »` };
  if (placeholders > 0) notes.push(`plage « 00:00 - 00:00 » ignorée`);
  if (ranges.length === 0) {
    if (placeholders > 0) return { kind: 'blank', notes };
    return { kind: 'error', error: `aucune plage horaire reconnue dans « ${text.trim()} »` };
  }
  ranges.sort((a, b) => a[0] - b[0]);
  const merged: Range[] = [];
  for (const range of ranges) {
    const previous = merged.at(-1);
    if (previous && range[0] < previous[1]) previous[1] = Math.max(previous[1], range[1]);
    else merged.push([range[0], range[1]]);
  }
  if (merged.length !== ranges.length) notes.push(`plages en double ou qui se chevauchent fusionnées dans « ${text.trim()} »`);
  ranges = merged;
  return { kind: 'open', ranges, notes };
}

function formatDays(indexes: number[]): string {
  // Consecutive runs of 3+ days become `Mo-We`; shorter runs are listed `Mo,Tu`.
  const parts: string[] = [];
  let i = 0;
  while (i < indexes.length) {
    let j = i;
    while (j + 1 < indexes.length && indexes[j + 1] === indexes[j]! + 1) j++;
    const first = OSM_DAYS[indexes[i]!]!;
    const lastDay = OSM_DAYS[indexes[j]!]!;
    if (j - i >= 2) parts.push(`${first}-${lastDay}`);
    else for (let k = i; k <= j; k++) parts.push(OSM_DAYS[indexes[k]!]!);
    i = j + 1;
  }
  return parts.join(',');
}

/**
 * Converts per-day French text (France Services style: `09:00 - 12:00 / 13:30 - 17:00`, `9h-12h`,
 * `08h30-12h00 et 13h30-17h00`, `Fermé`, empty or `-`) to OSM opening_hours. Days with identical hours are grouped
 * (`Mo-Fr 09:00-12:00`, `Mo,Tu …`, `Mo-We,Fr …`); days left empty are closed. When a day cannot be read, nothing is
 * produced (osm null) rather than a partial week that would show that day as closed; the warning names the day and
 * the text. The result is checked with opening_hours. No day given at all: osm null, no warning.
 */
export function frenchDayRangesToOsm(days: FrenchWeek): { osm: string | null; warnings: string[] } {
  const warnings: string[] = [];
  const perDay: (string | null)[] = [];
  let failed = false;
  let explicitClosed = false;
  for (const day of FRENCH_DAYS) {
    const parsed = parseFrenchDay(days[day] ?? '');
    if (parsed.kind === 'error') {
      warnings.push(`Horaires du ${day} illisibles : ${parsed.error}. Horaires non convertis.`);
      failed = true;
      perDay.push(null);
      continue;
    }
    if (parsed.kind === 'closed') explicitClosed = true;
    if (parsed.kind === 'blank') for (const note of parsed.notes ?? []) warnings.push(`Horaires du ${day} : ${note}.`);
    if (parsed.kind !== 'open') {
      perDay.push(null);
      continue;
    }
    for (const note of parsed.notes) warnings.push(`Horaires du ${day} : ${note}.`);
    perDay.push(parsed.ranges.map(([s, e]) => `${formatTime(s)}-${formatTime(e)}`).join(','));
  }
  if (failed) return { osm: null, warnings: warnings.filter((w) => w.endsWith('Horaires non convertis.')) };
  // Group days sharing the same ranges, in the order of their first day.
  const groups = new Map<string, number[]>();
  perDay.forEach((ranges, index) => {
    if (ranges === null) return;
    const group = groups.get(ranges);
    if (group) group.push(index);
    else groups.set(ranges, [index]);
  });
  if (groups.size === 0) {
    if (explicitClosed) warnings.push("Tous les jours sont indiqués fermés : aucun horaire d'ouverture n'est enregistré.");
    return { osm: null, warnings };
  }
  const osm = [...groups.entries()].map(([ranges, indexes]) => `${formatDays(indexes)} ${ranges}`).join('; ');
  const check = parseOpeningHours(osm);
  if (!check.ok) {
    warnings.push(`Horaires convertis refusés par opening_hours (« ${osm} ») : ${check.error}`);
    return { osm: null, warnings };
  }
  return { osm, warnings };
}
