import { Badge } from '@codegouvfr/react-dsfr/Badge';
import type { LieuFreshness } from '../lieux/types';

const parisDay = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', dateStyle: 'long' });

/** "2026-03-03T10:00:00Z" → "3 mars 2026" (the day in Paris). */
export const confirmationDay = (iso: string): string => parisDay.format(new Date(iso));

/** When the lieu's information was last confirmed, in one sentence (the public page, the back office). */
export function confirmationText(lieu: LieuFreshness): string {
  if (lieu.aVerifier) {
    return lieu.confirmeLe
      ? `Informations à vérifier : dernière confirmation le ${confirmationDay(lieu.confirmeLe)}.`
      : `Informations à vérifier : jamais confirmées depuis leur publication le ${confirmationDay(lieu.ajouteLe)}.`;
  }
  return lieu.confirmeLe
    ? `Informations confirmées le ${confirmationDay(lieu.confirmeLe)}.`
    : `Informations publiées le ${confirmationDay(lieu.ajouteLe)}, pas encore confirmées par le lieu.`;
}

/** The « à vérifier » mark: words, not only a colour. */
export function ToVerifyBadge() {
  return (
    <Badge as="span" small severity="warning">
      À vérifier
    </Badge>
  );
}
