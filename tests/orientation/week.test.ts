import { describe, expect, it } from 'vitest';
import { weekSchedule } from '../../src/orientation';

const OFFICE = 'Mo-Fr 09:00-12:00,14:00-17:30; PH off';
// Tuesday 22 December 2026, 10:00 in Paris.
const NOW = new Date('2026-12-22T10:00:00+01:00');

describe('a lieu’s week of hours, for its public page', () => {
  it('lists the Paris week day by day, closed on the public holiday, today marked, open now in words', () => {
    const week = weekSchedule(OFFICE, NOW);
    expect(week.kind).toBe('week');
    if (week.kind !== 'week') return;
    expect(week.semaine.map((d) => [d.jour, d.date, d.creneaux])).toEqual([
      ['lundi', '2026-12-21', '9 h – 12 h, 14 h – 17 h 30'],
      ['mardi', '2026-12-22', '9 h – 12 h, 14 h – 17 h 30'],
      ['mercredi', '2026-12-23', '9 h – 12 h, 14 h – 17 h 30'],
      ['jeudi', '2026-12-24', '9 h – 12 h, 14 h – 17 h 30'],
      ['vendredi', '2026-12-25', 'Fermé'], // Noël
      ['samedi', '2026-12-26', 'Fermé'],
      ['dimanche', '2026-12-27', 'Fermé'],
    ]);
    expect(week.semaine.filter((d) => d.aujourdhui).map((d) => d.jour)).toEqual(['mardi']);
    expect(week.ouvert).toBe(true);
    expect(week.prochaine_ouverture).toBe("Ouvert jusqu'à 12 h");
  });

  it('shows another week on request, a day open until midnight, and uncertain hours as such', () => {
    const week = weekSchedule('Sa 20:00-24:00; Mo 09:00-12:00 unknown', NOW, new Date('2027-01-06T12:00:00+01:00'));
    if (week.kind !== 'week') throw new Error(week.kind);
    expect(week.semaine[0]).toEqual({ jour: 'lundi', date: '2027-01-04', aujourdhui: false, creneaux: '9 h – 12 h (à confirmer)' });
    expect(week.semaine[5]!.creneaux).toBe('20 h – 24 h');
    expect(week.semaine.some((d) => d.aujourdhui)).toBe(false);
  });

  it('tells missing hours from unreadable ones', () => {
    expect(weekSchedule(null, NOW)).toEqual({ kind: 'none' });
    expect(weekSchedule('  ', NOW)).toEqual({ kind: 'none' });
    expect(weekSchedule('le matin sauf le jeudi', NOW)).toEqual({ kind: 'unreadable', horaires: 'le matin sauf le jeudi' });
  });
});
