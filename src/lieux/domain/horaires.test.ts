import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FRENCH_DAYS, createOpeningHours, frenchDayRangesToOsm, parseFrenchDay, parseOpeningHours, type FrenchWeek } from './horaires.js';

describe('parseOpeningHours', () => {
  it.each(['Mo-Fr 09:00-12:00,14:00-18:30; Sa 08:30-12:00', '24/7', 'Mo-Fr 09:00-17:00; PH off', 'Tu,Th 14:00-17:00 "sur rendez-vous"'])(
    'accepts %s',
    (value) => {
      const result = parseOpeningHours(value);
      expect(result.ok).toBe(true);
    },
  );
  it.each(['lundi 9h', 'Mo 25:00-26:00', 'Mo-Fr 09:00-'])('rejects %s with a French explanation', (value) => {
    const result = parseOpeningHours(value);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(/[éèàù]|Veuillez|plage/i);
  });
  it('rejects blank', () => {
    expect(parseOpeningHours('  ').ok).toBe(false);
  });
  it('gives remarks for imprecise but valid values', () => {
    const result = parseOpeningHours('Mo-Fr 9-12');
    expect(result.ok && result.warnings.length).toBeGreaterThan(0);
  });
  it('evaluates public holidays in France', () => {
    const oh = createOpeningHours('Mo-Su 09:00-18:00; PH off');
    // 14 July 2025 is a Monday and a French public holiday; 15 July is not.
    expect(oh.getState(new Date(2025, 6, 14, 10, 0))).toBe(false);
    expect(oh.getState(new Date(2025, 6, 15, 10, 0))).toBe(true);
  });
});

describe('parseFrenchDay', () => {
  it.each([
    ['09:00 - 12:00 / 13:30 - 17:00', [[540, 720], [810, 1020]]],
    ['9h-12h', [[540, 720]]],
    ['08h30-12h00 et 13h30-17h00', [[510, 720], [810, 1020]]],
    ['de 9h à 12h', [[540, 720]]],
    ['09:00-12:00 14:00-16:30', [[540, 720], [840, 990]]],
    ['14:00 - 17:00 / 09:00 - 12:00', [[540, 720], [840, 1020]]],
  ])('%s', (text, ranges) => {
    expect(parseFrenchDay(text)).toEqual({ kind: 'open', ranges, notes: [] });
  });
  it.each(['', '-', '  '])('%j is blank', (text) => expect(parseFrenchDay(text).kind).toBe('blank'));
  it.each(['Fermé', 'fermé', 'FERME'])('%s is closed', (text) => expect(parseFrenchDay(text).kind).toBe('closed'));
  it('merges duplicated or overlapping ranges, noting it', () => {
    const result = parseFrenchDay('08:30 - 12:00 / 08:30 - 17:00');
    expect(result).toMatchObject({ kind: 'open', ranges: [[510, 1020]] });
    expect(result.kind === 'open' && result.notes).toHaveLength(1);
  });
  it('reads a chain of four times as two ranges, noting it', () => {
    expect(parseFrenchDay('09:00-12:00-14:00-17:00')).toMatchObject({ kind: 'open', ranges: [[540, 720], [840, 1020]] });
  });
  it('ignores 00:00 - 00:00 placeholders, noting it', () => {
    expect(parseFrenchDay('00:00 - 00:00 / 09:00 - 12:00')).toMatchObject({ kind: 'open', ranges: [[540, 720]], notes: [expect.any(String)] });
  });
  it.each(['sur rendez-vous', '12:00 - 09:00', '25:00 - 26:00', '09:00 - 12:00 sauf vacances'])('cannot read %j', (text) => {
    expect(parseFrenchDay(text).kind).toBe('error');
  });
});

describe('frenchDayRangesToOsm', () => {
  it('groups identical consecutive days', () => {
    expect(
      frenchDayRangesToOsm({
        lundi: '09:00 - 12:00 / 13:30 - 17:00',
        mardi: '9h-12h et 13h30-17h',
        mercredi: '09:00-12:00',
        jeudi: 'Fermé',
        vendredi: '',
      }),
    ).toEqual({ osm: 'Mo,Tu 09:00-12:00,13:30-17:00; We 09:00-12:00', warnings: [] });
    const week = Object.fromEntries(FRENCH_DAYS.slice(0, 5).map((day) => [day, '09:00 - 12:00'])) as FrenchWeek;
    expect(frenchDayRangesToOsm(week).osm).toBe('Mo-Fr 09:00-12:00');
  });
  it('groups identical non-consecutive days and keeps Saturday and Sunday', () => {
    expect(
      frenchDayRangesToOsm({ lundi: '9h-12h', mardi: '9h-12h', mercredi: '9h-12h', jeudi: '14h-17h', vendredi: '9h-12h', samedi: '9h-12h', dimanche: '10h-12h' })
        .osm,
    ).toBe('Mo-We,Fr,Sa 09:00-12:00; Th 14:00-17:00; Su 10:00-12:00');
  });
  it('gives nothing, without warning, when no day is filled', () => {
    expect(frenchDayRangesToOsm({ lundi: '', mardi: '-' })).toEqual({ osm: null, warnings: [] });
  });
  it('warns when every day is said closed', () => {
    const result = frenchDayRangesToOsm({ lundi: 'Fermé', mardi: 'fermé' });
    expect(result.osm).toBeNull();
    expect(result.warnings).toHaveLength(1);
  });
  it('produces nothing when one day cannot be read, naming the day', () => {
    const result = frenchDayRangesToOsm({ lundi: '09:00 - 12:00', mardi: 'sur rendez-vous' });
    expect(result.osm).toBeNull();
    expect(result.warnings.join(' ')).toContain('mardi');
  });
});

describe('France Services official list 2022-12-01 (h_lundi … h_samedi)', () => {
  const fixture = JSON.parse(readFileSync(new URL('./__fixtures__/france-services-horaires.json', import.meta.url), 'utf8')) as {
    rows: number;
    days: string[];
    dayValues: [string, number][];
    weeks: (string | number)[][];
  };

  it('the fixture covers every row of the file', () => {
    expect(fixture.weeks.reduce((sum, week) => sum + (week[6] as number), 0)).toBe(fixture.rows);
  });

  it('reads at least 99 % of the distinct day texts, weighted by use', () => {
    let read = 0;
    let total = 0;
    for (const [value, count] of fixture.dayValues) {
      total += count;
      if (parseFrenchDay(value).kind !== 'error') read += count;
    }
    expect(read / total).toBeGreaterThanOrEqual(0.99);
  });

  it('converts at least 99 % of the lieux to valid OSM hours (or to "no hours" when none were given)', () => {
    let converted = 0;
    let withHours = 0;
    for (const week of fixture.weeks) {
      const count = week[6] as number;
      const days = Object.fromEntries(fixture.days.map((day, i) => [day, week[i] as string])) as FrenchWeek;
      const result = frenchDayRangesToOsm(days);
      if (result.osm !== null) {
        withHours += count;
        expect(parseOpeningHours(result.osm).ok).toBe(true);
      }
      if (result.osm !== null || result.warnings.length === 0) converted += count;
    }
    expect(converted / fixture.rows).toBeGreaterThanOrEqual(0.99);
    // Most France Services publish their hours: a converter that silently dropped them would fail here.
    expect(withHours / fixture.rows).toBeGreaterThanOrEqual(0.95);
  });
});
