/**
 * When a lieu's contact is reminded to confirm its information, without I/O. A cycle follows one confirmation (the
 * "anchor": the last time someone vouched for the lieu, else its entry in the registry): a first reminder once the
 * anchor is `firstMonths` old, a second `secondDays` after the first, then nothing until someone confirms again (which
 * starts a new cycle). Six months without confirmation make the lieu « à vérifier » (`isToVerify`), reminders or not.
 */
import type { ReminderResult, ReminderStep } from '../schema';
import { addMonths, lastVouchedAt, type FreshnessDates } from '../../lieux/domain/freshness';

export interface ReminderRules {
  /** The first reminder goes when the last confirmation is this many calendar months old. */
  firstMonths: number;
  /** The second goes this many days after the first. */
  secondDays: number;
}

export const DEFAULT_REMINDER_RULES: ReminderRules = { firstMonths: 5, secondDays: 21 };

/**
 * A claim still « en cours » after this long belongs to a process that stopped while sending: it is shown as
 * interrupted and never sent again (the e-mail may have left; see docs/scaling.md).
 */
export const INTERRUPTED_AFTER_MINUTES = 30;

export interface ReminderLieu extends FreshnessDates {
  /** Closed for good: nobody to remind. */
  closedForGood: boolean;
}

/** A reminder already claimed for the lieu's current anchor. */
export interface PastReminder {
  step: ReminderStep;
  result: ReminderResult;
  claimedAt: Date;
}

export interface DueReminder {
  step: ReminderStep;
  /** The confirmation this reminder follows: part of its once-only key. */
  anchor: Date;
}

const DAY_MS = 86_400_000;

/** When the first reminder of the cycle following `anchor` is due. */
export const firstReminderAt = (anchor: Date, rules: ReminderRules): Date => addMonths(anchor, rules.firstMonths);

/** When the second reminder is due, after a first one claimed at `firstClaimedAt`. */
export const secondReminderAt = (firstClaimedAt: Date, rules: ReminderRules): Date => new Date(firstClaimedAt.getTime() + rules.secondDays * DAY_MS);

/**
 * The reminder due now for this lieu, given the reminders already claimed for its current anchor (those of older
 * anchors belong to finished cycles and are ignored by the caller's query); null when none is.
 */
export function dueReminder(lieu: ReminderLieu, claimed: readonly PastReminder[], now: Date, rules: ReminderRules): DueReminder | null {
  if (lieu.closedForGood) return null;
  const anchor = lastVouchedAt(lieu);
  if (claimed.some((r) => r.step === 'second-rappel')) return null;
  const first = claimed.find((r) => r.step === 'premier-rappel');
  if (!first) return firstReminderAt(anchor, rules).getTime() <= now.getTime() ? { step: 'premier-rappel', anchor } : null;
  // Nobody to write to: said once in the log, not every three weeks.
  if (first.result === 'sans-contact') return null;
  return secondReminderAt(first.claimedAt, rules).getTime() <= now.getTime() ? { step: 'second-rappel', anchor } : null;
}

/** A claim left « en cours » by a process that stopped (crash, restart) before recording the outcome. */
export function isInterrupted(reminder: Pick<PastReminder, 'result' | 'claimedAt'>, now: Date): boolean {
  return reminder.result === 'en-cours' && now.getTime() - reminder.claimedAt.getTime() >= INTERRUPTED_AFTER_MINUTES * 60_000;
}

/** What the sending log shows: the stored result, or « interrompu » for a claim nobody finished. */
export type ReminderLogResult = ReminderResult | 'interrompu';

export const logResultOf = (reminder: Pick<PastReminder, 'result' | 'claimedAt'>, now: Date): ReminderLogResult =>
  isInterrupted(reminder, now) ? 'interrompu' : reminder.result;
