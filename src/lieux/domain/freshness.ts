/**
 * How fresh a lieu's information is, without I/O: the rules shared by the registry's lists ("à vérifier"), the
 * reminders, the public page and the reliability dashboard of the freshness module (fiche action 1-C: 95 % confirmed within 6 months, 50 % updated
 * by their own structure within 12 months).
 */

/** A lieu confirmed (saved or said right) within this many months counts as reliable; older, it is "à vérifier". */
export const CONFIRMED_WITHIN_MONTHS = 6;
/** The window of "updated by its own structure". */
export const STRUCTURE_WITHIN_MONTHS = 12;
/** The targets of fiche action 1-C, drawn on the dashboard's charts. */
export const RELIABILITY_TARGETS = { confirmedShare: 0.95, structureShare: 0.5 } as const;

/**
 * `date` moved by whole calendar months (negative: back), the day clamped to the target month's length
 * (31 March + 1 month = 30 April). UTC arithmetic: the same answer whatever the server's timezone.
 */
export function addMonths(date: Date, months: number): Date {
  const out = new Date(date.getTime());
  const day = out.getUTCDate();
  out.setUTCDate(1);
  out.setUTCMonth(out.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(out.getUTCFullYear(), out.getUTCMonth() + 1, 0)).getUTCDate();
  out.setUTCDate(Math.min(day, lastDay));
  return out;
}

export interface FreshnessDates {
  /** Last time someone vouched for the lieu (saved or confirmed it); null if never. */
  confirmedAt: Date | null;
  /** When the lieu entered the registry: what counts when it was never confirmed. */
  createdAt: Date;
}

/** The date the lieu's freshness is measured from: its last confirmation, else its entry in the registry. */
export const lastVouchedAt = (lieu: FreshnessDates): Date => lieu.confirmedAt ?? lieu.createdAt;

/** Confirmed within the last `months` months at `now` (never confirmed: false). */
export function confirmedWithin(confirmedAt: Date | null, now: Date, months: number): boolean {
  return confirmedAt !== null && confirmedAt.getTime() > addMonths(now, -months).getTime();
}

/** "À vérifier": nobody vouched for the lieu for `CONFIRMED_WITHIN_MONTHS` months (counted from its entry if never). */
export function isToVerify(lieu: FreshnessDates, now: Date, months = CONFIRMED_WITHIN_MONTHS): boolean {
  return addMonths(lastVouchedAt(lieu), months).getTime() <= now.getTime();
}
