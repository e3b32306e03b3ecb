/**
 * Moderation of public error reports, without I/O: which action is possible in which state, what the gestionnaire sees
 * of the lieu for each category, the median time to resolve, and the e-mails (to the structure, to the reporter).
 */
import type { ReportCategory, ReportStatus } from '../../orientation';

export const MODERATION_ACTIONS = ['corriger', 'transmettre', 'rejeter'] as const;
export type ModerationAction = (typeof MODERATION_ACTIONS)[number];

/** A report still waiting for an outcome. */
export const OPEN_STATUSES = ['nouveau', 'transmis'] as const satisfies readonly ReportStatus[];
export const isClosed = (status: ReportStatus) => status === 'corrige' || status === 'rejete';

const TARGET: Record<ModerationAction, ReportStatus> = { corriger: 'corrige', transmettre: 'transmis', rejeter: 'rejete' };
const STATUS_WORDS: Record<ReportStatus, string> = {
  nouveau: 'nouveau',
  transmis: 'transmis à la structure',
  corrige: 'marqué comme corrigé',
  rejete: 'rejeté',
};
const ACTION_WORDS: Record<ModerationAction, string> = {
  corriger: 'marqué comme corrigé',
  transmettre: 'transmis à la structure',
  rejeter: 'rejeté',
};

export type Transition =
  | { ok: true; status: ReportStatus; closes: boolean }
  | { ok: false; reason: 'clos' | 'note-requise'; message: string; champ?: string };

/**
 * The state machine: a new or forwarded report can be fixed, rejected (with a note, read by the reporter) or forwarded
 * (again: a structure may need a fresh link); a closed report (fixed or rejected) stays closed.
 */
export function transition(status: ReportStatus, action: ModerationAction, note: string | null): Transition {
  if (isClosed(status)) {
    return { ok: false, reason: 'clos', message: `Ce signalement est déjà clos (${STATUS_WORDS[status]}) : il ne peut plus être ${ACTION_WORDS[action]}.` };
  }
  if (action === 'rejeter' && !note?.trim()) {
    return {
      ok: false,
      reason: 'note-requise',
      champ: 'note',
      message: 'note : expliquez en quelques mots pourquoi le signalement est rejeté (la personne qui l’a fait pourra la lire).',
    };
  }
  const next = TARGET[action];
  return { ok: true, status: next, closes: isClosed(next) };
}

/** The lieu's fields a gestionnaire checks for each category (standard names), beside the lieu's name and commune. */
export const CATEGORY_FIELDS: Record<ReportCategory, readonly string[]> = {
  horaires: ['horaires'],
  adresse: ['adresse', 'complement_adresse', 'code_postal', 'commune'],
  ferme: ['horaires'],
  contact: ['telephone', 'courriels', 'site_web', 'prise_rdv'],
  services: ['services', 'modalites_accompagnement', 'modalites_acces'],
  autre: ['adresse', 'telephone', 'courriels', 'horaires'],
};

/** Categories for which the week's hours in words help (the lieu's opening status is always shown). */
export const showsWeek = (category: ReportCategory) => category === 'horaires' || category === 'ferme' || category === 'autre';

/** What the reporter ticked, in the words of the public form. */
export const CATEGORY_LABELS: Record<ReportCategory, string> = {
  horaires: 'les horaires',
  adresse: 'l’adresse',
  ferme: 'le lieu serait fermé',
  contact: 'le téléphone ou le courriel',
  services: 'les services proposés',
  autre: 'autre chose',
};

const HOUR_MS = 3_600_000;

/** Middle value (mean of the two middle ones for an even count); null for none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Median hours from report to outcome, one decimal; null when nothing was resolved. */
export function medianHoursToResolve(resolved: ReadonlyArray<{ createdAt: Date; resolvedAt: Date }>): number | null {
  const hours = median(resolved.map((r) => (r.resolvedAt.getTime() - r.createdAt.getTime()) / HOUR_MS));
  return hours === null ? null : Math.round(hours * 10) / 10;
}

const longDate = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', dateStyle: 'long' });
/** "3 décembre 2026", in Paris time. */
export const frenchDate = (date: Date) => longDate.format(date);

export interface ReportForMail {
  lieuNom: string;
  category: ReportCategory;
  message: string;
  createdAt: Date;
}

export interface Mail {
  subject: string;
  text: string;
}

const quote = (text: string) => text.split('\n').map((line) => `> ${line}`).join('\n');

/** The e-mail forwarding a report to the lieu's contact, with the link to fix the lieu (the reporter stays anonymous). */
export function forwardMail(report: ReportForMail, link: string, expiresAt: Date, replyLine?: string): Mail {
  return {
    subject: `Une erreur est signalée sur « ${report.lieuNom} »`,
    text: [
      'Bonjour,',
      '',
      `Une personne qui consulte la carte des lieux d’aide au numérique signale une erreur sur « ${report.lieuNom} »,`,
      `le ${frenchDate(report.createdAt)}. Ce qui serait faux : ${CATEGORY_LABELS[report.category]}. Son message :`,
      '',
      quote(report.message),
      '',
      'Pouvez-vous vérifier les informations de votre lieu et les corriger vous-même, sans créer de compte, avec ce lien :',
      '',
      link,
      '',
      `Si tout est juste, un clic sur « Les informations sont à jour » suffit. Ce lien est personnel et valable jusqu’au ${frenchDate(expiresAt)}.`,
      '',
      ...(replyLine ? [replyLine, ''] : []),
      'Merci pour les personnes que vous accompagnez.',
    ].join('\n'),
  };
}

/** How a report was closed: fixed or rejected by a gestionnaire, or its lieu saved by the structure it was forwarded to. */
export type ReportOutcome = 'corrige' | 'rejete' | 'corrige-par-la-structure';

const OUTCOME_WORDS: Record<ReportOutcome, string> = {
  corrige: 'L’équipe qui tient la carte à jour a corrigé la fiche de ce lieu. Merci : grâce à vous, l’information est juste.',
  'corrige-par-la-structure':
    'La structure qui accueille ce lieu a mis sa fiche à jour après votre signalement. Merci : grâce à vous, l’information est juste.',
  rejete: 'L’équipe qui tient la carte à jour a examiné votre signalement et n’a pas modifié la fiche de ce lieu.',
};

/** The e-mail telling the reporter what became of their report (sent once, when it is closed). */
export function outcomeMail(report: ReportForMail & { outcome: ReportOutcome; note: string | null }, publicLieuUrl: string): Mail {
  const note = report.note?.trim();
  return {
    subject: `Votre signalement sur « ${report.lieuNom} »`,
    text: [
      'Bonjour,',
      '',
      `Le ${frenchDate(report.createdAt)}, vous avez signalé une erreur sur « ${report.lieuNom} » (${CATEGORY_LABELS[report.category]}) :`,
      '',
      quote(report.message),
      '',
      OUTCOME_WORDS[report.outcome],
      ...(note ? ['', report.outcome === 'rejete' ? 'Son explication :' : 'Son message :', '', quote(note)] : []),
      '',
      `La fiche du lieu : ${publicLieuUrl}`,
      '',
      'Ce message vous est envoyé une seule fois. Votre adresse n’a servi qu’à vous informer de la suite donnée.',
    ].join('\n'),
  };
}
