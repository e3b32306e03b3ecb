import { sql } from 'drizzle-orm';
import type { TerritoryRef } from '../platform/auth/principal';
import { getSetting, setSetting, type Database } from '../platform/db';
import type { Referential } from './domain/referential';
import { communes, departements, epci, regions, servedTerritories } from './schema';

export const REFERENTIAL_VERSION_SETTING = 'territory.referential_version';
const BATCH_SIZE = 1000;

export type SyncStep = 'regions' | 'departements' | 'epci' | 'communes';

export interface SyncProgress {
  step: SyncStep;
  /** Rows of this step written so far. */
  done: number;
  total: number;
}

export interface SyncResult {
  /** True when the database already held this version: nothing was written. */
  skipped: boolean;
  version: string;
  /** Version recorded before this call (undefined on a fresh database). */
  previousVersion: string | undefined;
  regions: number;
  departements: number;
  epci: number;
  communes: number;
}

/** `excluded.<column>` for each column, so an upsert rewrites the row with the incoming values. */
const excluded = (...columns: string[]) =>
  Object.fromEntries(columns.map((c) => [c, sql.raw(`excluded.${c}`)])) as Record<string, ReturnType<typeof sql.raw>>;

/**
 * Writes the referential to the database when its version differs from the recorded one: regions, départements,
 * EPCI and communes are upserted in batches of 1,000 rows, all in one transaction, then the version is recorded.
 * Rows that left the COG are kept (other tables may still point at them).
 */
export async function syncReferential(
  db: Database,
  referential: Referential,
  onProgress?: (progress: SyncProgress) => void,
): Promise<SyncResult> {
  const previousVersion = await getSetting<string>(db, REFERENTIAL_VERSION_SETTING);
  const result: SyncResult = {
    skipped: previousVersion === referential.version,
    version: referential.version,
    previousVersion,
    regions: referential.regions.size,
    departements: referential.departements.size,
    epci: referential.epci.size,
    communes: referential.communes.size,
  };
  if (result.skipped) return result;

  await db.transaction(async (tx) => {
    const write = async <Row>(step: SyncStep, rows: Row[], upsert: (batch: Row[]) => Promise<unknown>) => {
      onProgress?.({ step, done: 0, total: rows.length });
      for (let i = 0; i < rows.length; i += BATCH_SIZE) {
        const batch = rows.slice(i, i + BATCH_SIZE);
        await upsert(batch);
        onProgress?.({ step, done: i + batch.length, total: rows.length });
      }
    };

    await write('regions', [...referential.regions.values()].map((r) => ({ code: r.code, nom: r.nom })), (batch) =>
      tx.insert(regions).values(batch).onConflictDoUpdate({ target: regions.code, set: excluded('nom') }),
    );
    await write(
      'departements',
      [...referential.departements.values()].map((d) => ({ code: d.code, nom: d.nom, regionCode: d.region })),
      (batch) =>
        tx
          .insert(departements)
          .values(batch)
          .onConflictDoUpdate({ target: departements.code, set: excluded('nom', 'region_code') }),
    );
    await write(
      'epci',
      [...referential.epci.values()].map((e) => ({ siren: e.siren, nom: e.nom, type: e.type })),
      (batch) => tx.insert(epci).values(batch).onConflictDoUpdate({ target: epci.siren, set: excluded('nom', 'type') }),
    );
    await write(
      'communes',
      [...referential.communes.values()].map((c) => ({
        codeInsee: c.code,
        nom: c.nom,
        departementCode: c.departement,
        regionCode: c.region,
        epciSiren: c.epci,
        population: c.population,
        codesPostaux: c.codesPostaux,
        lat: c.lat,
        lon: c.lon,
      })),
      (batch) =>
        tx
          .insert(communes)
          .values(batch)
          .onConflictDoUpdate({
            target: communes.codeInsee,
            set: excluded('nom', 'departement_code', 'region_code', 'epci_siren', 'population', 'codes_postaux', 'lat', 'lon'),
          }),
    );
    await setSetting(tx as unknown as Database, REFERENTIAL_VERSION_SETTING, referential.version);
  });
  return result;
}

/** Name of a territory in the referential, or undefined when the code is unknown. */
export function territoryName(referential: Referential, territory: TerritoryRef): string | undefined {
  switch (territory.kind) {
    case 'commune':
      return referential.communes.get(territory.code)?.nom;
    case 'epci':
      return referential.epci.get(territory.code)?.nom;
    case 'departement':
      return referential.departements.get(territory.code)?.nom;
    case 'region':
      return referential.regions.get(territory.code)?.nom;
  }
}

const KIND_LABELS: Record<TerritoryRef['kind'], string> = {
  commune: 'commune',
  epci: 'EPCI',
  departement: 'département',
  region: 'région',
};

/** Declares a territory served by this instance (idempotent). Returns whether a row was added. */
export async function seedServedTerritory(
  db: Database,
  territory: TerritoryRef,
  referential: Referential,
): Promise<{ inserted: boolean; nom: string }> {
  const nom = territoryName(referential, territory);
  if (!nom) throw new Error(`Territoire inconnu : ${KIND_LABELS[territory.kind]} « ${territory.code} »`);
  const rows = await db
    .insert(servedTerritories)
    .values({ kind: territory.kind, code: territory.code, nom })
    .onConflictDoNothing()
    .returning({ code: servedTerritories.code });
  return { inserted: rows.length > 0, nom };
}
