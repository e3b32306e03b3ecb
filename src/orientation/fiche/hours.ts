import { createOpeningHours } from '../../lieux';
import { daySpans } from '../domain';

const DAYS = ['lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche'] as const;

function dayRange(from: number, to: number): string {
  if (from === to) return `Le ${DAYS[from]}`;
  if (to === from + 1) return `Le ${DAYS[from]} et le ${DAYS[to]}`;
  return `Du ${DAYS[from]} au ${DAYS[to]}`;
}

/**
 * An OSM opening_hours value as readable French lines for a usual week (holidays aside), consecutive days with the same
 * hours grouped: "Du lundi au vendredi : 9 h – 12 h, 14 h – 17 h". The raw value when the library cannot read it;
 * an empty list when there is no value. Computed in local time on a fixed January week (no DST change, no public
 * holiday), so the result does not depend on the server's timezone.
 */
export function openingHoursLines(value: string | null | undefined): string[] {
  const raw = value?.trim();
  if (!raw) return [];
  let oh: ReturnType<typeof createOpeningHours>;
  try {
    oh = createOpeningHours(raw);
  } catch {
    return [raw];
  }
  const perDay: string[] = [];
  for (let d = 0; d < 7; d++) {
    // Monday 8 January 2024 + d.
    const from = new Date(2024, 0, 8 + d, 0, 0, 0);
    const to = new Date(2024, 0, 9 + d, 0, 0, 0);
    perDay.push(daySpans(oh, from, to).map((span) => span.text).join(', '));
  }
  const lines: string[] = [];
  let start = 0;
  for (let d = 1; d <= 7; d++) {
    if (d === 7 || perDay[d] !== perDay[start]) {
      if (perDay[start]) lines.push(`${dayRange(start, d - 1)} : ${perDay[start]}`);
      start = d;
    }
  }
  return lines.length > 0 ? lines : ['Fermé ou sur rendez-vous (voir avec le lieu)'];
}
