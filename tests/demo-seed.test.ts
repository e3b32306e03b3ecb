import { count, eq } from 'drizzle-orm';
import { expect } from 'vitest';
import { DEMO_ACCOUNTS, seedDemo } from '../src/demo';
import { findUserByEmail } from '../src/platform/auth';
import { tables } from '../src/platform/db';
import { loadReferential, syncReferential } from '../src/territory';
import { describeWithDatabases } from './helpers/db';

describeWithDatabases('demo territory seed', ({ itDb }) => {
  itDb('installs the Vienne and one account per role once; a second start adds nothing', async (db) => {
    const referential = await loadReferential();
    await syncReferential(db, referential);
    const first = await seedDemo(db, referential);
    expect(first).toMatchObject({ skipped: false, communes: 265, epci: 7, accounts: 5 });
    // The real CnFS and France Services rows of the Vienne, deduplicated: fewer public lieux than source records.
    const records = await db.select({ n: count() }).from(tables.sourceRecords);
    expect(first.lieux).toBeGreaterThan(50);
    expect(first.lieux).toBeLessThan(records[0]!.n);

    const usersAfterFirst = await db.select({ n: count() }).from(tables.users);
    const second = await seedDemo(db, referential);
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
});
