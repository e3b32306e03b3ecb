/**
 * The demo's simulated year: so that a newcomer sees the reliability dashboard move, the Vienne's lieux get a generated
 * history over the months before the seed: confirmations and edits by gestionnaires, then more and more by the
 * structures themselves (through their links), error reports (most of them resolved, faster and faster), and
 * consultations. Deterministic (seeded PRNG, dates relative to the seed's day); every generated row is marked
 * `simulated = true` and the dashboard says so. The lieux are dated back to the start of that history (they must exist
 * to be counted), and the run is recorded once in the audit log.
 */
import { and, eq, sql } from 'drizzle-orm';
import { addMonths } from '../freshness';
import { parisDate, REPORT_CATEGORIES } from '../orientation';
import { recordChange } from '../platform/audit';
import { tables, type Database } from '../platform/db';
import { seededRandom } from '../platform/seeded-random';

const { lieux, lieuFreshnessEvents, lieuReports, lieuConsultations } = tables;

/** Months of history before the seed: the dashboard's 12 months, plus the 6 before that make its first month's figure. */
export const SIMULATED_MONTHS = 18;
const SEED = 86_2026;
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const ROWS_PER_STATEMENT = 1_000;

export interface SimulatedYear {
  skipped: boolean;
  events: number;
  reports: number;
  consultationRows: number;
}

/** 0 at the start of the history, 1 at the seed. */
const progress = (monthsBack: number) => 1 - monthsBack / SIMULATED_MONTHS;
/** Chance that someone vouches for a given lieu in a month: ~6 % at first, ~40 % by the end (reminders, links). */
const vouchRate = (monthsBack: number) => 0.06 + 0.34 * progress(monthsBack) ** 3;
/** Share of those done by the structure itself, through its link: from 5 % to 70 %. */
const structureShare = (monthsBack: number) => 0.05 + 0.65 * progress(monthsBack);

const REPORT_MESSAGES: Record<(typeof REPORT_CATEGORIES)[number], string[]> = {
  horaires: ['Fermé le samedi matin contrairement à ce qui est indiqué.', 'Les horaires du mercredi ont changé depuis la rentrée.'],
  adresse: ['L’accueil a déménagé au rez-de-chaussée de la mairie.', 'Le numéro de rue est faux.'],
  ferme: ['Le lieu semble fermé depuis plusieurs semaines.'],
  contact: ['Le numéro de téléphone ne répond plus.', 'L’adresse e-mail revient en erreur.'],
  services: ['Il n’y a plus d’ateliers collectifs.', 'Le lieu ne propose pas d’aide aux démarches.'],
  autre: ['Le nom du lieu a changé.'],
};

async function insertAll<T extends Record<string, unknown>>(rows: T[], insert: (batch: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) await insert(rows.slice(i, i + ROWS_PER_STATEMENT));
}

/**
 * Generates the simulated history of the département's lieux up to `now`, once: a second call finds simulated
 * events and does nothing.
 */
export async function seedSimulatedYear(db: Database, departement: string, now: Date): Promise<SimulatedYear> {
  const [done] = await db
    .select({ n: sql<number>`count(*)` })
    .from(lieuFreshnessEvents)
    .innerJoin(lieux, eq(lieux.id, lieuFreshnessEvents.lieuId))
    .where(and(eq(lieuFreshnessEvents.simulated, true), eq(lieux.departement, departement)));
  if (Number(done?.n ?? 0) > 0) return { skipped: true, events: 0, reports: 0, consultationRows: 0 };

  const targets = await db
    .select({ id: lieux.id, codeInsee: lieux.codeInsee })
    .from(lieux)
    .where(and(eq(lieux.departement, departement), sql`${lieux.status} ->> 'kind' <> 'ferme_definitivement'`))
    .orderBy(lieux.id);
  const random = seededRandom(SEED);
  const start = addMonths(now, -SIMULATED_MONTHS);
  const within = (from: Date, to: Date) => new Date(from.getTime() + random() * (to.getTime() - from.getTime()));

  type Event = typeof lieuFreshnessEvents.$inferInsert;
  type Report = typeof lieuReports.$inferInsert;
  type Consultation = typeof lieuConsultations.$inferInsert;
  const events: Event[] = [];
  const reports: Report[] = [];
  const consultations: Consultation[] = [];

  for (const lieu of targets) {
    // Confirmations and edits, month after month.
    for (let back = SIMULATED_MONTHS; back >= 1; back--) {
      if (random() >= vouchRate(back)) continue;
      const byStructure = random() < structureShare(back);
      const at = within(addMonths(now, -back), addMonths(now, -back + 1));
      events.push({ lieuId: lieu.id, at, by: byStructure ? 'structure' : 'gestionnaire', kind: random() < 0.4 ? 'modification' : 'confirmation', simulated: true });
    }
    // Error reports: about one per lieu every year and a half; resolved in a few days, faster as the routine settles.
    for (let back = 12; back >= 1; back--) {
      if (random() >= 0.05) continue;
      const createdAt = within(addMonths(now, -back), addMonths(now, -back + 1));
      const category = REPORT_CATEGORIES[Math.floor(random() * REPORT_CATEGORIES.length)]!;
      const messages = REPORT_MESSAGES[category];
      const delay = (4 + random() * 24 * 6 * (0.3 + back / 12)) * HOUR_MS;
      const resolvedAt = new Date(createdAt.getTime() + delay);
      const resolved = resolvedAt.getTime() < now.getTime() && random() < 0.9;
      const fixed = random() < 0.75;
      reports.push({
        lieuId: lieu.id,
        category,
        message: messages[Math.floor(random() * messages.length)]!,
        reporterEmail: null,
        status: resolved ? (fixed ? 'corrige' : 'rejete') : random() < 0.5 ? 'nouveau' : 'transmis',
        departement,
        codeInsee: lieu.codeInsee,
        ipHash: 'simulation',
        createdAt,
        resolvedAt: resolved ? resolvedAt : null,
        moderationNote: resolved && !fixed ? 'Vérifié auprès de la structure : la fiche était juste.' : null,
        simulated: true,
      });
      // Fixing the lieu is a gestionnaire's edit: it vouches for it.
      if (resolved && fixed) events.push({ lieuId: lieu.id, at: resolvedAt, by: 'gestionnaire', kind: 'modification', simulated: true });
    }
    // Consultations over the last year: a few appearances in results a day, some opening the lieu's page.
    const popularity = 0.3 + 2.5 * random() ** 2;
    for (let day = 365; day >= 1; day--) {
      const date = parisDate(new Date(now.getTime() - day * DAY_MS));
      const weekday = new Date(`${date}T12:00:00Z`).getUTCDay();
      const rate = popularity * (0.6 + 0.8 * (1 - day / 365)) * (weekday === 0 ? 0.2 : weekday === 6 ? 0.5 : 1);
      const resultats = Math.floor(rate * 2 * random() + random());
      const pages = Math.floor(resultats * 0.3 * random() + (random() < 0.05 ? 1 : 0));
      if (resultats > 0) consultations.push({ lieuId: lieu.id, day: date, kind: 'resultat', count: resultats, simulated: true });
      if (pages > 0) consultations.push({ lieuId: lieu.id, day: date, kind: 'page', count: pages, simulated: true });
    }
  }

  const ids = targets.map((t) => t.id);
  if (ids.length > 0) {
    // The lieux existed throughout the history (they are counted from their entry in the registry).
    await db.execute(sql`update ${lieux} set created_at = least(${lieux.createdAt}, ${start.toISOString()}::timestamptz) where ${lieux.departement} = ${departement}`);
  }
  await insertAll(events, (batch) => db.insert(lieuFreshnessEvents).values(batch));
  await insertAll(reports, (batch) => db.insert(lieuReports).values(batch));
  await insertAll(consultations, (batch) => db.insert(lieuConsultations).values(batch).onConflictDoNothing());
  // Each lieu's dates follow from its (simulated) history.
  await db.execute(sql`
    update ${lieux} set
      confirmed_at = greatest(${lieux.confirmedAt}, h.vouched),
      structure_updated_at = greatest(${lieux.structureUpdatedAt}, h.by_structure)
    from (
      select ${lieuFreshnessEvents.lieuId} as lieu_id, max(${lieuFreshnessEvents.at}) as vouched,
             max(${lieuFreshnessEvents.at}) filter (where ${lieuFreshnessEvents.by} = 'structure') as by_structure
      from ${lieuFreshnessEvents} where ${lieuFreshnessEvents.simulated} group by 1
    ) h
    where ${lieux.id} = h.lieu_id`);
  const summary = { events: events.length, reports: reports.length, consultationRows: consultations.length };
  await recordChange(
    db,
    {
      actor: { kind: 'system' },
      entity: 'demo',
      entityId: `annee-simulee-${departement}`,
      action: 'create',
      before: null,
      after: { ...summary, lieux: ids.length, depuis: start, jusqua: now },
      source: 'demo',
    },
    now,
  );
  return { skipped: false, ...summary };
}
