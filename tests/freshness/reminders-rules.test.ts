import { describe, expect, it } from 'vitest';
import { isToVerify } from '../../src/freshness';
import { loadConfig } from '../../src/platform/config';
import { DEFAULT_REMINDER_RULES as RULES, dueReminder, logResultOf, type PastReminder, type ReminderLieu } from '../../src/freshness/domain/reminders';

const at = (iso: string) => new Date(iso);
const confirmed = (iso: string | null, created = '2025-01-10T09:00:00Z'): ReminderLieu => ({
  confirmedAt: iso ? at(iso) : null,
  createdAt: at(created),
  closedForGood: false,
});
const sent = (step: PastReminder['step'], iso: string, result: PastReminder['result'] = 'envoye'): PastReminder => ({ step, result, claimedAt: at(iso) });

describe('reminder rules', () => {
  const lieu = confirmed('2026-03-31T08:00:00Z');

  it('sends nothing before five calendar months, the first reminder from then on (end of month clamped)', () => {
    expect(dueReminder(lieu, [], at('2026-08-31T07:59:59Z'), RULES)).toBeNull();
    expect(dueReminder(lieu, [], at('2026-08-31T08:00:00Z'), RULES)).toEqual({ step: 'premier-rappel', anchor: at('2026-03-31T08:00:00Z') });
    // 31 March + 5 months is 31 August; 30 September + 5 months is 28 February.
    expect(dueReminder(confirmed('2025-09-30T10:00:00Z'), [], at('2026-02-28T10:00:00Z'), RULES)?.step).toBe('premier-rappel');
    expect(dueReminder(confirmed('2025-09-30T10:00:00Z'), [], at('2026-02-28T09:59:00Z'), RULES)).toBeNull();
  });

  it('measures from the entry in the registry when nobody ever confirmed the lieu', () => {
    const never = confirmed(null, '2026-01-15T12:00:00Z');
    expect(dueReminder(never, [], at('2026-06-15T11:00:00Z'), RULES)).toBeNull();
    expect(dueReminder(never, [], at('2026-06-15T12:00:00Z'), RULES)).toEqual({ step: 'premier-rappel', anchor: at('2026-01-15T12:00:00Z') });
  });

  it('sends the second reminder three weeks after the first, then nothing more for the same confirmation', () => {
    const first = sent('premier-rappel', '2026-09-01T06:00:00Z');
    expect(dueReminder(lieu, [first], at('2026-09-01T06:00:00Z'), RULES)).toBeNull();
    expect(dueReminder(lieu, [first], at('2026-09-22T05:59:59Z'), RULES)).toBeNull();
    expect(dueReminder(lieu, [first], at('2026-09-22T06:00:00Z'), RULES)).toEqual({ step: 'second-rappel', anchor: at('2026-03-31T08:00:00Z') });
    const second = sent('second-rappel', '2026-09-22T06:00:00Z');
    expect(dueReminder(lieu, [first, second], at('2027-09-01T00:00:00Z'), RULES)).toBeNull();
  });

  it('a failed or interrupted first reminder is followed by the second; a lieu without contact is logged once', () => {
    const later = at('2026-10-01T00:00:00Z');
    expect(dueReminder(lieu, [sent('premier-rappel', '2026-09-01T06:00:00Z', 'echec')], later, RULES)?.step).toBe('second-rappel');
    expect(dueReminder(lieu, [sent('premier-rappel', '2026-09-01T06:00:00Z', 'en-cours')], later, RULES)?.step).toBe('second-rappel');
    expect(dueReminder(lieu, [sent('premier-rappel', '2026-09-01T06:00:00Z', 'sans-contact')], later, RULES)).toBeNull();
  });

  it('a new confirmation starts a new cycle: its anchor has no reminder yet', () => {
    const reconfirmed = confirmed('2026-09-10T09:00:00Z');
    expect(dueReminder(reconfirmed, [], at('2026-10-01T00:00:00Z'), RULES)).toBeNull();
    expect(dueReminder(reconfirmed, [], at('2027-02-10T09:00:00Z'), RULES)).toEqual({ step: 'premier-rappel', anchor: at('2026-09-10T09:00:00Z') });
  });

  it('reminds no lieu closed for good', () => {
    expect(dueReminder({ ...lieu, closedForGood: true }, [], at('2027-03-01T00:00:00Z'), RULES)).toBeNull();
  });

  it('follows the configured delays', () => {
    const rules = { firstMonths: 3, secondDays: 7 };
    expect(dueReminder(lieu, [], at('2026-06-30T08:00:00Z'), rules)?.step).toBe('premier-rappel');
    expect(dueReminder(lieu, [sent('premier-rappel', '2026-07-01T00:00:00Z')], at('2026-07-08T00:00:00Z'), rules)?.step).toBe('second-rappel');
  });

  it('the reminders come before the « à vérifier » mark, which comes at six months whatever was sent', () => {
    const fiveMonths = at('2026-08-31T08:00:00Z');
    expect(dueReminder(lieu, [], fiveMonths, RULES)?.step).toBe('premier-rappel');
    expect(isToVerify(lieu, fiveMonths)).toBe(false);
    expect(isToVerify(lieu, at('2026-09-30T07:59:59Z'))).toBe(false);
    expect(isToVerify(lieu, at('2026-09-30T08:00:00Z'))).toBe(true);
  });

  it('shows a claim nobody finished after half an hour as interrupted in the log', () => {
    const claim = sent('premier-rappel', '2026-09-01T06:00:00Z', 'en-cours');
    expect(logResultOf(claim, at('2026-09-01T06:29:00Z'))).toBe('en-cours');
    expect(logResultOf(claim, at('2026-09-01T06:30:00Z'))).toBe('interrompu');
    expect(logResultOf(sent('premier-rappel', '2026-09-01T06:00:00Z'), at('2027-01-01T00:00:00Z'))).toBe('envoye');
  });
});

describe('reminder configuration', () => {
  it('runs every hour by default, never under tests unless asked, with the delays of the issue', () => {
    expect(loadConfig({}).reminders).toEqual({ intervalMinutes: 60, firstMonths: 5, secondDays: 21 });
    expect(loadConfig({ NODE_ENV: 'test' }).reminders.intervalMinutes).toBe(0);
    const custom = loadConfig({ NODE_ENV: 'test', REMINDERS_INTERVAL_MINUTES: '15', REMINDER_FIRST_MONTHS: '4', REMINDER_SECOND_DAYS: '14' });
    expect(custom.reminders).toEqual({ intervalMinutes: 15, firstMonths: 4, secondDays: 14 });
    expect(loadConfig({ REMINDERS_INTERVAL_MINUTES: '0' }).reminders.intervalMinutes).toBe(0);
  });

  it('refuses a bad value in French, naming the variable', () => {
    expect(() => loadConfig({ REMINDER_FIRST_MONTHS: 'cinq' })).toThrow(/REMINDER_FIRST_MONTHS — nombre entier de mois/);
    expect(() => loadConfig({ REMINDER_SECOND_DAYS: '0' })).toThrow(/REMINDER_SECOND_DAYS — nombre entier de jours/);
    expect(() => loadConfig({ REMINDERS_INTERVAL_MINUTES: '-5' })).toThrow(/REMINDERS_INTERVAL_MINUTES — nombre entier de minutes/);
  });
});
