import { ensureUser } from '../platform/auth';
import { getSetting, setSetting, type Database } from '../platform/db';
import { seedServedTerritory, type Referential } from '../territory';

/** Bump when the demo content changes: an existing database then receives what is missing (everything is idempotent). */
const DEMO_VERSION = 1;
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
  // The lieux registry arrives with a later issue; this id will name the demo lieu.
  { email: 'structure.demo@maillage.example', nom: 'Sophie Structure', role: 'structure', perimetre: 'lieu:demo-vienne-1' },
] as const;

export interface DemoSeedResult {
  skipped: boolean;
  communes: number;
  epci: number;
  accounts: number;
}

/** Seeds the demo territory (Vienne) and its accounts once; a second start finds the version and does nothing. */
export async function seedDemo(db: Database, referential: Referential): Promise<DemoSeedResult> {
  const departement = referential.departements.get(DEMO_DEPARTEMENT);
  if (!departement) throw new Error(`Département de démonstration ${DEMO_DEPARTEMENT} absent du référentiel`);
  const counts = { communes: departement.communes.length, epci: departement.epci.length, accounts: DEMO_ACCOUNTS.length };
  if ((await getSetting<number>(db, SETTING)) === DEMO_VERSION) return { skipped: true, ...counts };
  await db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Database;
    await seedServedTerritory(tx, { kind: 'departement', code: DEMO_DEPARTEMENT }, referential);
    for (const account of DEMO_ACCOUNTS) {
      await ensureUser(tx, { email: account.email, nom: account.nom, roles: [{ role: account.role, perimetre: account.perimetre }] });
    }
    await setSetting(tx, SETTING, DEMO_VERSION);
  });
  return { skipped: false, ...counts };
}
