/**
 * Structures keeping their lieu true: invitation links (sent by e-mail, hashed, 30 days, revocable, reusable until
 * expiry), and what a link allows: read its lieux, save changes (optimistic concurrency), confirm "à jour", close.
 * Every write is audited with source "structure".
 */
import { and, count, eq, gt, inArray, lt, sql } from 'drizzle-orm';
import { editLieu, lieuxTables, setLieuStatus, vouchForLieu, type EditDeps, type Lieu, type LieuStatus, type LieuWriteOutcome } from '../lieux';
import { recordChange, type Actor } from '../platform/audit';
import type { Principal } from '../platform/auth/principal';
import { hashSecret, newSecret } from '../platform/auth/secrets';
import type { Database } from '../platform/db';
import type { Mailer } from '../platform/mail';
import { INVITATION_DAYS, LINK_REFUSALS_PER_HOUR, planInvitations, refusalOf, type Grouping, type LinkRefusal, type SkippedLieu } from './domain/invitation';
import { lieuInvitations, structureLinkRefusals } from './schema';

const { lieux } = lieuxTables;
export const STRUCTURE_SOURCE = 'structure';

export interface InvitationDeps {
  mailer: Mailer;
  publicUrl: string;
  clock: () => Date;
  /** The gestionnaire sending it: the structure's answer reaches them (none for automatic reminders). */
  replyTo?: string;
}

/** A signed-in person sending an e-mail to a structure gets its answers (Reply-To); nobody else is given. */
export const replyToOf = (principal: Principal | null | undefined): { replyTo?: string } =>
  principal?.kind === 'user' ? { replyTo: principal.email } : {};

/** The line telling a structure that answering reaches a person. */
export const REPLY_LINE = 'Une question ? Répondez simplement à ce courriel : votre réponse parviendra à la personne qui tient la carte de votre territoire.';

export interface SentInvitation {
  id: string;
  email: string;
  lieux: Array<{ id: string; nom: string }>;
  envoye: boolean;
  erreur?: string;
}

/** The page a link opens. */
export const structureLink = (publicUrl: string, secret: string) => `${publicUrl}/structure/${secret}`;

function invitationMail(link: string, lieuNames: string[], expires: Date, answered: boolean) {
  const which = lieuNames.length > 1 ? `vos ${lieuNames.length} lieux (${lieuNames.join(', ')})` : `votre lieu « ${lieuNames[0]} »`;
  const until = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', dateStyle: 'long' }).format(expires);
  const text = [
    'Bonjour,',
    '',
    `Les habitants de votre territoire trouvent ${which} sur la carte des lieux d’aide au numérique.`,
    'Pour que les informations restent justes (horaires, services, contact), vous pouvez les vérifier et les corriger',
    'vous-même, sans créer de compte, avec ce lien :',
    '',
    link,
    '',
    `Si tout est juste, un clic sur « Les informations sont à jour » suffit. Ce lien est personnel et valable jusqu’au ${until}.`,
    '',
    ...(answered ? [REPLY_LINE, ''] : []),
    'Merci pour les personnes que vous accompagnez.',
  ].join('\n');
  return { subject: lieuNames.length > 1 ? 'Vos lieux sur la carte de l’aide au numérique' : `« ${lieuNames[0]} » sur la carte de l’aide au numérique`, text };
}

export interface IssuedLink {
  /** The invitation's id (what the audit trail and the sending logs refer to). */
  id: string;
  /** The page the e-mail points to; the secret is in it and stored nowhere else. */
  link: string;
  expiresAt: Date;
}

/**
 * Creates one link opening these lieux (30 days, stored hashed) and audits it, in `db`'s transaction when it is one:
 * what every e-mail giving a structure access to its lieu uses (invitations, reminders, forwarded reports).
 */
export async function issueLieuLink(
  db: Database,
  input: { lieuIds: readonly string[]; email: string; actor: Actor; now: Date; publicUrl: string; source?: string },
): Promise<IssuedLink> {
  const secret = newSecret();
  const expiresAt = new Date(input.now.getTime() + INVITATION_DAYS * 86_400_000);
  const [row] = await db
    .insert(lieuInvitations)
    .values({
      tokenHash: hashSecret(secret),
      lieuIds: [...input.lieuIds],
      email: input.email,
      createdBy: 'id' in input.actor ? input.actor.id : null,
      createdAt: input.now,
      expiresAt,
    })
    .returning({ id: lieuInvitations.id });
  await recordChange(
    db,
    {
      actor: input.actor,
      entity: 'lieu_invitation',
      entityId: row!.id,
      action: 'create',
      before: null,
      after: { lieux: [...input.lieuIds], email: input.email, expiresAt },
      source: input.source ?? 'api',
    },
    input.now,
  );
  return { id: row!.id, link: structureLink(input.publicUrl, secret), expiresAt };
}

/** Sends one link per lieu, or one per contact for all its lieux; lieux without an e-mail are listed as skipped. */
export async function inviteStructures(
  db: Database,
  lieuIds: readonly string[],
  grouping: Grouping,
  actor: Actor,
  deps: InvitationDeps,
): Promise<{ sent: SentInvitation[]; skipped: SkippedLieu[] }> {
  if (lieuIds.length === 0) return { sent: [], skipped: [] };
  const rows = await db.select({ id: lieux.id, data: lieux.data }).from(lieux).where(inArray(lieux.id, [...lieuIds]));
  const { planned, skipped } = planInvitations(
    rows.map((r) => ({ id: r.id, nom: r.data.nom, courriels: r.data.courriels ?? [] })),
    grouping,
  );
  const sent: SentInvitation[] = [];
  for (const plan of planned) {
    const now = deps.clock();
    const issued = await db.transaction((tx) =>
      issueLieuLink(tx as unknown as Database, { lieuIds: plan.lieux.map((l) => l.id), email: plan.email, actor, now, publicUrl: deps.publicUrl }),
    );
    const id = issued.id;
    const mail = invitationMail(issued.link, plan.lieux.map((l) => l.nom), issued.expiresAt, !!deps.replyTo);
    try {
      await deps.mailer.send({ to: plan.email, subject: mail.subject, text: mail.text, ...(deps.replyTo ? { replyTo: deps.replyTo } : {}) });
      sent.push({ id, email: plan.email, lieux: plan.lieux, envoye: true });
    } catch (error) {
      sent.push({ id, email: plan.email, lieux: plan.lieux, envoye: false, erreur: error instanceof Error ? error.message : String(error) });
    }
  }
  return { sent, skipped };
}

export interface InvitationView {
  id: string;
  email: string;
  lieux: string[];
  creeLe: string;
  expireLe: string;
  revoqueLe: string | null;
  utiliseLe: string | null;
}

const view = (r: typeof lieuInvitations.$inferSelect): InvitationView => ({
  id: r.id,
  email: r.email,
  lieux: r.lieuIds,
  creeLe: r.createdAt.toISOString(),
  expireLe: r.expiresAt.toISOString(),
  revoqueLe: r.revokedAt?.toISOString() ?? null,
  utiliseLe: r.lastUsedAt?.toISOString() ?? null,
});

/** The links sent for a lieu, newest first. */
export async function invitationsOfLieu(db: Database, lieuId: string): Promise<InvitationView[]> {
  const rows = await db
    .select()
    .from(lieuInvitations)
    .where(sql`${lieuInvitations.lieuIds} @> ${JSON.stringify([lieuId])}::jsonb`)
    .orderBy(lieuInvitations.createdAt);
  return rows.reverse().map(view);
}

export async function findInvitation(db: Database, id: string) {
  const [row] = await db.select().from(lieuInvitations).where(eq(lieuInvitations.id, id));
  return row ?? null;
}

/** Revokes a link at once (idempotent: the first revocation date stays). */
export async function revokeInvitation(db: Database, id: string, actor: Actor, now: Date): Promise<InvitationView | null> {
  return db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Database;
    const [row] = await tx.select().from(lieuInvitations).where(eq(lieuInvitations.id, id)).for('update');
    if (!row) return null;
    if (row.revokedAt) return view(row);
    const [updated] = await tx.update(lieuInvitations).set({ revokedAt: now }).where(eq(lieuInvitations.id, id)).returning();
    await recordChange(tx, { actor, entity: 'lieu_invitation', entityId: id, action: 'revoke', before: { revokedAt: null }, after: { revokedAt: now }, source: 'api' }, now);
    return view(updated!);
  });
}

export type Opened = { kind: 'ok'; invitation: typeof lieuInvitations.$inferSelect } | { kind: 'refused'; refusal: LinkRefusal };

/** The invitation behind a link's secret, if it still opens `lieuId` (or any of its lieux); its use is noted. */
export async function openLink(db: Database, secret: string, now: Date, lieuId?: string): Promise<Opened> {
  const [row] = secret.length >= 20 ? await db.select().from(lieuInvitations).where(eq(lieuInvitations.tokenHash, hashSecret(secret))) : [];
  const refusal = refusalOf(row ?? null, now, lieuId);
  if (refusal) return { kind: 'refused', refusal };
  await db.update(lieuInvitations).set({ lastUsedAt: now }).where(eq(lieuInvitations.id, row!.id));
  return { kind: 'ok', invitation: row! };
}

const HOUR_MS = 3_600_000;

/**
 * One link attempt from an address (keyed hash), counted before the link is even looked up so that a burst of
 * simultaneous guesses cannot all slip under the limit: the attempt is written first, then the address's attempts of
 * the last hour are counted, this one included. Past the limit the attempt is withdrawn and `limited` is true; a link
 * that opens withdraws it too (`opened`), a refused one keeps it as its refusal (`refused`).
 */
export async function claimLinkAttempt(
  db: Database,
  ipHash: string,
  now: Date,
): Promise<{ limited: boolean; opened: () => Promise<void>; refused: () => Promise<void> }> {
  const [attempt] = await db.insert(structureLinkRefusals).values({ ipHash, at: now }).returning({ id: structureLinkRefusals.id });
  const withdraw = async () => {
    await db.delete(structureLinkRefusals).where(eq(structureLinkRefusals.id, attempt!.id));
  };
  const [row] = await db
    .select({ n: count() })
    .from(structureLinkRefusals)
    .where(and(eq(structureLinkRefusals.ipHash, ipHash), gt(structureLinkRefusals.at, new Date(now.getTime() - HOUR_MS))));
  const limited = (row?.n ?? 0) > LINK_REFUSALS_PER_HOUR;
  if (limited) await withdraw();
  return {
    limited,
    opened: withdraw,
    // This address's entries older than a day go.
    refused: async () => {
      await db
        .delete(structureLinkRefusals)
        .where(and(eq(structureLinkRefusals.ipHash, ipHash), lt(structureLinkRefusals.at, new Date(now.getTime() - 24 * HOUR_MS))));
    },
  };
}

export interface StructureLieu {
  id: string;
  version: number;
  lieu: Lieu;
  statut: LieuStatus;
  confirmeLe: string | null;
}

export async function lieuxOfInvitation(db: Database, lieuIds: string[]): Promise<StructureLieu[]> {
  if (lieuIds.length === 0) return [];
  const rows = await db.select().from(lieux).where(inArray(lieux.id, lieuIds));
  return rows
    .sort((a, b) => lieuIds.indexOf(a.id) - lieuIds.indexOf(b.id))
    .map((r) => ({ id: r.id, version: r.version, lieu: r.data, statut: r.status, confirmeLe: r.confirmedAt?.toISOString() ?? null }));
}

/** A structure's save: the registry's edit (same validation, same 409 on an older version), audited as "structure". */
export async function saveAsStructure(
  db: Database,
  lieuId: string,
  input: { version: number; changes: Partial<Lieu> },
  invitationId: string,
  deps: EditDeps & { clock: () => Date },
): Promise<LieuWriteOutcome> {
  const actor: Actor = { kind: 'invitation', id: invitationId };
  return editLieu(db, lieuId, input, actor, { ...deps, changeSource: STRUCTURE_SOURCE });
}

/** "Les informations sont à jour": no change, the confirmation date moves. */
export async function confirmAsStructure(db: Database, lieuId: string, invitationId: string, now: Date): Promise<void> {
  await db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Database;
    await vouchForLieu(tx, { lieuId, kind: 'confirmation', by: 'structure', at: now });
    const actor: Actor = { kind: 'invitation', id: invitationId };
    await recordChange(tx, { actor, entity: 'lieu', entityId: lieuId, action: 'confirm', before: null, after: { confirmeLe: now }, source: STRUCTURE_SOURCE }, now);
  });
}

/** Closing (temporarily or for good) or reopening, by the structure: the registry's status change, audited. */
export async function setStatusAsStructure(
  db: Database,
  lieuId: string,
  status: LieuStatus,
  version: number,
  invitationId: string,
  now: Date,
): Promise<LieuWriteOutcome> {
  const actor: Actor = { kind: 'invitation', id: invitationId };
  return setLieuStatus(db, lieuId, status, actor, { clock: () => now, changeSource: STRUCTURE_SOURCE, version });
}
