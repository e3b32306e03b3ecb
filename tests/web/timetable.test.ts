import { describe, expect, it } from 'vitest';
import { createOpeningHours } from '../../src/lieux';
import {
  describeTimetable,
  emptyTimetable,
  readOpeningHours,
  timetableProblems,
  writeOpeningHours,
  type OsmDay,
  type Timetable,
} from '../../web/src/freshness/timetable';

/** Open intervals over six weeks with public holidays (Christmas, New Year) by the reference library, as text. */
function openIntervals(value: string): string[] {
  const from = new Date('2026-11-30T00:00:00+01:00');
  const to = new Date('2027-01-11T00:00:00+01:00');
  const fmt = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', dateStyle: 'short', timeStyle: 'short' });
  return createOpeningHours(value)
    .getOpenIntervals(from, to)
    .map(([a, b]) => `${fmt.format(a)} → ${fmt.format(b)}`);
}

function table(value: string): Timetable {
  const read = readOpeningHours(value);
  if (read.kind !== 'table') throw new Error(`« ${value} » lu comme trop complexe`);
  return read.timetable;
}

const week = (days: Partial<Record<OsmDay, string>>): Timetable => {
  const t = emptyTimetable();
  for (const [day, ranges] of Object.entries(days) as Array<[OsmDay, string]>) {
    t.week[day] = ranges.split(',').map((r) => {
      const [start, end] = r.split('-') as [string, string];
      return { start, end };
    });
  }
  return t;
};

describe('timetable ⇄ opening_hours', () => {
  it('writes a week with breaks and a Saturday morning, grouped by identical days, and reads it back', () => {
    const t = week({ Mo: '09:00-12:00,14:00-17:00', Tu: '09:00-12:00,14:00-17:00', We: '09:00-12:00,14:00-17:00', Th: '09:00-12:00,14:00-17:00', Fr: '09:00-12:00,14:00-17:00', Sa: '09:00-12:00' });
    t.publicHolidaysClosed = true;
    const written = writeOpeningHours(t);
    expect(written).toBe('Mo-Fr 09:00-12:00,14:00-17:00; Sa 09:00-12:00; PH off');
    expect(table(written!)).toEqual(t);
    expect(describeTimetable(t)).toEqual([
      'Du lundi au vendredi : de 9 h à 12 h et de 14 h à 17 h.',
      'Samedi : de 9 h à 12 h.',
      'Fermé le dimanche.',
      'Fermé les jours fériés.',
    ]);
  });

  it('days that are not consecutive, three ranges a day and minutes', () => {
    const t = week({ Mo: '09:30-12:00', We: '09:30-12:00', Th: '08:00-10:00,10:30-12:15,13:45-18:00', Fr: '09:30-12:00', Sa: '09:30-12:00' });
    const written = writeOpeningHours(t)!;
    expect(written).toBe('Mo,We,Fr,Sa 09:30-12:00; Th 08:00-10:00,10:30-12:15,13:45-18:00');
    expect(table(written)).toEqual(t);
    expect(describeTimetable(t)[0]).toBe('Lundi, mercredi, vendredi et samedi : de 9 h 30 à 12 h.');
    expect(describeTimetable(t)[1]).toBe('Jeudi : de 8 h à 10 h, de 10 h 30 à 12 h 15 et de 13 h 45 à 18 h.');
    expect(describeTimetable(t)[2]).toBe('Fermé le mardi et le dimanche.');
  });

  it('closed dates and public holidays: written after the week, so they win over it (checked with opening_hours)', () => {
    const t = week({ Mo: '09:00-17:00', Tu: '09:00-17:00', We: '09:00-17:00', Th: '09:00-17:00', Fr: '09:00-17:00' });
    t.closedDates = ['2026-12-24', '2026-12-31'];
    t.publicHolidaysClosed = true;
    const written = writeOpeningHours(t)!;
    expect(written).toBe('Mo-Fr 09:00-17:00; 2026 Dec 24 off; 2026 Dec 31 off; PH off');
    expect(table(written)).toEqual(t);
    const open = openIntervals(written);
    expect(open.some((i) => i.startsWith('24/12/2026'))).toBe(false); // closed date (a Thursday)
    expect(open.some((i) => i.startsWith('25/12/2026'))).toBe(false); // Christmas (a Friday): public holiday
    expect(open.some((i) => i.startsWith('01/01/2027'))).toBe(false); // New Year
    expect(open.some((i) => i.startsWith('23/12/2026'))).toBe(true);
    expect(describeTimetable(t).slice(-2)).toEqual(['Fermé les jours fériés.', 'Fermeture exceptionnelle les 24 décembre 2026 et 31 décembre 2026.']);
  });

  it('round trips through the reference library: what is read then written opens at exactly the same times', () => {
    const values = [
      'Mo-Fr 09:00-12:00,14:00-17:00; Sa 09:00-12:00; PH off',
      'Mo-Fr 09:00-17:00; We 09:00-12:00',
      'Mo-Sa 10:00-12:00; We off; PH off',
      'Tu,Th 14:00-18:00',
      'Sa-Mo 10:00-12:00',
      '09:00-18:00',
      'Mo-Fr 9:00-12:00, 14:00-17:30',
      'Mo 08:00-10:00,10:00-12:00',
      'Mo-Fr 09:00-17:00; 2027 Jan 5 off; PH off',
    ];
    for (const value of values) {
      const written = writeOpeningHours(table(value))!;
      expect(openIntervals(written), `${value} → ${written}`).toEqual(openIntervals(value));
    }
  });

  it('random weeks: written, evaluated by opening_hours, open exactly as typed; read back unchanged', () => {
    const choices = ['09:00-12:00', '09:00-17:00', '10:00-12:00,14:00-18:00', '14:00-17:00', '08:30-12:00,13:30-16:00,17:00-19:00', ''];
    let seed = 42;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const days: OsmDay[] = ['Mo', 'Tu', 'We', 'Th', 'Fr', 'Sa', 'Su'];
    for (let n = 0; n < 300; n++) {
      const spec = Object.fromEntries(days.map((d) => [d, choices[Math.floor(next() * choices.length)]!]).filter(([, v]) => v !== ''));
      const t = week(spec);
      const written = writeOpeningHours(t);
      if (written === null) {
        expect(Object.keys(spec)).toEqual([]);
        continue;
      }
      expect(table(written)).toEqual(t);
      // Monday 30 November 2026 to Sunday 6 December 2026, day by day.
      const oh = createOpeningHours(written);
      days.forEach((day, i) => {
        const from = new Date(Date.UTC(2026, 10, 30 + i) - 3_600_000);
        const got = oh
          .getOpenIntervals(from, new Date(from.getTime() + 86_400_000))
          .map(([a, b]) => `${a.toTimeString().slice(0, 5)}-${b.toTimeString().slice(0, 5)}`)
          .join(',');
        expect(got, `${written}, ${day}`).toBe(spec[day] ?? '');
      });
    }
  });

  it('an empty table writes nothing (hours « non renseignés »), and nothing reads as an empty table', () => {
    const t = emptyTimetable();
    t.publicHolidaysClosed = true;
    expect(writeOpeningHours(t)).toBeNull();
    expect(readOpeningHours(null)).toEqual({ kind: 'table', timetable: emptyTimetable() });
    expect(readOpeningHours('  ')).toEqual({ kind: 'table', timetable: emptyTimetable() });
    expect(describeTimetable(emptyTimetable())).toEqual(['Aucun horaire renseigné.']);
  });

  it('values the table cannot show are kept as they are, word for word', () => {
    for (const value of [
      'Mo-Fr 08:00-18:00; PH 10:00-12:00',
      'Mo-Fr 09:00-12:00 "sur rendez-vous"',
      '24/7',
      'Mo-Fr 22:00-02:00',
      'Mo-Fr 08:00-24:00',
      'PH off; Mo-Fr 09:00-17:00',
      'Mo-Fr 09:00-12:00 || "sur rendez-vous"',
      'Mo[1] 09:00-12:00',
      'Dec 25 off; Mo-Fr 09:00-12:00',
      'Mo-Fr 09:00-12:00; 2026 Feb 30 off',
      'Mo-Fr 09:00-13:00,12:00-17:00',
      'sunrise-sunset',
      'le matin',
    ]) {
      expect(readOpeningHours(value), value).toEqual({ kind: 'complex', value });
    }
  });

  it('names the ranges that cannot be saved, in French', () => {
    const t = week({ Mo: '09:00-12:00,11:00-15:00', Tu: '17:00-09:00' });
    t.week.We = [{ start: '', end: '12:00' }];
    expect(timetableProblems(t).map((p) => [p.day, p.index, p.message])).toEqual([
      ['Mo', 1, 'Lundi, plage 2 : elle chevauche la plage 1 du même jour.'],
      ['Tu', 0, 'Mardi, plage 1 : l’heure de fermeture (9 h) doit être après l’heure d’ouverture (17 h).'],
      ['We', 0, 'Mercredi, plage 1 : indiquez l’heure d’ouverture et l’heure de fermeture.'],
    ]);
    expect(timetableProblems(week({ Mo: '09:00-12:00,12:00-17:00' }))).toEqual([]);
  });
});
