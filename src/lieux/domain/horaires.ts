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

/** Checks an OSM opening_hours value. Never throws. */
export function parseOpeningHours(value: string): OpeningHoursCheck {
  const trimmed = value.trim();
  if (trimmed === '') return { ok: false, value, error: 'Horaires vides.' };
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

/** Texts meaning "closed that day" (after lowercasing and trimming). */
const CLOSED = new Set(['', '-', '--', '/', 'fermé', 'ferme', 'fermée', 'fermee', 'closed', 'néant', 'neant', 'x']);

const TIME = String.raw`(\d{1,2})(?:\s*[hH:.]\s*(\d{2})?)?`;
const RANGE = new RegExp(String.raw`${TIME}\s*(?:-|–|—|à|a)\s*${TIME}`, 'g');
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

/** Parses one day's text into time ranges; null when the text cannot be read. */
export function parseFrenchDay(text: string): { ranges: Range[] } | { error: string } {
  const normalised = text.trim().toLowerCase().replace(/\s+/g, ' ');
  if (CLOSED.has(normalised)) return { ranges: [] };
  const ranges: Range[] = [];
  let residue = '';
  let last = 0;
  for (const match of normalised.matchAll(RANGE)) {
    residue += normalised.slice(last, match.index);
    last = match.index + match[0].length;
    const start = toMinutes(match[1]!, match[2]);
    const end = toMinutes(match[3]!, match[4]);
    if (start === null || end === null) return { error: `heure impossible dans « ${match[0]} »` };
    if (end <= start) return { error: `la plage « ${match[0]} » se termine avant de commencer` };
    ranges.push([start, end]);
  }
  residue += normalised.slice(last);
  if (ranges.length === 0) return { error: `aucune plage horaire reconnue dans « ${text.trim()} »` };
  if (!FILLER.test(residue)) return { error: `texte non reconnu « ${residue.trim()} » dans « ${text.trim()} »` };
  ranges.sort((a, b) => a[0] - b[0]);
  for (let i = 1; i < ranges.length; i++) {
    if (ranges[i]![0] < ranges[i - 1]![1]) return { error: `plages qui se chevauchent dans « ${text.trim()} »` };
  }
  return { ranges };
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
 * `08h30-12h00 et 13h30-17h00`, `Fermé`, empty) to OSM opening_hours. Days with identical hours are grouped
 * (`Mo-Fr 09:00-12:00`). When a day cannot be read, nothing is produced (osm null) rather than a partial week that
 * would show that day as closed; the warning names the day and the text.
 */
export function frenchDayRangesToOsm(days: FrenchWeek): { osm: string | null; warnings: string[] } {
  const warnings: string[] = [];
  const perDay: (string | null)[] = [];
  let anyText = false;
  for (const day of FRENCH_DAYS) {
    const text = days[day];
    if (text != null && text.trim() !== '') anyText = true;
    const parsed = parseFrenchDay(text ?? '');
    if ('error' in parsed) {
      warnings.push(`Horaires du ${day} illisibles : ${parsed.error}. Horaires non convertis.`);
      perDay.push(null);
      continue;
    }
    perDay.push(parsed.ranges.length === 0 ? null : parsed.ranges.map(([s, e]) => `${formatTime(s)}-${formatTime(e)}`).join(','));
  }
  if (warnings.length > 0) return { osm: null, warnings };
  if (!anyText) return { osm: null, warnings };
  // Group days sharing the same ranges, in the order of their first day.
  const groups = new Map<string, number[]>();
  perDay.forEach((ranges, index) => {
    if (ranges === null) return;
    const group = groups.get(ranges);
    if (group) group.push(index);
    else groups.set(ranges, [index]);
  });
  if (groups.size === 0) {
    warnings.push("Tous les jours sont indiqués fermés : aucun horaire d'ouverture n'est enregistré.");
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
