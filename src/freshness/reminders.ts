/**
 * The reminder job: e-mails each lieu's contact when its information has gone unconfirmed for five months (then three
 * weeks later), with a fresh link to its lieu. Safe with several app processes on one PostgreSQL and across restarts:
 * everything lives in `reminder_sendings`, whose unique key (lieu, step, anchor) is the claim — only the process whose
 * insert went in sends, and the claim is committed before the e-mail leaves (docs/scaling.md).
 */
import { hostname } from 'node:os';
import { and, desc, eq, inArray, lte, sql, type SQL } from 'drizzle-orm';
import { lastVouchedSql, lieuConditions, lieuxTables, notVouchedWithin, type LieuFilters } from '../lieux';
import { recordChange, type Actor } from '../platform/audit';
import type { AppContext } from '../platform/context';
import type { Database } from '../platform/db';
import type { Mailer } from '../platform/mail';
import { addMonths, isToVerify, lastVouchedAt, type FreshnessDates } from '../lieux';
import { planInvitations } from './domain/invitation';
import {
  dueReminder,
  INTERRUPTED_AFTER_MINUTES,
  logResultOf,
  secondReminderAt,
  type DueReminder,
  type ReminderLogResult,
  type ReminderRules,
} from './domain/reminders';
import { reminderSendings, type ReminderResult, type ReminderStep } from './schema';
import { issueLieuLink } from './service';
import { retryReporterNotices } from './moderation';

const { lieux } = lieuxTables;
/** Audit source of everything the job writes. */
export const REMINDER_SOURCE = 'rappel';
const JOB: Actor = { kind: 'system' };
const DAY_MS = 86_400_000;

export interface ReminderDeps {
  mailer: Mailer;
  clock: () => Date;
  publicUrl: string;
  config: ReminderRules;
  /** Who claims (host:pid), kept in the log. */
  worker: string;
}

export interface ReminderRunOptions {
  /** Only the lieux of this territory (a gestionnaire's cron, `maillage rappels --territoire`). */
  territory?: Pick<LieuFilters, 'region' | 'departement' | 'epci' | 'commune'>;
  /** Count what is due without claiming or sending anything. */
  simulate?: boolean;
  onProgress?: (progress: { done: number; total: number }) => void;
}

type Outcome = Exclude<ReminderResult, 'en-cours'>;

export interface ReminderRunSummary {
  simulation: boolean;
  /** Lieux with a reminder due when the run started. */
  due: number;
  byStep: Record<ReminderStep, number>;
  /** What became of the reminders this process claimed (in a simulation: what would, « echec » aside). */
  results: Record<Outcome, number>;
  /** Due, but claimed by another process first (or confirmed meanwhile): not sent by this one. */
  claimedElsewhere: number;
  /** Claims left « en cours » by a process that stopped while sending: never sent again, to look at in the log. */
  interrupted: number;
}

/** This process, for the log: `host:pid`. */
export const workerName = (): string => `${hostname()}:${process.pid}`;

interface Candidate extends FreshnessDates {
  id: string;
  nom: string;
  courriels: string[];
}

/** The lieux whose reminder is due at `now`, selected in SQL (open lieux, unconfirmed long enough, cycle not over). */
async function dueCandidates(db: Database, now: Date, rules: ReminderRules, territory: ReminderRunOptions['territory']): Promise<Candidate[]> {
  const secondNotBefore = new Date(now.getTime() - rules.secondDays * DAY_MS);
  const cycleOver = sql`exists (select 1 from ${reminderSendings}
    where ${reminderSendings.lieuId} = ${lieux.id} and ${reminderSendings.anchor} = ${lastVouchedSql}
      and (${reminderSendings.step} = 'second-rappel' or ${reminderSendings.result} = 'sans-contact'
           or ${reminderSendings.claimedAt} > ${secondNotBefore.toISOString()}::timestamptz))`;
  const rows = await db
    .select({ id: lieux.id, data: lieux.data, confirmedAt: lieux.confirmedAt, createdAt: lieux.createdAt })
    .from(lieux)
    .where(and(...lieuConditions({ ...territory }), notVouchedWithin(rules.firstMonths, now), sql`not ${cycleOver}`))
    .orderBy(lieux.id);
  return rows.map((r) => ({ id: r.id, nom: r.data.nom, courriels: r.data.courriels ?? [], confirmedAt: r.confirmedAt, createdAt: r.createdAt }));
}

/** The reminders already claimed for each candidate's current anchor. */
async function claimsOf(db: Database, candidates: readonly Candidate[]) {
  const byLieu = new Map<string, Array<typeof reminderSendings.$inferSelect>>();
  for (let i = 0; i < candidates.length; i += 1000) {
    const chunk = candidates.slice(i, i + 1000);
    const rows = await db.select().from(reminderSendings).where(inArray(reminderSendings.lieuId, chunk.map((c) => c.id)));
    for (const row of rows) byLieu.set(row.lieuId, [...(byLieu.get(row.lieuId) ?? []), row]);
  }
  return (lieu: Candidate) => (byLieu.get(lieu.id) ?? []).filter((r) => r.anchor.getTime() === lastVouchedAt(lieu).getTime());
}

/**
 * The claim: one row per (lieu, step, anchor), inserted only if the lieu still has this anchor (nobody confirmed it
 * since the selection). Committed on its own before anything is sent; null when another process holds it.
 */
async function claim(db: Database, lieuId: string, due: DueReminder, email: string | null, worker: string, now: Date): Promise<string | null> {
  const anchor = due.anchor.toISOString();
  const { rows } = await db.execute<{ id: string }>(sql`
    insert into ${reminderSendings} (lieu_id, step, anchor, email, claimed_by, claimed_at, result)
    select ${lieuId}, ${due.step}, ${anchor}::timestamptz, ${email}, ${worker}, ${now.toISOString()}::timestamptz, 'en-cours'
    from ${lieux} where ${lieux.id} = ${lieuId} and ${lastVouchedSql} = ${anchor}::timestamptz
    on conflict (lieu_id, step, anchor) do nothing
    returning id`);
  return rows[0]?.id ?? null;
}

/** Records how a claimed reminder ended, audited in the same transaction. */
async function finish(db: Database, id: string, outcome: Outcome, details: { lieuId: string; step: ReminderStep; email: string | null; error?: string }, now: Date) {
  await db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Database;
    await tx
      .update(reminderSendings)
      .set({ result: outcome, error: details.error ?? null, finishedAt: now })
      .where(and(eq(reminderSendings.id, id), eq(reminderSendings.result, 'en-cours')));
    await recordChange(
      tx,
      {
        actor: JOB,
        entity: 'reminder_sending',
        entityId: id,
        action: outcome === 'envoye' ? 'send' : outcome === 'echec' ? 'fail' : 'no_contact',
        before: { result: 'en-cours' },
        after: { lieu: details.lieuId, step: details.step, email: details.email, result: outcome, ...(details.error ? { error: details.error } : {}) },
        source: REMINDER_SOURCE,
      },
      now,
    );
  });
}

const longDate = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', dateStyle: 'long' });

/** A lieu as a reminder names it. */
interface RemindedLieu extends FreshnessDates {
  nom: string;
}

function lastConfirmation(lieu: RemindedLieu): string {
  return lieu.confirmedAt
    ? `confirmées pour la dernière fois le ${longDate.format(lieu.confirmedAt)}`
    : `publiées le ${longDate.format(lieu.createdAt)} et personne ne les a confirmées depuis`;
}

/**
 * The reminder e-mail, in plain French: the lieu (or each of the contact's lieux), when it was last confirmed, the link,
 * the one-click confirmation, and when its public page says « à vérifier ».
 */
export function reminderMail(input: { step: ReminderStep; lieux: readonly RemindedLieu[]; link: string; expiresAt: Date; now: Date }) {
  const { step, lieux: reminded, link, expiresAt, now } = input;
  const one = reminded.length === 1 ? reminded[0]! : null;
  const since = one
    ? [`Les informations de « ${one.nom} » sur la carte des lieux d’aide au numérique ont été ${lastConfirmation(one)}.`]
    : [
        `Les informations de vos ${reminded.length} lieux sur la carte des lieux d’aide au numérique attendent une confirmation :`,
        ...reminded.map((lieu) => `- « ${lieu.nom} » : ${lastConfirmation(lieu)} ;`),
      ];
  const toVerifyAt = new Date(Math.min(...reminded.map((lieu) => addMonths(lastVouchedAt(lieu), 6).getTime())));
  const pages = one ? 'sa page publique indiquera' : 'leurs pages publiques indiqueront';
  const mark = reminded.some((lieu) => isToVerify(lieu, now))
    ? one
      ? 'Faute de confirmation, sa page publique indique déjà aux habitants que ces informations sont « à vérifier ».'
      : 'Faute de confirmation, la page publique de certains de ces lieux indique déjà aux habitants que leurs informations sont « à vérifier ».'
    : `Sans confirmation d’ici le ${longDate.format(toVerifyAt)}, ${pages} aux habitants que ces informations sont « à vérifier ».`;
  const text = [
    'Bonjour,',
    '',
    ...since,
    'Les habitants s’y fient pour venir vous voir : horaires, services, contact.',
    '',
    step === 'second-rappel' ? 'Nous vous avons écrit il y a trois semaines : pouvez-vous prendre un instant pour les vérifier ?' : 'Pouvez-vous les vérifier ?',
    one ? 'Ce lien ouvre la fiche de votre lieu, sans créer de compte :' : 'Ce lien ouvre la fiche de chacun de ces lieux, sans créer de compte :',
    '',
    link,
    '',
    `${one ? 'Si' : 'Pour chaque lieu, si'} tout est juste, un clic sur « Les informations sont à jour » suffit. Sinon, corrigez ce qui a changé.`,
    mark,
    `Ce lien est personnel et valable jusqu’au ${longDate.format(expiresAt)}.`,
    '',
    'Merci pour les personnes que vous accompagnez.',
  ].join('\n');
  const subject = one
    ? step === 'second-rappel'
      ? `Rappel : les informations de « ${one.nom} » sont-elles à jour ?`
      : `« ${one.nom} » : vos informations sont-elles à jour ?`
    : step === 'second-rappel'
      ? `Rappel : les informations de vos ${reminded.length} lieux sont-elles à jour ?`
      : `Vos ${reminded.length} lieux : vos informations sont-elles à jour ?`;
  return { subject, text };
}

/** A reminder claimed by this process: its sending row, the lieu, the step. */
interface Claimed {
  id: string;
  lieu: Candidate;
  due: DueReminder;
}

/**
 * Sends the reminders claimed for one contact and step in one e-mail, with one fresh link opening all their lieux, and
 * records the outcome of each.
 */
async function sendClaimed(db: Database, claimed: readonly Claimed[], email: string, deps: ReminderDeps, now: Date): Promise<Outcome> {
  const step = claimed[0]!.due.step;
  let outcome: Outcome = 'envoye';
  let error: string | undefined;
  try {
    const issued = await db.transaction(async (txRaw) => {
      const tx = txRaw as unknown as Database;
      const lieuIds = claimed.map((c) => c.lieu.id);
      const link = await issueLieuLink(tx, { lieuIds, email, actor: JOB, now, publicUrl: deps.publicUrl, source: REMINDER_SOURCE });
      await tx.update(reminderSendings).set({ invitationId: link.id }).where(inArray(reminderSendings.id, claimed.map((c) => c.id)));
      return link;
    });
    const mail = reminderMail({ step, lieux: claimed.map((c) => c.lieu), link: issued.link, expiresAt: issued.expiresAt, now });
    await deps.mailer.send({ to: email, subject: mail.subject, text: mail.text });
  } catch (failure) {
    outcome = 'echec';
    error = failure instanceof Error ? failure.message : String(failure);
  }
  for (const c of claimed) await finish(db, c.id, outcome, { lieuId: c.lieu.id, step, email, ...(error ? { error } : {}) }, deps.clock());
  return outcome;
}

const emailOf = (lieu: Candidate): string | null => planInvitations([lieu], 'par-lieu').planned[0]?.email ?? null;

/** Claims stopped « en cours » long ago (their process died while sending), in the territory. */
async function countInterrupted(db: Database, now: Date, territory: ReminderRunOptions['territory']): Promise<number> {
  const before = new Date(now.getTime() - INTERRUPTED_AFTER_MINUTES * 60_000);
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(reminderSendings)
    .innerJoin(lieux, eq(lieux.id, reminderSendings.lieuId))
    .where(and(eq(reminderSendings.result, 'en-cours'), lte(reminderSendings.claimedAt, before), ...territoryConditions(territory ?? {})));
  return row?.n ?? 0;
}

/**
 * Runs the reminders due now, once: select, claim, send, record. A contact keeping several lieux due for the same step
 * gets them in one e-mail with one link. Returns what happened, counted per lieu.
 */
export async function runReminders(db: Database, deps: ReminderDeps, options: ReminderRunOptions = {}): Promise<ReminderRunSummary> {
  const now = deps.clock();
  const candidates = await dueCandidates(db, now, deps.config, options.territory);
  const claimed = await claimsOf(db, candidates);
  const summary: ReminderRunSummary = {
    simulation: !!options.simulate,
    due: 0,
    byStep: { 'premier-rappel': 0, 'second-rappel': 0 },
    results: { envoye: 0, echec: 0, 'sans-contact': 0 },
    claimedElsewhere: 0,
    interrupted: await countInterrupted(db, now, options.territory),
  };
  /** The due reminders by contact and step; each lieu without an address on its own. */
  const groups = new Map<string, Array<{ lieu: Candidate; due: DueReminder; email: string | null }>>();
  for (const lieu of candidates) {
    const due = dueReminder({ ...lieu, closedForGood: false }, claimed(lieu), now, deps.config);
    if (!due) continue;
    summary.due++;
    summary.byStep[due.step]++;
    const email = emailOf(lieu);
    const key = email ? `${due.step} ${email}` : `sans-contact ${lieu.id}`;
    const group = groups.get(key) ?? [];
    group.push({ lieu, due, email });
    groups.set(key, group);
  }
  let done = candidates.length - summary.due;
  options.onProgress?.({ done, total: candidates.length });
  for (const group of groups.values()) {
    const email = group[0]!.email;
    if (options.simulate) summary.results[email ? 'envoye' : 'sans-contact'] += group.length;
    else {
      const mine: Claimed[] = [];
      for (const { lieu, due } of group) {
        const id = await claim(db, lieu.id, due, email, deps.worker, now);
        if (id) mine.push({ id, lieu, due });
        else summary.claimedElsewhere++;
      }
      if (!email) {
        for (const c of mine) await finish(db, c.id, 'sans-contact', { lieuId: c.lieu.id, step: c.due.step, email }, now);
        summary.results['sans-contact'] += mine.length;
      } else if (mine.length > 0) summary.results[await sendClaimed(db, mine, email, deps, now)] += mine.length;
    }
    done += group.length;
    options.onProgress?.({ done, total: candidates.length });
  }
  return summary;
}

// ---------------------------------------------------------------------------------------------------------------------
// The sending log

export type ReminderTerritory = { departement?: string; epci?: string; commune?: string };

function territoryConditions(territory: ReminderTerritory & { region?: string }): SQL[] {
  const where: SQL[] = [];
  if (territory.region) where.push(eq(lieux.region, territory.region));
  if (territory.departement) where.push(eq(lieux.departement, territory.departement));
  if (territory.epci) where.push(eq(lieux.epci, territory.epci));
  if (territory.commune) where.push(eq(lieux.codeInsee, territory.commune));
  return where;
}

export interface ReminderLogEntry {
  id: string;
  /** When the reminder was claimed (sent right after). */
  date: string;
  termineLe: string | null;
  lieu: { id: string; nom: string; commune: string };
  etape: ReminderStep;
  destinataire: string | null;
  resultat: ReminderLogResult;
  erreur: string | null;
  /** The confirmation the reminder followed. */
  derniereConfirmation: string;
  /** After a first reminder: when the second goes if nobody confirms the lieu before; null when none will. */
  prochainRappel: string | null;
}

/** The reminders sent for the lieux of a territory (all of France without one), newest first. */
export async function reminderLog(db: Database, territory: ReminderTerritory, now: Date, rules: ReminderRules, limit = 500): Promise<ReminderLogEntry[]> {
  const rows = await db
    .select({
      sending: reminderSendings,
      nom: sql<string>`${lieux.data} ->> 'nom'`,
      commune: sql<string>`${lieux.data} ->> 'commune'`,
      confirmedAt: lieux.confirmedAt,
      createdAt: lieux.createdAt,
    })
    .from(reminderSendings)
    .innerJoin(lieux, eq(lieux.id, reminderSendings.lieuId))
    .where(and(...territoryConditions(territory)))
    .orderBy(desc(reminderSendings.claimedAt), desc(reminderSendings.id))
    .limit(limit);
  const nextReminder = (s: typeof reminderSendings.$inferSelect, lieu: FreshnessDates): string | null => {
    if (s.step !== 'premier-rappel' || s.result === 'sans-contact' || lastVouchedAt(lieu).getTime() !== s.anchor.getTime()) return null;
    const at = secondReminderAt(s.claimedAt, rules);
    return at.getTime() > now.getTime() ? at.toISOString() : null;
  };
  return rows.map(({ sending: s, nom, commune, ...lieu }) => ({
    id: s.id,
    date: s.claimedAt.toISOString(),
    termineLe: s.finishedAt?.toISOString() ?? null,
    lieu: { id: s.lieuId, nom, commune },
    etape: s.step,
    destinataire: s.email,
    resultat: logResultOf(s, now),
    erreur: s.error,
    derniereConfirmation: s.anchor.toISOString(),
    prochainRappel: nextReminder(s, lieu),
  }));
}

// ---------------------------------------------------------------------------------------------------------------------
// In the server

export interface ReminderSchedule {
  stop(): Promise<void>;
}

/**
 * Runs the job every `REMINDERS_INTERVAL_MINUTES` in this process (a first time a minute after start-up). The timer
 * does not keep the process alive; `stop()` waits for a run in progress. Several processes may all run it: the claims
 * keep each reminder to one. Not with the demo and a real SMTP server: the demo's lieux are real structures.
 */
export function startReminderSchedule(
  ctx: AppContext,
  log: { info: (message: string) => void; error: (message: string) => void },
  firstRunAfterMs = 60_000,
): ReminderSchedule {
  const minutes = ctx.config.reminders.intervalMinutes;
  if (minutes <= 0) return { stop: async () => undefined };
  if (ctx.config.seedDemo && ctx.mailer.kind === 'smtp') {
    log.error(
      'Relances automatiques désactivées : la démonstration est installée (SEED_DEMO=true) et ses lieux sont de vraies ' +
        'structures de la Vienne, qui recevraient les courriels. Mettez SEED_DEMO=false en production.',
    );
    return { stop: async () => undefined };
  }
  const deps: ReminderDeps = { mailer: ctx.mailer, clock: ctx.clock, publicUrl: ctx.config.publicUrl, config: ctx.config.reminders, worker: workerName() };
  let running: Promise<void> | null = null;
  let stopped = false;
  let timer: NodeJS.Timeout;
  const tick = () => {
    if (stopped || running) return;
    const failed = (what: string) => (error: unknown) =>
      log.error(`${what} : le passage a échoué (${error instanceof Error ? error.message : String(error)}).`);
    running = runReminders(ctx.db, deps)
      .then((s) => {
        const handled = s.results.envoye + s.results.echec + s.results['sans-contact'];
        if (handled > 0) log.info(`Relances : ${summaryLine(s)}`);
      })
      .catch(failed('Relances'))
      .then(() => retryReporterNotices(ctx.db, deps))
      .then((r) => {
        if (r.sent + r.failed > 0) log.info(`Signalements : ${noticesLine(r)}`);
      })
      .catch(failed('Signalements (courriels aux personnes)'))
      .finally(() => {
        running = null;
      });
  };
  const schedule = (ms: number) => {
    timer = setTimeout(() => {
      tick();
      schedule(minutes * 60_000);
    }, ms);
    timer.unref();
  };
  schedule(Math.min(firstRunAfterMs, minutes * 60_000));
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}

/** The retried outcome e-mails to reporters, in French. */
export const noticesLine = (r: { sent: number; failed: number }) =>
  `${r.sent} personne(s) informée(s) de la suite de leur signalement après un premier échec, ${r.failed} encore en échec`;

/** One line of French for logs and the command line. */
export function summaryLine(s: ReminderRunSummary): string {
  const parts = s.simulation
    ? [`${s.due} relance(s) à envoyer (${s.byStep['premier-rappel']} premières, ${s.byStep['second-rappel']} secondes)`, `dont ${s.results['sans-contact']} lieu(x) sans courriel`]
    : [
        `${s.results.envoye} envoyée(s)`,
        `${s.results.echec} en échec`,
        `${s.results['sans-contact']} lieu(x) sans courriel`,
        `${s.claimedElsewhere} prise(s) par un autre processus`,
      ];
  if (s.interrupted > 0) parts.push(`${s.interrupted} interrompue(s) à vérifier dans le journal`);
  return parts.join(', ');
}
