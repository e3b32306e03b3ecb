import { count, eq, sql } from 'drizzle-orm';
import { expect } from 'vitest';
import { DEMO_ACCOUNTS, seedDemo } from '../src/demo';
import { reliabilityOf } from '../src/freshness/reliability';
import { confirmedFigure, consultationTotals, lastYear, structureFigure } from '../src/freshness/domain/reliability';
import { findUserByEmail } from '../src/platform/auth';
import { tables } from '../src/platform/db';
import { loadReferential, syncReferential } from '../src/territory';
import { describeWithDatabases } from './helpers/db';

const NOW = new Date('2026-12-01T10:00:00+01:00');

describeWithDatabases('demo territory seed', ({ itDb }) => {
  itDb('installs the Vienne and one account per role once; a second start adds nothing', async (db) => {
    const referential = await loadReferential();
    await syncReferential(db, referential);
    const first = await seedDemo(db, referential, NOW);
    expect(first).toMatchObject({ skipped: false, communes: 265, epci: 7, accounts: 5 });
    // The real CnFS and France Services rows of the Vienne, deduplicated: fewer public lieux than source records.
    const records = await db.select({ n: count() }).from(tables.sourceRecords);
    expect(first.lieux).toBeGreaterThan(50);
    expect(first.lieux).toBeLessThan(records[0]!.n);

    const usersAfterFirst = await db.select({ n: count() }).from(tables.users);
    const second = await seedDemo(db, referential, NOW);
    expect(second.skipped).toBe(true);
    expect(await db.select({ n: count() }).from(tables.users)).toEqual(usersAfterFirst);

    const served = await db.select().from(tables.servedTerritories);
    expect(served).toEqual([expect.objectContaining({ kind: 'departement', code: '86', nom: 'Vienne' })]);
    const vienne = await db.select({ n: count() }).from(tables.communes).where(eq(tables.communes.departementCode, '86'));
    expect(vienne[0]?.n).toBe(265);

    const roles = new Set<string>();
    for (const account of DEMO_ACCOUNTS) {
      const user = await findUserByEmail(db, account.email);
      expect(user?.assignments.map((a) => a.role)).toEqual([account.role]);
      if (account.role === 'structure') {
        const scope = user!.assignments[0]!.scope;
        expect(scope.kind).toBe('lieu');
        const [lieu] = await db.select().from(tables.lieux).where(eq(tables.lieux.id, (scope as { code: string }).code));
        expect(lieu?.codeInsee).toBe('86066');
      }
      roles.add(account.role);
    }
    expect([...roles].sort()).toEqual(['admin', 'coordinateur', 'gestionnaire', 'mediateur', 'structure']);
  }, 120_000);

  itDb('gives the Vienne a simulated year in which the dashboard’s figures move, every generated row marked', async (db) => {
    const referential = await loadReferential();
    await syncReferential(db, referential);
    await seedDemo(db, referential, NOW);
    const r = await reliabilityOf(db, { kind: 'departement', code: '86' }, { now: NOW, period: lastYear('2026-12-01') });
    expect(r.facts.simulated).toBe(true);
    const confirmed = r.months.map((m) => confirmedFigure(m).part!);
    const structure = r.months.map((m) => structureFigure(m).part!);
    // From well under half the lieux confirmed to most of them; the structures' own updates climb past the 50 % target.
    expect(confirmed[0]).toBeLessThan(0.55);
    expect(confirmed[11]).toBeGreaterThan(0.75);
    expect(structure[0]).toBeLessThan(0.25);
    expect(structure[11]).toBeGreaterThan(0.5);
    expect(r.months.every((m) => m.lieux.length === r.current.lieux.length)).toBe(true);
    expect(r.facts.reports.open.count).toBeGreaterThan(0);
    expect(r.facts.reports.resolved.count).toBeGreaterThan(r.facts.reports.open.count);
    expect(r.facts.reports.medianHoursToResolve).toBeGreaterThan(0);
    expect(consultationTotals(r).resultats).toBeGreaterThan(consultationTotals(r).pages);
    expect(consultationTotals(r).pages).toBeGreaterThan(0);
    // Nothing generated passes for real activity.
    for (const table of [tables.lieuFreshnessEvents, tables.lieuReports, tables.lieuConsultations]) {
      const [real] = await db.select({ n: count() }).from(table).where(eq(table.simulated, false));
      expect(real!.n).toBe(0);
    }
    // Today's figures are the lieux' own dates: the history ends where the lieux are.
    const [confirmedNow] = await db
      .select({ n: count() })
      .from(tables.lieux)
      .where(sql`${tables.lieux.departement} = '86' and ${tables.lieux.confirmedAt} > ${'2026-06-01T10:00:00+02:00'}::timestamptz`);
    expect(r.current.confirmes.length).toBe(confirmedNow!.n);
  }, 120_000);
});
