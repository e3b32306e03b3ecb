/**
 * Paris wall-clock time, independent of the server's own timezone.
 *
 * The `opening_hours` library reads a Date through its LOCAL accessors (getDay, getHours, …). To evaluate a lieu's hours
 * in Europe/Paris on any server, we compute the Paris wall-clock of an instant with `Intl.DateTimeFormat` and build a
 * "wall-clock Date" whose local fields are those Paris fields. Dates the library returns are read back the same way
 * (their local fields are Paris wall-clock). Known limit: on a server whose own timezone has daylight saving, the one
 * wall-clock hour that does not exist locally on its spring-forward night cannot be represented (shifted by an hour);
 * servers run in UTC or Europe/Paris have no such hole for Paris hours.
 */

const formatter = new Intl.DateTimeFormat('fr-FR', {
  timeZone: 'Europe/Paris',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

export interface WallClock {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** The Paris wall-clock fields of an instant. */
export function parisWallClock(instant: Date): WallClock {
  const fields: Record<string, number> = {};
  for (const part of formatter.formatToParts(instant)) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  return {
    year: fields.year!,
    month: fields.month!,
    day: fields.day!,
    hour: fields.hour! % 24,
    minute: fields.minute!,
    second: fields.second!,
  };
}

/** The Date the `opening_hours` library expects: local fields = Paris wall-clock of `instant`. */
export function wallClockDate(instant: Date): Date {
  const w = parisWallClock(instant);
  return new Date(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
}

/** Paris calendar date of an instant, `YYYY-MM-DD`. */
export function parisDate(instant: Date): string {
  const w = parisWallClock(instant);
  return `${w.year}-${String(w.month).padStart(2, '0')}-${String(w.day).padStart(2, '0')}`;
}

/** Whole calendar days from wall-clock date `a` to wall-clock date `b` (local fields). */
export function calendarDaysBetween(a: Date, b: Date): number {
  const da = Date.UTC(a.getFullYear(), a.getMonth(), a.getDate());
  const db = Date.UTC(b.getFullYear(), b.getMonth(), b.getDate());
  return Math.round((db - da) / 86_400_000);
}
