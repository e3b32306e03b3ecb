/**
 * The reliability dashboard's queries: the facts of one territory (its lieux, their vouching history, consultations,
 * error reports), loaded in a few queries; every figure is then computed by domain/reliability.ts.
 */
import { and, eq, gte, inArray, lte, sql, type SQL } from 'drizzle-orm';
import { lieuxTables, type LieuStatus } from '../lieux';
import { lieuReports } from '../orientation';
import type { Database } from '../platform/db';
import {
  computeReliability,
  historyStart,
  parisMidnight,
  periodBounds,
  type Consultations,
  type LieuFacts,
  type Period,
  type Reliability,
} from './domain/reliability';
import type { SelectedTerritory } from '../territory';
import { reportFigures } from './moderation';
import { lieuConsultations } from './schema';

const { lieux, lieuFreshnessEvents } = lieuxTables;

/** The territories the dashboard is drawn for. */
function inTerritory(territory: SelectedTerritory): SQL {
  switch (territory.kind) {
    case 'departement':
      return eq(lieux.departement, territory.code);
    case 'epci':
      return eq(lieux.epci, territory.code);
    case 'commune':
      return eq(lieux.codeInsee, territory.code);
  }
}

/** When a permanently closed lieu left the map: its closing day (Paris), else as good as always. */
function closedSince(status: LieuStatus, createdAt: Date): Date | null {
  if (status.kind !== 'ferme_definitivement') return null;
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(status.depuis ?? '');
  return day ? parisMidnight(Number(day[1]), Number(day[2]), Number(day[3])) : createdAt;
}

async function lieuFacts(db: Database, territory: SelectedTerritory): Promise<LieuFacts[]> {
  const rows = await db
    .select({
      id: lieux.id,
      nom: sql<string | null>`${lieux.data} ->> 'nom'`,
      commune: sql<string | null>`${lieux.data} ->> 'commune'`,
      codeInsee: lieux.codeInsee,
      status: lieux.status,
      createdAt: lieux.createdAt,
      confirmedAt: lieux.confirmedAt,
      structureUpdatedAt: lieux.structureUpdatedAt,
    })
    .from(lieux)
    .where(inTerritory(territory));
  return rows.map((r) => ({
    id: r.id,
    nom: r.nom ?? '',
    commune: r.commune ?? '',
    codeInsee: r.codeInsee,
    createdAt: r.createdAt,
    confirmedAt: r.confirmedAt,
    structureUpdatedAt: r.structureUpdatedAt,
    closedSince: closedSince(r.status, r.createdAt),
  }));
}

const territoryLieuIds = (db: Database, territory: SelectedTerritory) => db.select({ id: lieux.id }).from(lieux).where(inTerritory(territory));

async function consultationsOf(db: Database, territory: SelectedTerritory, period: Period): Promise<Map<string, Consultations>> {
  const rows = await db
    .select({ lieuId: lieuConsultations.lieuId, kind: lieuConsultations.kind, n: sql<number>`sum(${lieuConsultations.count})::int` })
    .from(lieuConsultations)
    .where(
      and(
        inArray(lieuConsultations.lieuId, territoryLieuIds(db, territory)),
        gte(lieuConsultations.day, period.du),
        lte(lieuConsultations.day, period.au),
      ),
    )
    .groupBy(lieuConsultations.lieuId, lieuConsultations.kind);
  const out = new Map<string, Consultations>();
  for (const row of rows) {
    const c = out.get(row.lieuId) ?? { pages: 0, resultats: 0 };
    if (row.kind === 'page') c.pages += Number(row.n);
    else c.resultats += Number(row.n);
    out.set(row.lieuId, c);
  }
  return out;
}

/** Whether generated rows (the demo's simulated year) are part of the territory's figures. */
async function hasSimulatedRows(db: Database, territory: SelectedTerritory): Promise<boolean> {
  const ids = territoryLieuIds(db, territory);
  const { rows } = await db.execute<{ simulated: boolean }>(sql`select (
      exists (select 1 from ${lieuFreshnessEvents} where ${lieuFreshnessEvents.simulated} and ${inArray(lieuFreshnessEvents.lieuId, ids)})
      or exists (select 1 from ${lieuConsultations} where ${lieuConsultations.simulated} and ${inArray(lieuConsultations.lieuId, ids)})
      or exists (select 1 from ${lieuReports} where ${lieuReports.simulated} and ${inArray(lieuReports.lieuId, ids)})
    ) as simulated`);
  return rows[0]?.simulated === true;
}

/** Everything the dashboard shows for a territory at `now`, consultations and reports over `period`. */
export async function reliabilityOf(db: Database, territory: SelectedTerritory, options: { now: Date; period: Period }): Promise<Reliability> {
  const { now, period } = options;
  // One query after the other: inside a transaction, node-postgres runs them on one connection anyway.
  const facts = await lieuFacts(db, territory);
  const events = await db
    .select({ lieuId: lieuFreshnessEvents.lieuId, at: lieuFreshnessEvents.at, by: lieuFreshnessEvents.by })
    .from(lieuFreshnessEvents)
    .where(and(inArray(lieuFreshnessEvents.lieuId, territoryLieuIds(db, territory)), gte(lieuFreshnessEvents.at, historyStart(now))));
  const consultations = await consultationsOf(db, territory, period);
  const reports = await reportFigures(db, territory, periodBounds(period));
  const simulated = await hasSimulatedRows(db, territory);
  return computeReliability({
    now,
    period,
    lieux: facts,
    events,
    consultations,
    reports,
    simulated,
  });
}
