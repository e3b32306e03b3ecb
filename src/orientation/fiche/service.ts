import { and, desc, eq, gt, isNull } from 'drizzle-orm';
import { recordChange, type Actor } from '../../platform/audit';
import type { Principal, Scope, TerritoryContainment, TerritoryRef } from '../../platform/auth/principal';
import type { Database } from '../../platform/db';
import { getLieu, locateLieu } from '../../lieux';
import { openingHoursLines } from './hours';
import { orientations, type OrientationChannel } from './schema';

/** Roles that may send a fiche by e-mail or SMS (signed-in prescribers). */
export const SENDERS = ['mediateur', 'coordinateur', 'gestionnaire', 'structure', 'admin'] as const;
/** Roles that may see and acknowledge orientations received by a lieu of their scope. */
export const RECEIVERS = ['mediateur', 'coordinateur', 'structure', 'admin'] as const;

export const DEFAULT_TO_BRING = [
  "Une pièce d'identité",
  'Vos identifiants et mots de passe (courriel, impots.gouv, ameli…)',
  'Votre téléphone portable et son chargeur',
  'Les courriers ou documents liés à votre démarche',
];

export interface FicheLieu {
  id: string;
  nom: string;
  adresse: string;
  telephone: string | null;
  horaires: string[];
  priseRdv: string | null;
}

/** The lieux of a fiche, in the order asked; null when one is unknown (its id is returned). */
export async function ficheLieux(db: Database, ids: string[]): Promise<{ lieux: FicheLieu[] } | { unknown: string }> {
  const result: FicheLieu[] = [];
  for (const id of ids) {
    const detail = await getLieu(db, id);
    if (!detail) return { unknown: id };
    const l = detail.lieu;
    const street = [l.adresse, l.complement_adresse].filter(Boolean).join(', ');
    const town = [l.code_postal, l.commune].filter(Boolean).join(' ');
    result.push({
      id,
      nom: l.nom,
      adresse: [street, town].filter(Boolean).join(', '),
      telephone: l.telephone ?? null,
      horaires: openingHoursLines(l.horaires),
      priseRdv: l.prise_rdv ?? null,
    });
  }
  return { lieux: result };
}

export interface FicheContent {
  besoin: string;
  prenom: string | null;
  structure: string | null;
  note: string | null;
  aApporter: string[];
  lieux: FicheLieu[];
}

/** The fiche as plain text (e-mail body, and SMS when short). */
export function ficheText(f: FicheContent): string {
  const lines = [f.prenom ? `Bonjour ${f.prenom},` : 'Bonjour,', '', `Pour votre besoin : ${f.besoin}`, ''];
  lines.push(f.lieux.length > 1 ? 'Voici les lieux où vous pouvez être aidé :' : 'Voici le lieu où vous pouvez être aidé :');
  for (const l of f.lieux) {
    lines.push('', l.nom, l.adresse);
    if (l.telephone) lines.push(`Téléphone : ${l.telephone}`);
    if (l.horaires.length) lines.push('Horaires :', ...l.horaires.map((h) => `  ${h}`));
    if (l.priseRdv) lines.push(`Prendre rendez-vous : ${l.priseRdv}`);
  }
  if (f.aApporter.length) lines.push('', 'Ce qu’il faut apporter :', ...f.aApporter.map((a) => `- ${a}`));
  if (f.note) lines.push('', `Note : ${f.note}`);
  lines.push('', f.structure ? `Orienté par : ${f.structure}` : 'Orienté par votre conseiller.');
  return lines.join('\n');
}

/** A short SMS: the first lieu in full, the others by name and phone. */
export function ficheSms(f: FicheContent): string {
  const parts = [`${f.prenom ? `Bonjour ${f.prenom}. ` : ''}Pour : ${f.besoin}.`];
  for (const l of f.lieux) {
    parts.push(`${l.nom}, ${l.adresse}${l.telephone ? `, tél. ${l.telephone}` : ''}${l.horaires[0] ? ` (${l.horaires[0]})` : ''}.`);
  }
  if (f.aApporter.length) parts.push(`À apporter : ${f.aApporter.join(', ')}.`);
  if (f.structure) parts.push(`— ${f.structure}`);
  return parts.join(' ');
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export function ficheHtml(f: FicheContent): string {
  const lieux = f.lieux
    .map(
      (l) =>
        `<h2>${escapeHtml(l.nom)}</h2><p>${escapeHtml(l.adresse)}${l.telephone ? `<br>Téléphone : ${escapeHtml(l.telephone)}` : ''}</p>` +
        (l.horaires.length ? `<ul>${l.horaires.map((h) => `<li>${escapeHtml(h)}</li>`).join('')}</ul>` : ''),
    )
    .join('');
  return (
    `<p>${f.prenom ? `Bonjour ${escapeHtml(f.prenom)},` : 'Bonjour,'}</p><p>Pour votre besoin : <strong>${escapeHtml(f.besoin)}</strong></p>` +
    lieux +
    (f.aApporter.length ? `<h2>Ce qu’il faut apporter</h2><ul>${f.aApporter.map((a) => `<li>${escapeHtml(a)}</li>`).join('')}</ul>` : '') +
    (f.note ? `<p>Note : ${escapeHtml(f.note)}</p>` : '') +
    `<p>${f.structure ? `Orienté par : ${escapeHtml(f.structure)}` : 'Orienté par votre conseiller.'}</p>`
  );
}

/** Records a sent orientation with its audit entry (same transaction). Never the recipient's address or number. */
export async function recordOrientation(
  tx: Database,
  input: {
    need: string;
    fromUserId: string;
    fromStructure: string | null;
    toLieuIds: string[];
    channel: OrientationChannel;
    firstName: string | null;
    actor: Actor;
  },
  now: Date,
): Promise<string> {
  const [row] = await tx
    .insert(orientations)
    .values({
      need: input.need,
      fromUserId: input.fromUserId,
      fromStructure: input.fromStructure,
      toLieuIds: input.toLieuIds,
      channel: input.channel,
      firstName: input.firstName,
      createdAt: now,
    })
    .returning({ id: orientations.id });
  await recordChange(
    tx,
    {
      actor: input.actor,
      entity: 'orientation',
      entityId: row!.id,
      action: 'create',
      before: null,
      after: {
        need: input.need,
        fromStructure: input.fromStructure,
        toLieuIds: input.toLieuIds,
        channel: input.channel,
        prenomConserve: input.firstName !== null,
      },
      source: 'api',
    },
    now,
  );
  return row!.id;
}

/** Decides, for a principal, whether a given lieu is one they receive for (scope lieu:<id>, or a territory holding it). */
export function receiverOf(
  principal: Principal,
  contains: TerritoryContainment,
): (lieuId: string, location: TerritoryRef | undefined) => boolean {
  if (principal.kind !== 'user') return () => false;
  const scopes: Scope[] = principal.assignments
    .filter((a) => (RECEIVERS as readonly string[]).includes(a.role))
    .map((a) => a.scope);
  return (lieuId, location) =>
    scopes.some((s) => {
      if (s.kind === 'national') return true;
      if (s.kind === 'lieu') return s.code === lieuId;
      return !!location && contains(s, location);
    });
}

export interface ReceivedOrientation {
  id: string;
  need: string;
  fromStructure: string | null;
  toLieuIds: string[];
  /** The lieux of this orientation the caller receives for. */
  myLieuIds: string[];
  channel: OrientationChannel;
  firstName: string | null;
  createdAt: Date;
  receivedAt: Date | null;
  receivedBy: string | null;
  receivedLieuId: string | null;
}

const RECENT_DAYS = 180;

/** Orientations of the last 6 months that concern a lieu the principal receives for, newest first. */
export async function listReceived(
  db: Database,
  principal: Principal,
  contains: TerritoryContainment,
  now: Date,
  options: { pendingOnly?: boolean } = {},
): Promise<ReceivedOrientation[]> {
  const since = new Date(now.getTime() - RECENT_DAYS * 24 * 60 * 60 * 1000);
  const rows = await db
    .select()
    .from(orientations)
    .where(options.pendingOnly ? and(gt(orientations.createdAt, since), isNull(orientations.receivedAt)) : gt(orientations.createdAt, since))
    .orderBy(desc(orientations.createdAt), desc(orientations.id))
    .limit(5000);
  const mine = receiverOf(principal, contains);
  const locations = new Map<string, TerritoryRef | undefined>();
  const locate = async (id: string) => {
    if (!locations.has(id)) locations.set(id, await locateLieu(db, id));
    return locations.get(id);
  };
  const result: ReceivedOrientation[] = [];
  for (const r of rows) {
    const myLieuIds: string[] = [];
    for (const id of r.toLieuIds) if (mine(id, await locate(id))) myLieuIds.push(id);
    if (myLieuIds.length === 0) continue;
    result.push({ ...r, myLieuIds });
  }
  return result;
}

export type MarkOutcome =
  | { kind: 'marked'; orientation: ReceivedOrientation }
  | { kind: 'not_found' }
  | { kind: 'forbidden' }
  | { kind: 'lieu_not_in_orientation' };

/** Marks an orientation "reçu" at one of its lieux the principal receives for; idempotent (the first mark stays). */
export async function markReceived(
  db: Database,
  principal: Principal & { kind: 'user' },
  contains: TerritoryContainment,
  id: string,
  lieuId: string | undefined,
  now: Date,
): Promise<MarkOutcome> {
  return db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Database;
    const [row] = await tx.select().from(orientations).where(eq(orientations.id, id)).for('update');
    if (!row) return { kind: 'not_found' } as const;
    const mine = receiverOf(principal, contains);
    const myLieuIds: string[] = [];
    for (const l of row.toLieuIds) if (mine(l, await locateLieu(tx, l))) myLieuIds.push(l);
    if (myLieuIds.length === 0) return { kind: 'forbidden' } as const;
    if (lieuId !== undefined && !row.toLieuIds.includes(lieuId)) return { kind: 'lieu_not_in_orientation' } as const;
    if (lieuId !== undefined && !myLieuIds.includes(lieuId)) return { kind: 'forbidden' } as const;
    if (row.receivedAt) return { kind: 'marked', orientation: { ...row, myLieuIds } } as const;
    const at = lieuId ?? myLieuIds[0]!;
    const [updated] = await tx
      .update(orientations)
      .set({ receivedAt: now, receivedBy: principal.userId, receivedLieuId: at })
      .where(eq(orientations.id, id))
      .returning();
    await recordChange(
      tx,
      {
        actor: { kind: 'user', id: principal.userId },
        entity: 'orientation',
        entityId: id,
        action: 'mark_received',
        before: { receivedAt: null },
        after: { receivedAt: now, receivedBy: principal.userId, receivedLieuId: at },
        source: 'api',
      },
      now,
    );
    return { kind: 'marked', orientation: { ...updated!, myLieuIds } } as const;
  });
}
