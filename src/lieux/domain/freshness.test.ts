import { describe, expect, it } from 'vitest';
import { addMonths, confirmedWithin, isToVerify, lastVouchedAt } from './freshness';

const at = (iso: string) => new Date(iso);

describe('calendar months', () => {
  it('clamps the day to the length of the target month, forwards and backwards', () => {
    expect(addMonths(at('2026-03-31T10:00:00Z'), 1).toISOString()).toBe('2026-04-30T10:00:00.000Z');
    expect(addMonths(at('2026-08-31T10:00:00Z'), -6).toISOString()).toBe('2026-02-28T10:00:00.000Z');
    expect(addMonths(at('2028-01-31T00:00:00Z'), 1).toISOString()).toBe('2028-02-29T00:00:00.000Z');
    expect(addMonths(at('2026-11-15T23:30:00Z'), 2).toISOString()).toBe('2027-01-15T23:30:00.000Z');
  });
});

describe('freshness of a lieu', () => {
  const created = at('2025-01-10T09:00:00Z');

  it('measures from the last confirmation, or from the entry in the registry when never confirmed', () => {
    expect(lastVouchedAt({ confirmedAt: null, createdAt: created })).toEqual(created);
    expect(lastVouchedAt({ confirmedAt: at('2026-05-01T00:00:00Z'), createdAt: created })).toEqual(at('2026-05-01T00:00:00Z'));
  });

  it('is « à vérifier » exactly when six months have passed without anyone vouching for it', () => {
    const confirmed = { confirmedAt: at('2026-06-01T08:00:00Z'), createdAt: created };
    expect(isToVerify(confirmed, at('2026-12-01T07:59:59Z'))).toBe(false);
    expect(isToVerify(confirmed, at('2026-12-01T08:00:00Z'))).toBe(true);
    expect(isToVerify({ confirmedAt: null, createdAt: created }, at('2025-07-09T00:00:00Z'))).toBe(false);
    expect(isToVerify({ confirmedAt: null, createdAt: created }, at('2025-07-10T09:00:00Z'))).toBe(true);
  });

  it('counts a lieu as confirmed within a window only if it was confirmed at all', () => {
    const now = at('2026-12-01T00:00:00Z');
    expect(confirmedWithin(null, now, 6)).toBe(false);
    expect(confirmedWithin(at('2026-06-01T00:00:01Z'), now, 6)).toBe(true);
    expect(confirmedWithin(at('2026-06-01T00:00:00Z'), now, 6)).toBe(false);
    expect(confirmedWithin(at('2025-12-02T00:00:00Z'), now, 12)).toBe(true);
  });
});
