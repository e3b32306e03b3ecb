import { describe, expect, it } from 'vitest';
import {
  computeReliability,
  confirmedFigure,
  evolution,
  figure,
  histories,
  idsBehind,
  lastMonths,
  lastYear,
  parisMidnight,
  periodBounds,
  snapshotAt,
  staleLieux,
  structureFigure,
  type LieuFacts,
  type ReliabilityFacts,
  type VouchEvent,
} from './reliability';

const at = (iso: string) => new Date(iso);

describe('Paris calendar', () => {
  it('finds midnight in Paris in winter, in summer and on the night clocks change', () => {
    expect(parisMidnight(2026, 1, 1).toISOString()).toBe('2025-12-31T23:00:00.000Z');
    expect(parisMidnight(2026, 7, 1).toISOString()).toBe('2026-06-30T22:00:00.000Z');
    expect(parisMidnight(2026, 3, 29).toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(parisMidnight(2026, 10, 25).toISOString()).toBe('2026-10-24T22:00:00.000Z');
    expect(parisMidnight(2026, 13, 1).toISOString()).toBe('2026-12-31T23:00:00.000Z');
  });

  it('takes the last twelve Paris months, each at its last millisecond, the current one now', () => {
    const now = at('2026-12-15T10:00:00Z');
    const months = lastMonths(now);
    expect(months.map((m) => m.mois)).toEqual([
      '2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06',
      '2026-07', '2026-08', '2026-09', '2026-10', '2026-11', '2026-12',
    ]);
    expect(months[0]!.at.toISOString()).toBe('2026-01-31T22:59:59.999Z');
    expect(months[6]!.at.toISOString()).toBe('2026-07-31T21:59:59.999Z');
    expect(months[11]!.at).toEqual(now);
    // 31 December 23:30 UTC is already 1 January in Paris.
    expect(lastMonths(at('2026-12-31T23:30:00Z'), 2).map((m) => m.mois)).toEqual(['2026-12', '2027-01']);
  });

  it('gives periods of whole Paris days', () => {
    expect(lastYear('2026-12-01')).toEqual({ du: '2025-12-02', au: '2026-12-01' });
    expect(periodBounds({ du: '2026-07-01', au: '2026-07-31' })).toEqual({ from: at('2026-06-30T22:00:00Z'), to: at('2026-07-31T22:00:00Z') });
  });
});

/** Four lieux over 2026 (now: 15 December), with known answers worked out by hand. */
const lieu = (id: string, over: Partial<LieuFacts> = {}): LieuFacts => ({
  id,
  nom: `Lieu ${id}`,
  commune: 'Poitiers',
  codeInsee: '86194',
  createdAt: at('2025-01-01T09:00:00Z'),
  confirmedAt: null,
  structureUpdatedAt: null,
  closedSince: null,
  ...over,
});
const NOW = at('2026-12-15T10:00:00Z');
const LIEUX: LieuFacts[] = [
  // Confirmed by a gestionnaire in March, then by its structure in September.
  lieu('A', { confirmedAt: at('2026-09-05T08:00:00Z'), structureUpdatedAt: at('2026-09-05T08:00:00Z') }),
  // Never confirmed.
  lieu('B'),
  // Entered mid-June, updated by its structure a few days later.
  lieu('C', { createdAt: at('2026-06-15T08:00:00Z'), confirmedAt: at('2026-06-20T08:00:00Z'), structureUpdatedAt: at('2026-06-20T08:00:00Z') }),
  // Confirmed on 1 February, permanently closed from 1 October (Paris).
  lieu('D', { confirmedAt: at('2026-02-01T08:00:00Z'), closedSince: parisMidnight(2026, 10, 1) }),
];
const EVENTS: VouchEvent[] = [
  { lieuId: 'A', at: at('2026-03-10T08:00:00Z'), by: 'gestionnaire' },
  { lieuId: 'A', at: at('2026-09-05T08:00:00Z'), by: 'structure' },
  { lieuId: 'C', at: at('2026-06-20T08:00:00Z'), by: 'structure' },
  { lieuId: 'D', at: at('2026-02-01T08:00:00Z'), by: 'gestionnaire' },
  // A lieu of another territory: ignored.
  { lieuId: 'Z', at: at('2026-05-01T08:00:00Z'), by: 'structure' },
];

describe('figures month by month', () => {
  const points = evolution(LIEUX, histories(LIEUX, EVENTS), NOW);
  const byMonth = Object.fromEntries(points.map((p) => [p.mois, { lieux: p.lieux, confirmes: p.confirmes, structure: p.structure }]));

  it('counts lieux from their entry until they close permanently', () => {
    expect(byMonth['2026-01']!.lieux).toEqual(['A', 'B', 'D']);
    expect(byMonth['2026-06']!.lieux).toEqual(['A', 'B', 'C', 'D']);
    expect(byMonth['2026-10']!.lieux).toEqual(['A', 'B', 'C']);
  });

  it('counts a lieu as confirmed for six months after someone vouched for it, and as updated by its structure for twelve', () => {
    expect(points.map((p) => p.confirmes.length)).toEqual([0, 1, 2, 2, 2, 3, 3, 2, 2, 2, 2, 2]);
    expect(byMonth['2026-02']!.confirmes).toEqual(['D']);
    expect(byMonth['2026-07']!.confirmes).toEqual(['A', 'C', 'D']);
    // End of August: 1 February is more than six months back.
    expect(byMonth['2026-08']!.confirmes).toEqual(['A', 'C']);
    expect(points.map((p) => p.structure.length)).toEqual([0, 0, 0, 0, 0, 1, 1, 1, 2, 2, 2, 2]);
    expect(byMonth['2026-12']!.structure).toEqual(['A', 'C']);
  });

  it('gives shares against the targets, and no share when nothing is counted', () => {
    const june = points[5]!;
    expect(confirmedFigure(june)).toEqual({ nombre: 3, total: 4, part: 0.75, cible: 0.95, atteinte: false });
    expect(structureFigure(points[11]!)).toEqual({ nombre: 2, total: 3, part: 2 / 3, cible: 0.5, atteinte: true });
    expect(figure(0, 0, 0.95)).toEqual({ nombre: 0, total: 0, part: null, cible: 0.95, atteinte: null });
  });

  it('agrees with the lieux’ own dates today, even for a confirmation no event recorded', () => {
    const withoutEvents = lieu('E', { confirmedAt: at('2026-11-01T08:00:00Z') });
    const all = [...LIEUX, withoutEvents];
    const today = snapshotAt(all, histories(all, EVENTS), NOW);
    expect(today.confirmes).toEqual(['A', 'C', 'E']);
    expect(today.structure).toEqual(['A', 'C']);
  });

  it('lists « à vérifier » the counted lieux nobody vouched for in six months, the oldest first', () => {
    const old = lieu('F', { createdAt: at('2024-01-01T09:00:00Z') });
    expect(staleLieux([...LIEUX, old], NOW).map((l) => l.id)).toEqual(['F', 'B']);
  });
});

describe('the lieux behind each figure', () => {
  const facts: ReliabilityFacts = {
    now: NOW,
    period: { du: '2025-12-16', au: '2026-12-15' },
    lieux: LIEUX,
    events: EVENTS,
    consultations: new Map([
      ['A', { pages: 3, resultats: 10 }],
      ['C', { pages: 20, resultats: 40 }],
      ['B', { pages: 0, resultats: 0 }],
    ]),
    reports: { open: { count: 2, lieuIds: ['B'] }, resolved: { count: 1, lieuIds: ['A'] }, medianHoursToResolve: 30 },
    simulated: false,
  };
  const r = computeReliability(facts);

  it('are exactly those counted, and their complement adds up to the total', () => {
    expect(idsBehind(r, 'lieux')).toEqual(['A', 'B', 'C']);
    expect(idsBehind(r, 'confirmes')).toEqual(['A', 'C']);
    expect(idsBehind(r, 'non-confirmes')).toEqual(['B']);
    expect(idsBehind(r, 'structure')).toEqual(['A', 'C']);
    expect(idsBehind(r, 'non-structure')).toEqual(['B']);
    expect(idsBehind(r, 'a-verifier')).toEqual(['B']);
    expect(idsBehind(r, 'signalements-ouverts')).toEqual(['B']);
    expect(idsBehind(r, 'signalements-resolus')).toEqual(['A']);
    // Most consulted first; a lieu never consulted is not behind the figure.
    expect(idsBehind(r, 'consultes')).toEqual(['C', 'A']);
  });

  it('for a past month, come from that month’s figures', () => {
    const february = r.months.find((m) => m.mois === '2026-02')!;
    expect(idsBehind(r, 'confirmes', february)).toEqual(['D']);
    expect(idsBehind(r, 'non-confirmes', february)).toEqual(['A', 'B']);
  });
});
