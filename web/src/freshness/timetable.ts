/**
 * The timetable a structure fills in (a week of time ranges, public holidays, closed dates) and the OSM
 * `opening_hours` string the standard's `horaires` holds, both ways, plus the same hours in plain French words.
 * Pure: no DOM, no library (the `opening_hours` library is heavy, and the server validates what is saved).
 *
 * ANCT's `@gouvfr-anct/timetable-to-osm-opening-hours` was evaluated and is not used: its model has at most two ranges a
 * day (morning, afternoon) and no exceptions; reading goes through `opening_hours` over one calendar week in the
 * browser's time zone (a public holiday that week empties a day); and writing, which merges days into ranges with
 * `off` corrections, gives wrong hours for about 3 % of random weeks (e.g. lundi, mardi, jeudi and samedi 9 h–17 h and
 * mercredi and vendredi 10 h–12 h becomes `Mo-Sa …; Th-Su …; We,Sa off`, closing Saturday).
 *
 * What is written: one rule per group of days with the same ranges (`Mo-We,Fr 09:00-12:00,14:00-17:00`), then one
 * `off` rule per closed date (`2026 Dec 24 off`), then `PH off`. What is read back: that shape, and any sequence of such
 * rules with OSM's meaning (a later rule replaces the earlier ones for its days). Anything else is "complex": kept as it
 * is and edited as text.
 */

export const DAYS = [
  { osm: 'Mo', name: 'lundi' },
  { osm: 'Tu', name: 'mardi' },
  { osm: 'We', name: 'mercredi' },
  { osm: 'Th', name: 'jeudi' },
  { osm: 'Fr', name: 'vendredi' },
  { osm: 'Sa', name: 'samedi' },
  { osm: 'Su', name: 'dimanche' },
] as const;
export type OsmDay = (typeof DAYS)[number]['osm'];
const OSM_DAYS: readonly OsmDay[] = DAYS.map((d) => d.osm);

/** One opening range of a day, `HH:MM` to `HH:MM` (what `<input type="time">` gives). */
export interface TimeRange {
  start: string;
  end: string;
}

export interface Timetable {
  /** Each day's ranges, in order; none means closed that day. */
  week: Record<OsmDay, TimeRange[]>;
  /** « Jours fériés : fermé » (`PH off`). */
  publicHolidaysClosed: boolean;
  /** Exceptional closures, `YYYY-MM-DD`, sorted. */
  closedDates: string[];
}

export type ReadHours = { kind: 'table'; timetable: Timetable } | { kind: 'complex'; value: string };

export function emptyTimetable(): Timetable {
  return { week: { Mo: [], Tu: [], We: [], Th: [], Fr: [], Sa: [], Su: [] }, publicHolidaysClosed: false, closedDates: [] };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;
const MONTH_NAMES = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'];

const TIME = /^(\d{1,2}):(\d{2})$/;
const DAY = '(?:Mo|Tu|We|Th|Fr|Sa|Su)';
const DAY_SELECTOR = new RegExp(`^${DAY}(?:-${DAY})?(?:,${DAY}(?:-${DAY})?)*$`);
const RANGE = /^(\d{1,2}:\d{2})-(\d{1,2}:\d{2})$/;
const DATE_RULE = /^(\d{4}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{1,2}) (?:off|closed)$/;
const PH_RULE = /^PH (?:off|closed)$/;

/** `9:05` → minutes since midnight; null when not a time of day (24:00 included: a table cannot show it). */
function minutes(time: string): number | null {
  const m = TIME.exec(time);
  if (!m) return null;
  const h = Number(m[1]);
  const min = Number(m[2]);
  return h < 24 && min < 60 ? h * 60 + min : null;
}

const pad = (n: number) => String(n).padStart(2, '0');
const hhmm = (total: number) => `${pad(Math.floor(total / 60))}:${pad(total % 60)}`;

/** `Mo-We,Fr` → [Mo, Tu, We, Fr] (wrapping ranges such as `Sa-Mo` included). */
function expandDays(selector: string): OsmDay[] {
  const days: OsmDay[] = [];
  for (const part of selector.split(',')) {
    const [from, to] = part.split('-') as [OsmDay, OsmDay | undefined];
    const start = OSM_DAYS.indexOf(from);
    const end = to === undefined ? start : OSM_DAYS.indexOf(to);
    for (let i = start; ; i = (i + 1) % 7) {
      days.push(OSM_DAYS[i]!);
      if (i === end) break;
    }
  }
  return days;
}

/** `09:00-12:00,14:00-17:00` → ranges, or null when a range is not a plain daytime range (overnight, 24:00…). */
function parseRanges(text: string): TimeRange[] | null {
  const ranges: TimeRange[] = [];
  for (const part of text.split(',').map((p) => p.trim())) {
    const m = RANGE.exec(part);
    if (!m) return null;
    const start = minutes(m[1]!);
    const end = minutes(m[2]!);
    if (start === null || end === null || end <= start) return null;
    ranges.push({ start: hhmm(start), end: hhmm(end) });
  }
  return sortedRanges(ranges);
}

function isoDate(year: number, month: number, day: number): string | null {
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return `${year}-${pad(month)}-${pad(day)}`;
}

/**
 * Reads an `opening_hours` value into the table, or says it is too complex for it (then it is kept as text). An empty
 * value is an empty table.
 */
export function readOpeningHours(value: string | null | undefined): ReadHours {
  const text = (value ?? '').trim();
  const timetable = emptyTimetable();
  if (text === '') return { kind: 'table', timetable };
  const complex: ReadHours = { kind: 'complex', value: value ?? '' };
  if (text.includes('||')) return complex;
  const rules = text
    .split(';')
    .map((r) => r.trim().replace(/\s+/g, ' '))
    .filter((r) => r !== '');
  let exceptions = false;
  const closed = new Set<string>();
  for (const rule of rules) {
    if (PH_RULE.test(rule)) {
      timetable.publicHolidaysClosed = true;
      exceptions = true;
      continue;
    }
    const date = DATE_RULE.exec(rule);
    if (date) {
      const iso = isoDate(Number(date[1]), MONTHS.indexOf(date[2] as (typeof MONTHS)[number]) + 1, Number(date[3]));
      if (!iso) return complex;
      closed.add(iso);
      exceptions = true;
      continue;
    }
    // A weekday rule after an exception would override it on those dates: not what the table shows.
    if (exceptions) return complex;
    const space = rule.indexOf(' ');
    const [selector, hours] = space < 0 ? [null, rule] : [rule.slice(0, space), rule.slice(space + 1)];
    if (selector !== null && !DAY_SELECTOR.test(selector)) return complex;
    const closedRule = hours === 'off' || hours === 'closed';
    if (closedRule && selector === null) return complex;
    const ranges = closedRule ? [] : parseRanges(hours.replace(/\s*-\s*/g, '-'));
    if (!ranges || !ranges.every((r, i) => i === 0 || ranges[i - 1]!.end <= r.start)) return complex;
    for (const day of selector === null ? OSM_DAYS : expandDays(selector)) timetable.week[day] = ranges.map((r) => ({ ...r }));
  }
  timetable.closedDates = [...closed].sort();
  return { kind: 'table', timetable };
}

/** Days sharing the same ranges, in week order of their first day. */
function groupDays(timetable: Timetable): Array<{ days: OsmDay[]; ranges: TimeRange[] }> {
  const groups = new Map<string, { days: OsmDay[]; ranges: TimeRange[] }>();
  for (const day of OSM_DAYS) {
    const ranges = sortedRanges(timetable.week[day]);
    if (ranges.length === 0) continue;
    const key = ranges.map((r) => `${r.start}-${r.end}`).join(',');
    const group = groups.get(key);
    if (group) group.days.push(day);
    else groups.set(key, { days: [day], ranges });
  }
  return [...groups.values()];
}

const sortedRanges = (ranges: readonly TimeRange[]) => [...ranges].sort((a, b) => a.start.localeCompare(b.start));

/** Consecutive days as runs: [Mo, Tu, We, Fr] → [[Mo, We], [Fr, Fr]]. */
function runs(days: readonly OsmDay[]): Array<[OsmDay, OsmDay, number]> {
  const out: Array<[OsmDay, OsmDay, number]> = [];
  for (const day of days) {
    const last = out[out.length - 1];
    if (last && OSM_DAYS.indexOf(day) === OSM_DAYS.indexOf(last[1]) + 1) {
      last[1] = day;
      last[2] += 1;
    } else out.push([day, day, 1]);
  }
  return out;
}

function osmDays(days: readonly OsmDay[]): string {
  return runs(days)
    .map(([from, to, length]) => (length === 1 ? from : length === 2 ? `${from},${to}` : `${from}-${to}`))
    .join(',');
}

function osmDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return `${y} ${MONTHS[m - 1]} ${pad(d)} off`;
}

/**
 * Writes the table as `opening_hours`; null when no day has a range (the lieu's hours are then "non renseignés": the
 * exceptions alone say nothing).
 */
export function writeOpeningHours(timetable: Timetable): string | null {
  const weekly = groupDays(timetable).map((g) => `${osmDays(g.days)} ${g.ranges.map((r) => `${r.start}-${r.end}`).join(',')}`);
  if (weekly.length === 0) return null;
  const exceptions = [...new Set(timetable.closedDates)].sort().map(osmDate);
  if (timetable.publicHolidaysClosed) exceptions.push('PH off');
  return [...weekly, ...exceptions].join('; ');
}

// ---- Checks of what is typed ---------------------------------------------------------------------------------------

export interface TimetableProblem {
  day: OsmDay;
  /** The range concerned (its position in the day as typed). */
  index: number;
  message: string;
}

/** Ranges that cannot be written: missing times, end not after start, overlapping another range of the day. */
export function timetableProblems(timetable: Timetable): TimetableProblem[] {
  const problems: TimetableProblem[] = [];
  for (const { osm, name } of DAYS) {
    const ranges = timetable.week[osm];
    ranges.forEach((range, index) => {
      const start = minutes(range.start);
      const end = minutes(range.end);
      const label = `${capitalise(name)}, plage ${index + 1}`;
      if (start === null || end === null) {
        problems.push({ day: osm, index, message: `${label} : indiquez l’heure d’ouverture et l’heure de fermeture.` });
      } else if (end <= start) {
        problems.push({ day: osm, index, message: `${label} : l’heure de fermeture (${frenchTime(range.end)}) doit être après l’heure d’ouverture (${frenchTime(range.start)}).` });
      } else {
        const overlap = ranges.findIndex((other, j) => {
          if (j >= index) return false;
          const s = minutes(other.start);
          const e = minutes(other.end);
          return s !== null && e !== null && start < e && s < end;
        });
        if (overlap >= 0) problems.push({ day: osm, index, message: `${label} : elle chevauche la plage ${overlap + 1} du même jour.` });
      }
    });
  }
  return problems;
}

// ---- Plain French --------------------------------------------------------------------------------------------------

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** `09:00` → `9 h`, `14:30` → `14 h 30`. */
export function frenchTime(time: string): string {
  const total = minutes(time);
  if (total === null) return time;
  const h = Math.floor(total / 60);
  const m = total % 60;
  return m === 0 ? `${h} h` : `${h} h ${pad(m)}`;
}

/** `a`, `a et b`, `a, b et c`. */
export function frenchList(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} et ${items[items.length - 1]}`;
}

const dayName = (day: OsmDay) => DAYS.find((d) => d.osm === day)!.name;

function frenchDays(days: readonly OsmDay[]): string {
  if (days.length === 7) return 'tous les jours';
  return frenchList(runs(days).flatMap(([from, to, length]) => (length >= 3 ? [`du ${dayName(from)} au ${dayName(to)}`] : length === 2 ? [dayName(from), dayName(to)] : [dayName(from)])));
}

export function frenchRanges(ranges: readonly TimeRange[]): string {
  return frenchList(sortedRanges(ranges).map((r) => `de ${frenchTime(r.start)} à ${frenchTime(r.end)}`));
}

/** `2026-12-25` → `25 décembre 2026`. */
export function frenchDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return `${d === 1 ? '1er' : d} ${MONTH_NAMES[m - 1]} ${y}`;
}

/** The table in sentences, as shown under the editor (and to the public). */
export function describeTimetable(timetable: Timetable): string[] {
  const groups = groupDays(timetable);
  if (groups.length === 0) return ['Aucun horaire renseigné.'];
  const lines = groups.map((g) => `${capitalise(frenchDays(g.days))} : ${frenchRanges(g.ranges)}.`);
  const closedDays = OSM_DAYS.filter((d) => timetable.week[d].length === 0);
  if (closedDays.length > 0) lines.push(`Fermé ${frenchList(closedDays.map((d) => `le ${dayName(d)}`))}.`);
  if (timetable.publicHolidaysClosed) lines.push('Fermé les jours fériés.');
  const dates = [...new Set(timetable.closedDates)].sort();
  if (dates.length > 0) lines.push(`Fermeture exceptionnelle ${dates.length > 1 ? 'les' : 'le'} ${frenchList(dates.map(frenchDate))}.`);
  return lines;
}
