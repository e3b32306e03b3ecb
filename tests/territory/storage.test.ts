import { eq, sql } from 'drizzle-orm';
import { expect } from 'vitest';
import { getSetting, setSetting } from '../../src/platform/db';
import { getReferential } from '../../src/territory/referential-loader';
import { communes, departements, epci, regions, servedTerritories } from '../../src/territory/schema';
import { REFERENTIAL_VERSION_SETTING, seedServedTerritory, syncReferential, type SyncProgress } from '../../src/territory/storage';
import { describeWithDatabases } from '../helpers/db';

const referential = getReferential();

const count = async (db: Parameters<typeof syncReferential>[0], table: typeof communes | typeof epci | typeof regions | typeof departements) => {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(table);
  return row!.n;
};

describeWithDatabases('territory storage', ({ itDb }) => {
  itDb(
    'writes the whole referential once, then skips while the version is unchanged',
    async (db) => {
      const progress: SyncProgress[] = [];
      const first = await syncReferential(db, referential, (p) => progress.push(p));
      expect(first).toMatchObject({ skipped: false, communes: 34_969, epci: 1255, departements: 109, regions: 26 });
      expect(await count(db, communes)).toBe(34_969);
      expect(await count(db, epci)).toBe(1255);
      expect(await count(db, departements)).toBe(109);
      expect(await count(db, regions)).toBe(26);
      expect(await getSetting(db, REFERENTIAL_VERSION_SETTING)).toBe(referential.version);
      // 35 batches of communes (34,969 / 1,000), reported up to the total.
      const communeSteps = progress.filter((p) => p.step === 'communes');
      expect(communeSteps.at(-1)).toEqual({ step: 'communes', done: 34_969, total: 34_969 });
      expect(communeSteps.length).toBe(36);

      const [chatellerault] = await db.select().from(communes).where(eq(communes.codeInsee, '86066'));
      const expected = referential.communes.get('86066')!;
      expect(chatellerault).toEqual({
        codeInsee: '86066',
        nom: 'Châtellerault',
        departementCode: '86',
        regionCode: '75',
        epciSiren: expected.epci,
        population: expected.population,
        codesPostaux: ['86100'],
        lat: expected.lat,
        lon: expected.lon,
      });
      const [ajaccio] = await db.select().from(communes).where(eq(communes.codeInsee, '2A004'));
      expect(ajaccio?.departementCode).toBe('2A');

      const second = await syncReferential(db, referential, () => {
        throw new Error('no progress expected on a skipped sync');
      });
      expect(second).toMatchObject({ skipped: true, previousVersion: referential.version });
    },
    180_000,
  );

  itDb(
    'rewrites rows when the recorded version differs',
    async (db) => {
      await syncReferential(db, referential);
      await db.update(communes).set({ nom: 'Nom périmé' }).where(eq(communes.codeInsee, '86066'));
      await setSetting(db, REFERENTIAL_VERSION_SETTING, 'ancienne-version');
      const result = await syncReferential(db, referential);
      expect(result).toMatchObject({ skipped: false, previousVersion: 'ancienne-version' });
      const [row] = await db.select({ nom: communes.nom }).from(communes).where(eq(communes.codeInsee, '86066'));
      expect(row?.nom).toBe('Châtellerault');
      expect(await count(db, communes)).toBe(34_969);
    },
    180_000,
  );

  itDb('seeds a served territory once, with its name', async (db) => {
    const first = await seedServedTerritory(db, { kind: 'departement', code: '86' }, referential);
    const second = await seedServedTerritory(db, { kind: 'departement', code: '86' }, referential);
    expect(first).toEqual({ inserted: true, nom: 'Vienne' });
    expect(second).toEqual({ inserted: false, nom: 'Vienne' });
    const rows = await db.select().from(servedTerritories);
    expect(rows.map((r) => [r.kind, r.code, r.nom])).toEqual([['departement', '86', 'Vienne']]);
  });

  itDb('refuses an unknown territory in French', async (db) => {
    await expect(seedServedTerritory(db, { kind: 'departement', code: '99' }, referential)).rejects.toThrow(
      'Territoire inconnu : département « 99 »',
    );
  });
});
