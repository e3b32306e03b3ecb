/**
 * Invitation links of structures, without I/O: who gets which link, and whether a link still opens a lieu.
 */

/** How long a structure's link works (usable again and again until then). */
export const INVITATION_DAYS = 30;

export type Grouping = 'par-lieu' | 'par-contact';

export interface InvitableLieu {
  id: string;
  nom: string;
  /** The standard's `courriels` (the first is the contact). */
  courriels: string[];
}

export interface PlannedInvitation {
  email: string;
  lieux: Array<{ id: string; nom: string }>;
}

export interface SkippedLieu {
  id: string;
  nom: string;
  raison: string;
}

/**
 * One link per lieu, or one per contact address covering all its lieux. A lieu without an address is skipped (the
 * gestionnaire sees which and why).
 */
export function planInvitations(lieux: readonly InvitableLieu[], grouping: Grouping): { planned: PlannedInvitation[]; skipped: SkippedLieu[] } {
  const planned: PlannedInvitation[] = [];
  const skipped: SkippedLieu[] = [];
  const byEmail = new Map<string, PlannedInvitation>();
  for (const lieu of lieux) {
    const email = lieu.courriels.map((c) => c.trim().toLowerCase()).find((c) => c.includes('@'));
    if (!email) {
      skipped.push({ id: lieu.id, nom: lieu.nom, raison: 'aucun courriel de contact dans la fiche du lieu' });
      continue;
    }
    const item = { id: lieu.id, nom: lieu.nom };
    if (grouping === 'par-lieu') {
      planned.push({ email, lieux: [item] });
      continue;
    }
    const existing = byEmail.get(email);
    if (existing) existing.lieux.push(item);
    else {
      const invitation = { email, lieux: [item] };
      byEmail.set(email, invitation);
      planned.push(invitation);
    }
  }
  return { planned, skipped };
}

export interface StoredInvitation {
  lieuIds: readonly string[];
  expiresAt: Date;
  revokedAt: Date | null;
}

export type LinkRefusal = 'inconnu' | 'expire' | 'revoque' | 'autre-lieu';

/** Why a link cannot open this lieu (or any lieu when `lieuId` is absent); null when it can. */
export function refusalOf(invitation: StoredInvitation | null, now: Date, lieuId?: string): LinkRefusal | null {
  if (!invitation) return 'inconnu';
  if (invitation.revokedAt) return 'revoque';
  if (invitation.expiresAt.getTime() <= now.getTime()) return 'expire';
  if (lieuId !== undefined && !invitation.lieuIds.includes(lieuId)) return 'autre-lieu';
  return null;
}

/** What the structure reads when its link is refused. */
export const REFUSAL_MESSAGES: Record<LinkRefusal, string> = {
  inconnu: 'Ce lien n’est pas valide. Vérifiez qu’il est complet, ou demandez un nouveau lien au gestionnaire de votre territoire.',
  expire: 'Ce lien a expiré (il est valable 30 jours). Demandez un nouveau lien au gestionnaire de votre territoire.',
  revoque: 'Ce lien a été désactivé par le gestionnaire de votre territoire. Demandez-lui un nouveau lien.',
  'autre-lieu': 'Ce lien ne donne pas accès à ce lieu : il ne sert qu’aux lieux pour lesquels il a été envoyé.',
};

/** Refused links tolerated from one network address (by keyed hash) in an hour; beyond, every link request waits. */
export const LINK_REFUSALS_PER_HOUR = 10;

/** What the structure reads once too many refused links came from its connection. */
export const LINK_RATE_LIMIT_MESSAGE =
  'Trop de liens non valides ont été essayés depuis votre connexion. Par sécurité, réessayez dans une heure, ou demandez un nouveau lien au gestionnaire de votre territoire.';
