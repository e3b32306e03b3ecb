import { readFileSync } from 'node:fs';
import { analyseImport, applyImport, isFileError, listLieux } from '../lieux';
import { ensureUser } from '../platform/auth';
import { count, eq } from 'drizzle-orm';
import { getSetting, setSetting, tables, type Database } from '../platform/db';
import { seedServedTerritory, type Referential } from '../territory';
import { seedSimulatedYear } from './simulated-year';

/** Bump when the demo content changes: an existing database then receives what is missing (everything is idempotent). */
const DEMO_VERSION = 3;
const SETTING = 'demo.version';

export const DEMO_DEPARTEMENT = '86';

/** One account per role, scoped to the Vienne. Addresses use the reserved .example domain. */
export const DEMO_ACCOUNTS = [
  { email: 'admin@maillage.example', nom: 'Alice Admin', role: 'admin', perimetre: 'national' },
  { email: 'gestionnaire.vienne@maillage.example', nom: 'Gaëlle Gestionnaire', role: 'gestionnaire', perimetre: 'departement:86' },
  // CU du Grand Poitiers
  { email: 'coordinateur.grand-poitiers@maillage.example', nom: 'Camille Coordinatrice', role: 'coordinateur', perimetre: 'epci:200069854' },
  // Châtellerault
  { email: 'mediateur.chatellerault@maillage.example', nom: 'Mehdi Médiateur', role: 'mediateur', perimetre: 'commune:86066' },
  // Scoped at seed time to a real lieu of Châtellerault (see seedDemo).
  { email: 'structure.demo@maillage.example', nom: 'Sophie Structure', role: 'structure', perimetre: 'lieu' },
] as const;

/**
 * The real Vienne lieux (data/demo, see its SOURCE.md): the Conseiller numérique permanences of December 2022 (v0
 * layout) and the official France Services list of 2022-12-01, imported as two sources and deduplicated.
 */
const DEMO_SOURCES = [
  { source: 'conseiller-numerique', file: 'cnfs-permanences-86.json', dateMaj: undefined },
  { source: 'france-services', file: 'france-services-86.csv', dateMaj: '2022-12-01' },
] as const;

export interface DemoSeedResult {
  skipped: boolean;
  communes: number;
  epci: number;
  accounts: number;
  lieux: number;
}

/** Seeds the demo territory (Vienne), its lieux and its accounts once; a second start finds the version and does nothing. */
export async function seedDemo(db: Database, referential: Referential, now = new Date()): Promise<DemoSeedResult> {
  const departement = referential.departements.get(DEMO_DEPARTEMENT);
  if (!departement) throw new Error(`Département de démonstration ${DEMO_DEPARTEMENT} absent du référentiel`);
  const counts = { communes: departement.communes.length, epci: departement.epci.length, accounts: DEMO_ACCOUNTS.length };
  if ((await getSetting<number>(db, SETTING)) === DEMO_VERSION) {
    return { skipped: true, ...counts, lieux: await countLieux(db) };
  }
  await db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Database;
    await seedServedTerritory(tx, { kind: 'departement', code: DEMO_DEPARTEMENT }, referential);
    for (const { source, file, dateMaj } of DEMO_SOURCES) {
      const bytes = readFileSync(new URL(`../../data/demo/${file}`, import.meta.url));
      const analysis = analyseImport(bytes, { source, fileName: file, defaultDateMaj: dateMaj }, referential);
      if (isFileError(analysis)) throw new Error(`Données de démonstration ${file} : ${analysis.reason}`);
      await applyImport(tx, analysis, { source, full: true, actor: { kind: 'system' }, fileName: file, changeSource: 'demo' }, { referential });
    }
    const structureLieu = await firstLieuOf(tx, '86066');
    for (const account of DEMO_ACCOUNTS) {
      const perimetre = account.perimetre === 'lieu' ? `lieu:${structureLieu}` : account.perimetre;
      await ensureUser(tx, { email: account.email, nom: account.nom, roles: [{ role: account.role, perimetre }] });
    }
    // A generated history, so the reliability dashboard moves (marked simulated; docs/tenir-la-carte-a-jour.md).
    await seedSimulatedYear(tx, DEMO_DEPARTEMENT, now);
    await setSetting(tx, SETTING, DEMO_VERSION);
  });
  return { skipped: false, ...counts, lieux: await countLieux(db) };
}

async function firstLieuOf(db: Database, commune: string): Promise<string> {
  const { items } = await listLieux(db, { commune }, { limit: 1 });
  if (!items[0]) throw new Error(`Aucun lieu de démonstration à ${commune}`);
  return items[0].id;
}

async function countLieux(db: Database): Promise<number> {
  const [row] = await db.select({ n: count() }).from(tables.lieux).where(eq(tables.lieux.departement, DEMO_DEPARTEMENT));
  return row?.n ?? 0;
}
