/**
 * Weekly hours and "open now" from the standard's `horaires` (OSM opening_hours syntax), with French public holidays.
 * Loaded only on the lieu page (dynamic import): the library is large. Times are the device's local time, which is
 * Paris time for people in mainland France.
 */
import OpeningHours from 'opening_hours';

const FRANCE = { lat: 46.6, lon: 2.4, address: { country_code: 'fr', state: '' } };
const DAY_NAMES = ['lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche'];

export interface DayHours {
  name: string;
  date: Date;
  today: boolean;
  /** "9 h – 12 h, 14 h – 17 h" or "Fermé". */
  text: string;
}

export interface LieuHours {
  week: DayHours[];
  open: boolean;
  /** "Ouvert maintenant — jusqu'à 12 h" / "Fermé — ouvre mardi à 9 h". */
  now: string;
}

function hour(d: Date): string {
  const m = d.getMinutes();
  return m === 0 ? `${d.getHours()} h` : `${d.getHours()} h ${String(m).padStart(2, '0')}`;
}

function dayWords(target: Date, now: Date): string {
  const a = new Date(target.getFullYear(), target.getMonth(), target.getDate()).getTime();
  const b = new Date(now.getFullYear(), now.getMonth(), now.getDate()).getTime();
  const days = Math.round((a - b) / 86_400_000);
  if (days === 0) return "aujourd'hui";
  if (days === 1) return 'demain';
  const name = DAY_NAMES[(target.getDay() + 6) % 7]!;
  if (days < 7) return name;
  return `le ${name} ${target.toLocaleDateString('fr-FR', { day: 'numeric', month: 'long' })}`;
}

/** Null when the hours cannot be read (the raw text is then shown as it is). */
export function computeHours(horaires: string, now: Date = new Date()): LieuHours | null {
  let oh: OpeningHours;
  try {
    oh = new OpeningHours(horaires, FRANCE as never, { mode: 0, locale: 'fr' } as never);
  } catch {
    return null;
  }
  const monday = new Date(now.getFullYear(), now.getMonth(), now.getDate() - ((now.getDay() + 6) % 7));
  const week: DayHours[] = [];
  for (let i = 0; i < 7; i++) {
    const start = new Date(monday.getFullYear(), monday.getMonth(), monday.getDate() + i);
    const end = new Date(monday.getFullYear(), monday.getMonth(), monday.getDate() + i + 1);
    const intervals = oh.getOpenIntervals(start, end);
    const text = intervals.length === 0 ? 'Fermé' : intervals.map(([from, to]) => `${hour(from)} – ${to.getTime() >= end.getTime() ? '24 h' : hour(to)}`).join(', ');
    week.push({ name: DAY_NAMES[i]!, date: start, today: start.toDateString() === now.toDateString(), text });
  }
  const open = oh.getState(now);
  const limit = new Date(now.getTime() + 31 * 86_400_000);
  const change = oh.getNextChange(now, limit);
  let text: string;
  if (open) {
    text = change ? `Ouvert maintenant — jusqu'à ${change.toDateString() === now.toDateString() ? hour(change) : `${dayWords(change, now)} à ${hour(change)}`}` : 'Ouvert maintenant';
  } else {
    text = change ? `Fermé maintenant — ouvre ${dayWords(change, now)} à ${hour(change)}` : 'Fermé maintenant';
  }
  return { week, open, now: text };
}
