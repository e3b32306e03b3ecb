import { describe, expect, it } from 'vitest';
import { nextOpeningPhrase, openAt, parseHours, parisDate, wallClockDate } from '../../src/orientation';

/** Open state and phrase of `hours` at a (Paris or UTC) instant. */
function at(hours: string | null, iso: string) {
  const wall = wallClockDate(new Date(iso));
  const parsed = parseHours(hours);
  return { ouvert: openAt(parsed, wall), phrase: nextOpeningPhrase(parsed, wall) };
}

const OFFICE = 'Mo-Fr 09:00-12:00,14:00-17:30; PH off';

describe('open at / next opening, in Europe/Paris with French public holidays', () => {
  it('says until when an open lieu stays open', () => {
    // Tuesday 1 December 2026, 10:00 in Paris.
    expect(at(OFFICE, '2026-12-01T10:00:00+01:00')).toEqual({ ouvert: true, phrase: "Ouvert jusqu'à 12 h" });
    expect(at(OFFICE, '2026-12-01T15:00:00+01:00')).toEqual({ ouvert: true, phrase: "Ouvert jusqu'à 17 h 30" });
  });

  it('does not take a change of comment for a closing', () => {
    const hours = 'Mo-Fr 09:00-12:00 open "accueil libre", Mo-Fr 12:00-14:00 open "sur rendez-vous"';
    expect(at(hours, '2026-12-01T10:00:00+01:00')).toEqual({ ouvert: true, phrase: "Ouvert jusqu'à 14 h" });
  });

  it('says when a closed lieu opens: later today, tomorrow, a weekday, a date', () => {
    expect(at(OFFICE, '2026-12-01T12:30:00+01:00')).toEqual({ ouvert: false, phrase: 'Ouvre à 14 h' });
    expect(at(OFFICE, '2026-12-01T18:00:00+01:00')).toEqual({ ouvert: false, phrase: 'Ouvre demain à 9 h' });
    // Friday evening → Monday.
    expect(at(OFFICE, '2026-12-04T18:00:00+01:00')).toEqual({ ouvert: false, phrase: 'Ouvre lundi à 9 h' });
    // Sunday 29 November → Tuesday 1 December.
    expect(at('Tu 09:30-12:00', '2026-11-29T12:00:00+01:00')).toEqual({ ouvert: false, phrase: 'Ouvre mardi à 9 h 30' });
    // Closed for the holidays: Sunday 20 December → Monday 4 January 2027 (more than 6 days).
    expect(at('Mo-Fr 09:00-12:00; Dec 21-Jan 03 off', '2026-12-20T12:00:00+01:00')).toEqual({
      ouvert: false,
      phrase: 'Ouvre le 4 janvier à 9 h',
    });
  });

  it('keeps a lieu closed on a French public holiday (PH off)', () => {
    // Friday 25 December 2026 is Noël: closed all day; next opening Monday 28.
    expect(at(OFFICE, '2026-12-25T10:00:00+01:00')).toEqual({ ouvert: false, phrase: 'Ouvre lundi à 9 h' });
    // Thursday 24 December evening: not "demain" (a holiday) but Monday.
    expect(at(OFFICE, '2026-12-24T18:00:00+01:00')).toEqual({ ouvert: false, phrase: 'Ouvre lundi à 9 h' });
    // The same Friday a week earlier is an ordinary day.
    expect(at(OFFICE, '2026-12-18T10:00:00+01:00').ouvert).toBe(true);
  });

  it('follows the daylight saving changes of Paris', () => {
    const MORNING = 'Mo-Su 08:00-12:00';
    // Saturday 28 March 2026, 06:30 UTC = 07:30 in Paris (UTC+1): closed.
    expect(at(MORNING, '2026-03-28T06:30:00Z')).toEqual({ ouvert: false, phrase: 'Ouvre à 8 h' });
    // Sunday 29 March 2026, after the change, 06:30 UTC = 08:30 in Paris (UTC+2): open.
    expect(at(MORNING, '2026-03-29T06:30:00Z')).toEqual({ ouvert: true, phrase: "Ouvert jusqu'à 12 h" });
    // Sunday 25 October 2026, back to UTC+1: 06:30 UTC = 07:30 in Paris: closed again.
    expect(at(MORNING, '2026-10-24T06:30:00Z').ouvert).toBe(true);
    expect(at(MORNING, '2026-10-25T06:30:00Z')).toEqual({ ouvert: false, phrase: 'Ouvre à 8 h' });
    // Late evening in UTC is already the next day in Paris.
    expect(parisDate(new Date('2026-12-31T23:30:00Z'))).toBe('2027-01-01');
  });

  it('treats missing, unreadable, "unknown" and never-open hours as unknown or never', () => {
    expect(at(null, '2026-12-01T10:00:00+01:00')).toEqual({ ouvert: null, phrase: null });
    expect(at('pas un horaire', '2026-12-01T10:00:00+01:00')).toEqual({ ouvert: null, phrase: null });
    expect(at('Mo-Fr 09:00-12:00 unknown', '2026-12-01T10:00:00+01:00')).toEqual({ ouvert: null, phrase: null });
    expect(at('off', '2026-12-01T10:00:00+01:00')).toEqual({ ouvert: false, phrase: null });
    expect(at('24/7', '2026-12-01T10:00:00+01:00')).toEqual({ ouvert: true, phrase: 'Ouvert 24 h/24' });
  });
});
