/**
 * The reliability dashboard's figures, without I/O (fiche action 1-C): which lieux are counted, which were confirmed
 * within 6 months, which were updated by their own structure within 12 months, which are "à vérifier", at any instant,
 * and month by month over the last 12 months. Every figure comes with the ids of the lieux behind it, so the dashboard
 * can list exactly what it counted.
 */
import { parisWallClock } from '../../orientation/domain/paris-time';
import { addMonths, confirmedWithin, CONFIRMED_WITHIN_MONTHS, isToVerify, RELIABILITY_TARGETS, STRUCTURE_WITHIN_MONTHS } from '../../lieux/domain/freshness';

export interface LieuFacts {
  id: string;
  nom: string;
  commune: string;
  codeInsee: string | null;
  /** Entry in the registry: the lieu is counted from then on. */
  createdAt: Date;
  confirmedAt: Date | null;
  structureUpdatedAt: Date | null;
  /** Permanently closed from this instant on (it leaves the figures then); null when it is not. */
  closedSince: Date | null;
}

/** Someone vouched for a lieu (confirmed or saved it): `lieu_freshness_events`. */
export interface VouchEvent {
  lieuId: string;
  at: Date;
  by: 'structure' | 'gestionnaire';
}

/** The lieux behind the figures at one instant (ids). */
export interface Snapshot {
  at: Date;
  /** Counted: in the registry by then and not permanently closed (open or temporarily closed). */
  lieux: string[];
  /** Among them, confirmed within `CONFIRMED_WITHIN_MONTHS`. */
  confirmes: string[];
  /** Among them, updated (saved or confirmed) by their own structure within `STRUCTURE_WITHIN_MONTHS`. */
  structure: string[];
}

export interface MonthPoint extends Snapshot {
  /** Paris calendar month, `YYYY-MM`. */
  mois: string;
}

/** A share measured against its target. */
export interface Figure {
  nombre: number;
  total: number;
  /** nombre / total, null when nothing is counted. */
  part: number | null;
  cible: number;
  /** null when nothing is counted (no share to compare). */
  atteinte: boolean | null;
}

const isCounted = (lieu: LieuFacts, at: Date): boolean =>
  lieu.createdAt.getTime() <= at.getTime() && (lieu.closedSince === null || lieu.closedSince.getTime() > at.getTime());

export function figure(nombre: number, total: number, cible: number): Figure {
  const part = total === 0 ? null : nombre / total;
  return { nombre, total, part, cible, atteinte: part === null ? null : part >= cible };
}

export const confirmedFigure = (s: Snapshot) => figure(s.confirmes.length, s.lieux.length, RELIABILITY_TARGETS.confirmedShare);
export const structureFigure = (s: Snapshot) => figure(s.structure.length, s.lieux.length, RELIABILITY_TARGETS.structureShare);

/**
 * Each lieu's vouching dates, oldest first: its events, plus its current columns (so the figures at "now" always agree
 * with the lieu's confirmation dates, even for a date no event recorded).
 */
export interface LieuHistory {
  vouched: number[];
  byStructure: number[];
}

export function histories(lieux: readonly LieuFacts[], events: readonly VouchEvent[]): Map<string, LieuHistory> {
  const out = new Map<string, LieuHistory>();
  for (const lieu of lieux) {
    out.set(lieu.id, {
      vouched: lieu.confirmedAt ? [lieu.confirmedAt.getTime()] : [],
      byStructure: lieu.structureUpdatedAt ? [lieu.structureUpdatedAt.getTime()] : [],
    });
  }
  for (const event of events) {
    const history = out.get(event.lieuId);
    if (!history) continue;
    history.vouched.push(event.at.getTime());
    if (event.by === 'structure') history.byStructure.push(event.at.getTime());
  }
  for (const history of out.values()) {
    history.vouched.sort((a, b) => a - b);
    history.byStructure.sort((a, b) => a - b);
  }
  return out;
}

/** The latest time ≤ `at` in an ascending list, or null. */
function latestUpTo(times: readonly number[], at: number): Date | null {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (times[mid]! <= at) lo = mid + 1;
    else hi = mid;
  }
  return lo === 0 ? null : new Date(times[lo - 1]!);
}

/** Who is counted, confirmed and updated by their structure at `at`, from the lieux and their histories. */
export function snapshotAt(lieux: readonly LieuFacts[], history: ReadonlyMap<string, LieuHistory>, at: Date): Snapshot {
  const snapshot: Snapshot = { at, lieux: [], confirmes: [], structure: [] };
  const t = at.getTime();
  for (const lieu of lieux) {
    if (!isCounted(lieu, at)) continue;
    snapshot.lieux.push(lieu.id);
    const h = history.get(lieu.id);
    if (!h) continue;
    if (confirmedWithin(latestUpTo(h.vouched, t), at, CONFIRMED_WITHIN_MONTHS)) snapshot.confirmes.push(lieu.id);
    if (confirmedWithin(latestUpTo(h.byStructure, t), at, STRUCTURE_WITHIN_MONTHS)) snapshot.structure.push(lieu.id);
  }
  return snapshot;
}

/** The counted lieux nobody vouched for in 6 months ("à vérifier"), oldest confirmation first. */
export function staleLieux(lieux: readonly LieuFacts[], now: Date): LieuFacts[] {
  return lieux
    .filter((l) => isCounted(l, now) && isToVerify(l, now))
    .sort((a, b) => lastVouched(a) - lastVouched(b) || a.nom.localeCompare(b.nom, 'fr'));
}

const lastVouched = (l: LieuFacts) => (l.confirmedAt ?? l.createdAt).getTime();

// ---- Paris calendar ------------------------------------------------------------------------------------------------

const pad = (n: number) => String(n).padStart(2, '0');

/** The instant of midnight, Paris time, starting the day `year-month-day` (month 1–12; overflowing months roll over). */
export function parisMidnight(year: number, month: number, day: number): Date {
  const utc = Date.UTC(year, month - 1, day);
  // Paris is UTC+1 in winter, UTC+2 in summer; clocks change at night, never at midnight.
  const winter = new Date(utc - 3_600_000);
  return parisWallClock(winter).hour === 0 ? winter : new Date(utc - 7_200_000);
}

/**
 * The last `count` Paris calendar months up to `now`'s, oldest first, each with the instant its figures are taken at:
 * the month's last millisecond, or `now` for the month in progress.
 */
export function lastMonths(now: Date, count = 12): Array<{ mois: string; at: Date }> {
  const w = parisWallClock(now);
  const months: Array<{ mois: string; at: Date }> = [];
  for (let back = count - 1; back >= 0; back--) {
    const index = w.year * 12 + (w.month - 1) - back;
    const year = Math.floor(index / 12);
    const month = (index % 12) + 1;
    const end = parisMidnight(year, month + 1, 1);
    months.push({ mois: `${year}-${pad(month)}`, at: back === 0 ? now : new Date(end.getTime() - 1) });
  }
  return months;
}

/** Both shares at each of the last `count` month ends, recomputed from the vouching history. */
export function evolution(lieux: readonly LieuFacts[], history: ReadonlyMap<string, LieuHistory>, now: Date, count = 12): MonthPoint[] {
  return lastMonths(now, count).map(({ mois, at }) => ({ mois, ...snapshotAt(lieux, history, at) }));
}

/** How far back the history must go for `evolution` over `count` months (the structure window of the oldest month). */
export function historyStart(now: Date, count = 12): Date {
  const [first] = lastMonths(now, count);
  return addMonths(first!.at, -Math.max(CONFIRMED_WITHIN_MONTHS, STRUCTURE_WITHIN_MONTHS));
}

// ---- Periods (Paris days) ------------------------------------------------------------------------------------------

/** A Paris calendar day `YYYY-MM-DD` moved by `days`. */
function shiftDay(day: string, days: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d + days));
  return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
}

/** A period of whole Paris days, both ends included. */
export interface Period {
  du: string;
  au: string;
}

/** The default period: the twelve months up to `today` (Paris day), e.g. 2025-12-02 to 2026-12-01. */
export function lastYear(today: string): Period {
  const [y, m, d] = today.split('-').map(Number) as [number, number, number];
  return { du: shiftDay(`${y - 1}-${pad(m)}-${pad(d)}`, 1), au: today };
}

/** The instants a period covers: from its first day's Paris midnight to the midnight after its last day (excluded). */
export function periodBounds(period: Period): { from: Date; to: Date } {
  const [y1, m1, d1] = period.du.split('-').map(Number) as [number, number, number];
  const [y2, m2, d2] = period.au.split('-').map(Number) as [number, number, number];
  return { from: parisMidnight(y1, m1, d1), to: parisMidnight(y2, m2, d2 + 1) };
}

// ---- Everything the dashboard shows, and the lieux behind each figure ----------------------------------------------

export interface Consultations {
  /** Views of the lieu's public page. */
  pages: number;
  /** Appearances in orientation results. */
  resultats: number;
}

/** Error reports of the territory (the moderation's `reportFigures`). */
export interface ReportCounts {
  /** Reports waiting for an outcome at the period's end. */
  open: { count: number; lieuIds: string[] };
  /** Reports resolved (fixed or rejected) during the period. */
  resolved: { count: number; lieuIds: string[] };
  medianHoursToResolve: number | null;
}

/** The facts of one territory, loaded once: every figure and every list of lieux is computed from them. */
export interface ReliabilityFacts {
  now: Date;
  period: Period;
  /** Every lieu of the territory, permanently closed ones included (they count until they closed). */
  lieux: LieuFacts[];
  events: VouchEvent[];
  consultations: ReadonlyMap<string, Consultations>;
  reports: ReportCounts;
  /** Generated rows (the demo's simulated year) are part of these figures. */
  simulated: boolean;
}

export interface Reliability {
  facts: ReliabilityFacts;
  current: Snapshot;
  stale: LieuFacts[];
  months: MonthPoint[];
}

export function computeReliability(facts: ReliabilityFacts, months = 12): Reliability {
  const history = histories(facts.lieux, facts.events);
  return {
    facts,
    current: snapshotAt(facts.lieux, history, facts.now),
    stale: staleLieux(facts.lieux, facts.now),
    months: evolution(facts.lieux, history, facts.now, months),
  };
}

/** The lieux with these ids, in that order (an id of a lieu no longer in the territory is left out). */
export function lieuxOf(r: Reliability, ids: readonly string[]): LieuFacts[] {
  const byId = new Map(r.facts.lieux.map((l) => [l.id, l]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

const NO_CONSULTATION: Consultations = { pages: 0, resultats: 0 };
export const consultationsOf = (r: Reliability, id: string) => r.facts.consultations.get(id) ?? NO_CONSULTATION;

/** Total consultations of the territory's lieux over the period. */
export function consultationTotals(r: Reliability): Consultations {
  const total = { pages: 0, resultats: 0 };
  for (const c of r.facts.consultations.values()) {
    total.pages += c.pages;
    total.resultats += c.resultats;
  }
  return total;
}

/** The figures a person can click to see the lieux behind them. */
export const INDICATORS = {
  lieux: 'Lieux comptés (ouverts ou fermés temporairement)',
  confirmes: `Lieux confirmés depuis moins de ${CONFIRMED_WITHIN_MONTHS} mois`,
  'non-confirmes': `Lieux non confirmés depuis ${CONFIRMED_WITHIN_MONTHS} mois`,
  structure: `Lieux mis à jour par leur structure depuis moins de ${STRUCTURE_WITHIN_MONTHS} mois`,
  'non-structure': `Lieux non mis à jour par leur structure depuis ${STRUCTURE_WITHIN_MONTHS} mois`,
  'a-verifier': 'Lieux à vérifier',
  'signalements-ouverts': 'Lieux avec un signalement en attente',
  'signalements-resolus': 'Lieux dont un signalement a été traité pendant la période',
  consultes: 'Lieux consultés pendant la période',
} as const;
export type Indicator = keyof typeof INDICATORS;
/** The indicators that exist for each past month too (the evolution). */
export const MONTHLY_INDICATORS = ['lieux', 'confirmes', 'non-confirmes', 'structure', 'non-structure'] as const satisfies readonly Indicator[];
export type MonthlyIndicator = (typeof MONTHLY_INDICATORS)[number];
export const isMonthly = (i: Indicator): i is MonthlyIndicator => (MONTHLY_INDICATORS as readonly string[]).includes(i);

/** The ids behind a figure, now or at a month's end, in the order the figure's list shows them. */
export function idsBehind(r: Reliability, indicator: Indicator, snapshot: Snapshot = r.current): string[] {
  const minus = (all: string[], some: string[]) => {
    const set = new Set(some);
    return all.filter((id) => !set.has(id));
  };
  switch (indicator) {
    case 'lieux':
      return snapshot.lieux;
    case 'confirmes':
      return snapshot.confirmes;
    case 'non-confirmes':
      return minus(snapshot.lieux, snapshot.confirmes);
    case 'structure':
      return snapshot.structure;
    case 'non-structure':
      return minus(snapshot.lieux, snapshot.structure);
    case 'a-verifier':
      return r.stale.map((l) => l.id);
    case 'signalements-ouverts':
      return r.facts.reports.open.lieuIds;
    case 'signalements-resolus':
      return r.facts.reports.resolved.lieuIds;
    case 'consultes':
      return [...r.facts.consultations]
        .filter(([, c]) => c.pages + c.resultats > 0)
        .sort(([, a], [, b]) => b.pages + b.resultats - (a.pages + a.resultats))
        .map(([id]) => id);
  }
}
