/**
 * A lieu's hours for its public page: the current Paris week day by day (today marked), open now and the next opening
 * in words. Computed on the server, in Europe/Paris with French public holidays, so the browser needs neither the
 * opening_hours library nor the right timezone.
 */
import { frenchTime, nextOpeningPhrase, openAt, parseHours, type ParsedHours } from './opening';
import { wallClockDate } from './paris-time';

const DAYS = ['lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche'] as const;

export interface DaySchedule {
  jour: (typeof DAYS)[number];
  /** Paris calendar date, YYYY-MM-DD. */
  date: string;
  aujourdhui: boolean;
  /** "9 h – 12 h, 14 h – 17 h", "Fermé"; uncertain spans end with "(à confirmer)". */
  creneaux: string;
}

export type WeekSchedule =
  | { kind: 'none' }
  | { kind: 'unreadable'; horaires: string }
  | { kind: 'week'; horaires: string; ouvert: boolean | null; prochaine_ouverture: string | null; semaine: DaySchedule[] };

const isoDate = (d: Date) =>
  `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;

/** The open spans of one day (wall-clock `from` to `to`) as "9 h – 12 h"; a span running to midnight ends at "24 h". */
export function daySpans(hours: ParsedHours, from: Date, to: Date): Array<{ text: string; unknown: boolean }> {
  return hours.getOpenIntervals(from, to).map(([start, end, unknown]) => ({
    text: `${frenchTime(start)} – ${end.getTime() >= to.getTime() ? '24 h' : frenchTime(end)}`,
    unknown,
  }));
}

/** The week (Monday to Sunday, Paris) that contains `weekOf`; today, open state and next opening at `now`. */
export function weekSchedule(horaires: string | null | undefined, now: Date, weekOf: Date = now): WeekSchedule {
  const raw = horaires?.trim() ?? '';
  if (raw === '') return { kind: 'none' };
  const hours = parseHours(raw);
  if (!hours) return { kind: 'unreadable', horaires: raw };
  const wall = wallClockDate(weekOf);
  const wallNow = wallClockDate(now);
  const today = isoDate(wallNow);
  const monday = wall.getDate() - ((wall.getDay() + 6) % 7);
  const semaine = DAYS.map((jour, i): DaySchedule => {
    const from = new Date(wall.getFullYear(), wall.getMonth(), monday + i);
    const to = new Date(wall.getFullYear(), wall.getMonth(), monday + i + 1);
    const spans = daySpans(hours, from, to).map((span) => `${span.text}${span.unknown ? ' (à confirmer)' : ''}`);
    return { jour, date: isoDate(from), aujourdhui: isoDate(from) === today, creneaux: spans.length ? spans.join(', ') : 'Fermé' };
  });
  return { kind: 'week', horaires: raw, ouvert: openAt(hours, wallNow), prochaine_ouverture: nextOpeningPhrase(hours, wallNow), semaine };
}
