/** A lieu's status and dates in words, without React: the public lieu page loads it without the back office's components. */
import type { LieuStatus } from './types';

const dateOnly = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long' });

/** "2024-03-01" → "1 mars 2024". */
export function formatDay(value: string | null | undefined): string {
  if (!value) return '—';
  const date = new Date(value.length === 10 ? `${value}T12:00:00` : value);
  return Number.isNaN(date.getTime()) ? value : dateOnly.format(date);
}

const parisDay = new Intl.DateTimeFormat('fr-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' });
/** Today in Paris, YYYY-MM-DD (closure dates are Paris days). */
export const parisToday = (): string => parisDay.format(new Date());

/** Where a closure stands on a Paris day: none, announced for later, under way, or over. */
export type ClosurePhase = 'ouvert' | 'a-venir' | 'en-cours' | 'terminee';

export function closurePhase(status: LieuStatus | null | undefined, today = parisToday()): ClosurePhase {
  if (!status || status.kind === 'ouvert') return 'ouvert';
  const from = status.kind === 'ferme_temporairement' ? status.du : status.depuis;
  if (today < from) return 'a-venir';
  if (status.kind === 'ferme_temporairement' && status.au !== null && today > status.au) return 'terminee';
  return 'en-cours';
}

/** The status in words, as it stands today: a closure announced for later or already over says so. */
export function statusText(status: LieuStatus | null | undefined, today = parisToday()): string {
  if (!status || status.kind === 'ouvert') return 'Ouvert';
  const phase = closurePhase(status, today);
  if (status.kind === 'ferme_definitivement') {
    return phase === 'a-venir' ? `Ouvert ; fermeture définitive le ${formatDay(status.depuis)}` : `Fermé définitivement depuis le ${formatDay(status.depuis)}`;
  }
  const dates = status.au ? `du ${formatDay(status.du)} au ${formatDay(status.au)}` : `à partir du ${formatDay(status.du)}`;
  if (phase === 'a-venir') return `Ouvert ; fermeture temporaire prévue ${dates}`;
  if (phase === 'terminee') return `Ouvert (fermé temporairement ${dates})`;
  return status.au ? `Fermé temporairement ${dates}` : `Fermé temporairement depuis le ${formatDay(status.du)}`;
}

