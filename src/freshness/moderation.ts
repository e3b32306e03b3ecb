/**
 * The moderation queue of public error reports: the gestionnaires of the lieu's territory see each report beside the
 * lieu's current information, then fix the lieu, forward the report to the structure's contact with a link, or reject
 * it. Each action is one audited transaction; the reporter who left an e-mail is told the outcome once.
 * The territory's figures (open, resolved, median time to resolve) feed the reliability dashboard.
 */
import { and, count, desc, eq, gte, inArray, isNotNull, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import { lieuxTables, type Lieu, type LieuStatus } from '../lieux';
import { lieuReports, weekSchedule, type ReportCategory, type ReportStatus } from '../orientation';
import { auditLog, recordChange, type Actor } from '../platform/audit';
import type { TerritoryRef } from '../platform/auth/principal';
import type { Database } from '../platform/db';
import type { Mailer } from '../platform/mail';
import type { SelectedTerritory } from '../territory';
import { planInvitations } from './domain/invitation';
import {
  CATEGORY_FIELDS,
  forwardMail,
  medianHoursToResolve,
  outcomeMail,
  showsWeek,
  transition,
  type ModerationAction,
} from './domain/moderation';
import { issueLieuLink, REPLY_LINE, STRUCTURE_SOURCE } from './service';

const { lieux } = lieuxTables;
const REPORT_ENTITY = 'lieu_report';
/** `resolved_by` of a report closed by the structure's own save (the audit entry names the link used). */
const BY_STRUCTURE = 'structure';
export const DEFAULT_QUEUE_LIMIT = 500;

/** A territory as the API names it (one of them), or none for the whole country (admins). */

export interface ModerationDeps {
  mailer: Mailer;
  publicUrl: string;
  clock: () => Date;
  /** The gestionnaire forwarding a report: the structure's answer reaches them (never given to the reporter). */
  replyTo?: string;
}

/** The lieu as it is now, for the category of the report. */
export interface LieuNow {
  nom: string;
  commune: string;
  statut: LieuStatus;
  /** The category's key fields (standard names) and their current values. */
  champs: Array<{ champ: string; valeur: unknown }>;
  /** This week's hours in words (Paris time), when the category is about hours and they are readable. */
  semaine: Array<{ jour: string; creneaux: string }> | null;
}

export interface ModerationReport {
  id: string;
  lieuId: string;
  category: ReportCategory;
  message: string;
  reporterEmail: string | null;
  status: ReportStatus;
  departement: string | null;
  codeInsee: string | null;
  createdAt: Date;
  resolvedAt: Date | null;
  /** Closed by the structure saving its lieu after the report was forwarded, rather than by a gestionnaire. */
  resolvedByStructure: boolean;
  note: string | null;
  forwardedAt: Date | null;
  reporterNotifiedAt: Date | null;
  /** Generated for the demo's simulated year, never a real report. */
  simulated: boolean;
  /** Null when the lieu left the registry since (merged with another, or removed by its source). */
  lieu: LieuNow | null;
}

function territoryCondition(territory: SelectedTerritory | null): SQL | undefined {
  if (!territory) return undefined;
  if (territory.kind === 'departement') return eq(lieuReports.departement, territory.code);
  if (territory.kind === 'commune') return eq(lieuReports.codeInsee, territory.code);
  // Reports keep their commune, not their EPCI: the lieu's EPCI (from the referential at import) says.
  return sql`exists (select 1 from ${lieux} where ${lieux.id} = ${lieuReports.lieuId} and ${lieux.epci} = ${territory.code})`;
}

const reportColumns = {
  id: lieuReports.id,
  lieuId: lieuReports.lieuId,
  category: lieuReports.category,
  message: lieuReports.message,
  reporterEmail: lieuReports.reporterEmail,
  status: lieuReports.status,
  departement: lieuReports.departement,
  codeInsee: lieuReports.codeInsee,
  createdAt: lieuReports.createdAt,
  resolvedAt: lieuReports.resolvedAt,
  resolvedBy: lieuReports.resolvedBy,
  note: lieuReports.moderationNote,
  forwardedAt: lieuReports.forwardedAt,
  reporterNotifiedAt: lieuReports.reporterNotifiedAt,
  simulated: lieuReports.simulated,
  lieuData: lieux.data,
  lieuStatus: lieux.status,
};
/** Reports with their lieu as it is now (none when it left the registry). */
const reportsWithLieu = (db: Database) => db.select(reportColumns).from(lieuReports).leftJoin(lieux, eq(lieux.id, lieuReports.lieuId)).$dynamic();
type ReportRow = Awaited<ReturnType<typeof reportsWithLieu>>[number];

function lieuNow(category: ReportCategory, data: Lieu, status: LieuStatus, now: Date): LieuNow {
  const week = showsWeek(category) ? weekSchedule(data.horaires, now) : null;
  return {
    nom: data.nom,
    commune: data.commune,
    statut: status,
    champs: CATEGORY_FIELDS[category].map((champ) => ({ champ, valeur: (data as unknown as Record<string, unknown>)[champ] ?? null })),
    semaine: week?.kind === 'week' ? week.semaine.map((d) => ({ jour: d.jour, creneaux: d.creneaux })) : null,
  };
}

function viewOf(row: ReportRow, now: Date): ModerationReport {
  const { lieuData, lieuStatus, resolvedBy, ...report } = row;
  return {
    ...report,
    resolvedByStructure: resolvedBy === BY_STRUCTURE,
    lieu: lieuData && lieuStatus ? lieuNow(report.category, lieuData, lieuStatus, now) : null,
  };
}

/** The reports of a territory (all of them for `null`), newest first, each with its lieu as it is now. */
export async function listModeration(
  db: Database,
  filter: { territory: SelectedTerritory | null; statuses?: readonly ReportStatus[]; limit?: number },
  now: Date,
): Promise<ModerationReport[]> {
  const rows = await reportsWithLieu(db)
    .where(and(territoryCondition(filter.territory), filter.statuses?.length ? inArray(lieuReports.status, [...filter.statuses]) : undefined))
    .orderBy(desc(lieuReports.createdAt), desc(lieuReports.id))
    .limit(filter.limit ?? DEFAULT_QUEUE_LIMIT);
  return rows.map((r) => viewOf(r, now));
}

export async function getModerationReport(db: Database, id: string, now: Date): Promise<ModerationReport | null> {
  const [row] = await reportsWithLieu(db).where(eq(lieuReports.id, id));
  return row ? viewOf(row, now) : null;
}

/** How many reports of the territory are in each status (whatever the list's filter). */
export async function countByStatus(db: Database, territory: SelectedTerritory | null): Promise<Record<ReportStatus, number>> {
  const rows = await db
    .select({ status: lieuReports.status, n: count() })
    .from(lieuReports)
    .where(territoryCondition(territory))
    .groupBy(lieuReports.status);
  const counts: Record<ReportStatus, number> = { nouveau: 0, transmis: 0, corrige: 0, rejete: 0 };
  for (const row of rows) counts[row.status] = Number(row.n);
  return counts;
}

/** Where a report is, for the access policy: its commune, else its département. */
export async function locateReport(db: Database, id: string): Promise<TerritoryRef | undefined> {
  const [row] = await db.select({ codeInsee: lieuReports.codeInsee, departement: lieuReports.departement }).from(lieuReports).where(eq(lieuReports.id, id));
  if (row?.codeInsee) return { kind: 'commune', code: row.codeInsee };
  if (row?.departement) return { kind: 'departement', code: row.departement };
  return undefined;
}

/** What became of telling the reporter: told, not asked (no e-mail left), or the e-mail failed (nobody is told twice). */
export type ReporterNotice = 'informee' | 'sans-courriel' | 'echec' | 'sans-objet';

export type ModerationOutcome =
  | { kind: 'ok'; report: ModerationReport; reporter: ReporterNotice; sentTo?: string }
  | { kind: 'not_found' }
  | { kind: 'refused'; status: 400 | 409; message: string; champ?: string }
  | { kind: 'mail_failed'; message: string };

class MailFailed extends Error {}

/**
 * Applies one moderation action in a transaction (row locked, state machine, audit). Forwarding sends its e-mail inside
 * the transaction: if the SMTP server refuses it, nothing is recorded (no "transmis" report whose e-mail never left).
 * Closing claims the reporter's notice in the same transaction, so it can only ever be sent once; it is sent after.
 */
export async function moderateReport(
  db: Database,
  id: string,
  action: ModerationAction,
  input: { note: string | null },
  actor: Actor,
  deps: ModerationDeps,
): Promise<ModerationOutcome> {
  const now = deps.clock();
  const note = input.note?.trim() || null;
  let outcome: Exclude<ModerationOutcome, { kind: 'ok' }> | { kind: 'done'; closes: boolean; sentTo?: string; notify: boolean };
  try {
    outcome = await db.transaction(async (txRaw) => {
      const tx = txRaw as unknown as Database;
      const [report] = await tx.select().from(lieuReports).where(eq(lieuReports.id, id)).for('update');
      if (!report) return { kind: 'not_found' } as const;
      const next = transition(report.status, action, note);
      if (!next.ok) {
        return { kind: 'refused', status: next.reason === 'clos' ? 409 : 400, message: next.message, ...(next.champ ? { champ: next.champ } : {}) } as const;
      }
      const before = { statut: report.status };
      if (action === 'transmettre') {
        const forwarded = await forward(tx, report, actor, now, deps);
        if (forwarded.kind !== 'done') return forwarded;
        await recordChange(
          tx,
          { actor, entity: REPORT_ENTITY, entityId: id, action, before, after: { statut: next.status, courriel: forwarded.sentTo, invitation: forwarded.invitationId }, source: 'api' },
          now,
        );
        return { kind: 'done', closes: false, sentTo: forwarded.sentTo, notify: false } as const;
      }
      const notify = next.closes && !!report.reporterEmail && !report.reporterNotifiedAt;
      await tx
        .update(lieuReports)
        .set({
          status: next.status,
          resolvedAt: now,
          resolvedBy: 'id' in actor ? actor.id : actor.kind,
          moderationNote: note,
          ...(notify ? { reporterNotifiedAt: now } : {}),
        })
        .where(eq(lieuReports.id, id));
      await recordChange(tx, { actor, entity: REPORT_ENTITY, entityId: id, action, before, after: { statut: next.status, note, personneInformee: notify }, source: 'api' }, now);
      return { kind: 'done', closes: true, notify } as const;
    });
  } catch (error) {
    if (error instanceof MailFailed) return { kind: 'mail_failed', message: error.message };
    throw error;
  }
  if (outcome.kind !== 'done') return outcome;

  let reporter: ReporterNotice = 'sans-objet';
  if (outcome.closes) reporter = outcome.notify ? await tellReporter(db, id, actor, deps) : 'sans-courriel';
  const report = (await getModerationReport(db, id, now))!;
  return { kind: 'ok', report, reporter, ...(outcome.sentTo ? { sentTo: outcome.sentTo } : {}) };
}

/** Forwards to the lieu's first e-mail with a fresh link to it; the e-mail leaves before the transaction commits. */
async function forward(
  tx: Database,
  report: typeof lieuReports.$inferSelect,
  actor: Actor,
  now: Date,
  deps: ModerationDeps,
): Promise<Exclude<ModerationOutcome, { kind: 'ok' }> | { kind: 'done'; sentTo: string; invitationId: string }> {
  if (report.simulated) {
    return { kind: 'refused', status: 409, message: 'Ce signalement est simulé pour la démonstration : il n’est pas transmis à la structure, qui existe vraiment.' };
  }
  const [lieu] = await tx.select({ id: lieux.id, data: lieux.data }).from(lieux).where(eq(lieux.id, report.lieuId));
  if (!lieu) {
    return { kind: 'refused', status: 409, message: 'Le lieu de ce signalement n’est plus dans le registre (fusionné ou retiré) : il n’a plus de structure à qui transmettre.' };
  }
  const { planned } = planInvitations([{ id: lieu.id, nom: lieu.data.nom, courriels: lieu.data.courriels ?? [] }], 'par-lieu');
  const email = planned[0]?.email;
  if (!email) {
    return {
      kind: 'refused',
      status: 400,
      champ: 'courriels',
      message: `courriels : « ${lieu.data.nom} » n’a aucune adresse électronique de contact dans sa fiche. Ajoutez-la en corrigeant le lieu, ou contactez la structure autrement.`,
    };
  }
  const issued = await issueLieuLink(tx, { lieuIds: [lieu.id], email, actor, now, publicUrl: deps.publicUrl });
  await tx
    .update(lieuReports)
    .set({ status: 'transmis', forwardedAt: now, forwardedInvitationId: issued.id })
    .where(eq(lieuReports.id, report.id));
  const mail = forwardMail(
    { lieuNom: lieu.data.nom, category: report.category, message: report.message, createdAt: report.createdAt },
    issued.link,
    issued.expiresAt,
    deps.replyTo ? REPLY_LINE : undefined,
  );
  try {
    await deps.mailer.send({ to: email, subject: mail.subject, text: mail.text, ...(deps.replyTo ? { replyTo: deps.replyTo } : {}) });
  } catch (error) {
    throw new MailFailed(
      `Le courriel à ${email} n’a pas pu partir (${error instanceof Error ? error.message : String(error)}) : rien n’a été enregistré, réessayez plus tard.`,
    );
  }
  return { kind: 'done', sentTo: email, invitationId: issued.id };
}

/** Sends the outcome to the reporter (already claimed); on failure the claim is released and the failure audited. */
async function tellReporter(db: Database, id: string, actor: Actor, deps: ModerationDeps, source = 'api'): Promise<ReporterNotice> {
  const [row] = await db
    .select({ report: lieuReports, nom: sql<string | null>`${lieux.data}->>'nom'` })
    .from(lieuReports)
    .leftJoin(lieux, eq(lieux.id, lieuReports.lieuId))
    .where(eq(lieuReports.id, id));
  const report = row!.report;
  const mail = outcomeMail(
    {
      lieuNom: row!.nom ?? 'un lieu de la carte',
      category: report.category,
      message: report.message,
      createdAt: report.createdAt,
      outcome: report.resolvedBy === BY_STRUCTURE ? 'corrige-par-la-structure' : (report.status as 'corrige' | 'rejete'),
      note: report.moderationNote,
    },
    `${deps.publicUrl}/lieu/${encodeURIComponent(report.lieuId)}`,
  );
  try {
    await deps.mailer.send({ to: report.reporterEmail!, subject: mail.subject, text: mail.text });
    return 'informee';
  } catch (error) {
    const now = deps.clock();
    await db.transaction(async (txRaw) => {
      const tx = txRaw as unknown as Database;
      await tx.update(lieuReports).set({ reporterNotifiedAt: null }).where(eq(lieuReports.id, id));
      await recordChange(
        tx,
        {
          actor,
          entity: REPORT_ENTITY,
          entityId: id,
          action: 'informer_echec',
          before: { personneInformee: true },
          after: { personneInformee: false, erreur: error instanceof Error ? error.message : String(error) },
          source,
        },
        now,
      );
    });
    return 'echec';
  }
}

/**
 * The structure saved (or closed) its lieu through a link: the reports of that lieu forwarded to it are closed as fixed
 * by the structure, audited with the link used, and their reporters told once (after the commit). Returns how many.
 * A plain "Les informations sont à jour" does not close them: the gestionnaire decides whether the report was wrong.
 */
export async function closeForwardedReports(db: Database, lieuId: string, invitationId: string, deps: ModerationDeps): Promise<number> {
  const now = deps.clock();
  const actor: Actor = { kind: 'invitation', id: invitationId };
  const closed = await db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Database;
    const forwarded = await tx
      .select()
      .from(lieuReports)
      .where(and(eq(lieuReports.lieuId, lieuId), eq(lieuReports.status, 'transmis')))
      .for('update');
    const done: Array<{ id: string; notify: boolean }> = [];
    for (const report of forwarded) {
      const notify = !!report.reporterEmail && !report.reporterNotifiedAt;
      await tx
        .update(lieuReports)
        .set({ status: 'corrige', resolvedAt: now, resolvedBy: BY_STRUCTURE, ...(notify ? { reporterNotifiedAt: now } : {}) })
        .where(eq(lieuReports.id, report.id));
      await recordChange(
        tx,
        {
          actor,
          entity: REPORT_ENTITY,
          entityId: report.id,
          action: 'corriger',
          before: { statut: report.status },
          after: { statut: 'corrige', parLaStructure: true, personneInformee: notify },
          source: STRUCTURE_SOURCE,
        },
        now,
      );
      done.push({ id: report.id, notify });
    }
    return done;
  });
  for (const report of closed) if (report.notify) await tellReporter(db, report.id, actor, deps);
  return closed.length;
}

/** How long, and how many times, a failed outcome e-mail to a reporter is tried again. */
export const REPORTER_RETRY_DAYS = 7;
export const REPORTER_RETRY_ATTEMPTS = 5;
const RETRY_SOURCE = 'systeme';

/**
 * Outcome e-mails to reporters that could not leave when the report was closed: tried again (scheduled with the
 * reminders) for REPORTER_RETRY_DAYS after the closing and at most REPORTER_RETRY_ATTEMPTS failures. Each one is claimed
 * first, so two processes never send it twice; a failure releases it and is audited, a success is audited too.
 */
export async function retryReporterNotices(db: Database, deps: ModerationDeps): Promise<{ sent: number; failed: number }> {
  const now = deps.clock();
  const actor: Actor = { kind: 'system' };
  const pending = await db
    .select({ id: lieuReports.id })
    .from(lieuReports)
    .where(
      and(
        inArray(lieuReports.status, ['corrige', 'rejete']),
        isNotNull(lieuReports.reporterEmail),
        isNull(lieuReports.reporterNotifiedAt),
        gte(lieuReports.resolvedAt, new Date(now.getTime() - REPORTER_RETRY_DAYS * 86_400_000)),
        sql`(select count(*) from ${auditLog} where ${auditLog.entity} = ${REPORT_ENTITY} and ${auditLog.entityId} = ${lieuReports.id}::text
              and ${auditLog.action} = 'informer_echec') < ${REPORTER_RETRY_ATTEMPTS}`,
      ),
    )
    .orderBy(lieuReports.resolvedAt)
    .limit(100);
  let sent = 0;
  let failed = 0;
  for (const { id } of pending) {
    const [claimed] = await db
      .update(lieuReports)
      .set({ reporterNotifiedAt: now })
      .where(and(eq(lieuReports.id, id), isNull(lieuReports.reporterNotifiedAt)))
      .returning({ id: lieuReports.id });
    if (!claimed) continue; // another process has it
    if ((await tellReporter(db, id, actor, deps, RETRY_SOURCE)) === 'informee') {
      sent += 1;
      await recordChange(db, { actor, entity: REPORT_ENTITY, entityId: id, action: 'informer', before: { personneInformee: false }, after: { personneInformee: true }, source: RETRY_SOURCE }, now);
    } else {
      failed += 1;
    }
  }
  return { sent, failed };
}

// ---- Figures for the reliability dashboard -------------------------------------------------------------------------

export interface ReportFigure {
  count: number;
  /** The reports behind the figure, and their lieux (distinct), for "click the figure to see the lieux". */
  reportIds: string[];
  lieuIds: string[];
}

export interface ReportFigures {
  /** Reports not resolved at the period's end (new or forwarded then). */
  open: ReportFigure;
  /** Reports resolved (fixed or rejected) during the period. */
  resolved: ReportFigure;
  /** Median hours from report to outcome of the resolved ones; null when none. Its reports are `resolved`'s. */
  medianHoursToResolve: number | null;
}

const figureOf = (rows: ReadonlyArray<{ id: string; lieuId: string }>): ReportFigure => ({
  count: rows.length,
  reportIds: rows.map((r) => r.id),
  lieuIds: [...new Set(rows.map((r) => r.lieuId))],
});

/**
 * A territory's report figures over `[from, to)`: open at `to`, resolved within, median time to resolve. Simulated
 * reports (the demo's generated year) count like the others: the demo's dashboard is made of them.
 */
export async function reportFigures(db: Database, territory: SelectedTerritory, period: { from: Date; to: Date }): Promise<ReportFigures> {
  const where = territoryCondition(territory);
  const open = await db
    .select({ id: lieuReports.id, lieuId: lieuReports.lieuId })
    .from(lieuReports)
    .where(and(where, lt(lieuReports.createdAt, period.to), or(isNull(lieuReports.resolvedAt), gte(lieuReports.resolvedAt, period.to))))
    .orderBy(lieuReports.createdAt, lieuReports.id);
  const resolved = await db
    .select({ id: lieuReports.id, lieuId: lieuReports.lieuId, createdAt: lieuReports.createdAt, resolvedAt: lieuReports.resolvedAt })
    .from(lieuReports)
    .where(and(where, gte(lieuReports.resolvedAt, period.from), lt(lieuReports.resolvedAt, period.to)))
    .orderBy(lieuReports.resolvedAt, lieuReports.id);
  return {
    open: figureOf(open),
    resolved: figureOf(resolved),
    medianHoursToResolve: medianHoursToResolve(resolved.map((r) => ({ createdAt: r.createdAt, resolvedAt: r.resolvedAt! }))),
  };
}
