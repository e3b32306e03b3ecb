import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Commune, Departement, Epci, Referential, Region } from './domain/referential';
import { buildCommuneSearchIndex } from './domain/search';

/** Shipped with the repository (see data/SOURCE.md); the running product never reads anything else. */
export const CENTROIDS_CSV_URL = new URL('../../data/communes-centroids.csv', import.meta.url);

const PACKAGE = '@etalab/decoupage-administratif';

interface PackageCommune {
  code: string;
  nom: string;
  type: string;
  departement: string;
  region: string;
  codesPostaux?: string[];
  population?: number;
}
interface PackageEpci {
  code: string;
  nom: string;
  type: string;
  membres: Array<{ code: string }>;
}
interface PackageDepartement {
  code: string;
  nom: string;
  region: string;
}
interface PackageRegion {
  code: string;
  nom: string;
}

export interface ReferentialSources {
  /** Folder holding the package's package.json and data/*.json. */
  packageDir?: string;
  centroidsCsv?: URL | string;
}

interface Centre {
  lat: number;
  lon: number;
  epci: string;
}

/** Parses the shipped CSV (no quoted fields: checked, the file has none). */
export function parseCentroids(text: string): Map<string, Centre> {
  const lines = text.split(/\r?\n/);
  const header = lines[0]?.split(',') ?? [];
  const col = (name: string) => {
    const i = header.indexOf(name);
    if (i < 0) throw new Error(`Fichier des centres des communes : colonne « ${name} » absente`);
    return i;
  };
  const [iCode, iEpci, iLat, iLon] = [col('code_insee'), col('epci'), col('lat'), col('lon')];
  const centres = new Map<string, Centre>();
  for (let n = 1; n < lines.length; n++) {
    const line = lines[n]!;
    if (line === '') continue;
    if (line.includes('"')) throw new Error(`Fichier des centres des communes, ligne ${n + 1} : guillemets non pris en charge`);
    const cells = line.split(',');
    const lat = Number(cells[iLat]);
    const lon = Number(cells[iLon]);
    if (cells[iLat] === '' || cells[iLon] === '' || !Number.isFinite(lat) || !Number.isFinite(lon)) {
      throw new Error(`Fichier des centres des communes, ligne ${n + 1} : coordonnées invalides`);
    }
    centres.set(cells[iCode]!, { lat, lon, epci: cells[iEpci] ?? '' });
  }
  return centres;
}

const byName = (a: { nom: string }, b: { nom: string }) => a.nom.localeCompare(b.nom, 'fr');

/** Builds the referential from the package JSON and the centres CSV (synchronous, ~0.3 s; see loadReferential). */
export function buildReferential(sources: ReferentialSources = {}): Referential {
  const started = performance.now();
  const packageDir =
    sources.packageDir ?? dirname(createRequire(import.meta.url).resolve(`${PACKAGE}/package.json`));
  const readJson = <T>(file: string): T => JSON.parse(readFileSync(join(packageDir, file), 'utf8')) as T;
  const packageVersion = readJson<{ version: string }>('package.json').version;
  const csvPath = sources.centroidsCsv ?? CENTROIDS_CSV_URL;
  const csv = readFileSync(typeof csvPath === 'string' ? csvPath : fileURLToPath(csvPath));
  const csvHash = createHash('sha256').update(csv).digest('hex').slice(0, 16);
  const centres = parseCentroids(csv.toString('utf8'));

  const regions = new Map<string, Region>();
  for (const r of readJson<PackageRegion[]>('data/regions.json')) {
    regions.set(r.code, { code: r.code, nom: r.nom, departements: [], population: 0 });
  }
  const departements = new Map<string, Departement>();
  for (const d of readJson<PackageDepartement[]>('data/departements.json')) {
    departements.set(d.code, { code: d.code, nom: d.nom, region: d.region, epci: [], communes: [], population: 0 });
    regions.get(d.region)?.departements.push(d.code);
  }

  const epciOf = new Map<string, string>();
  const packageEpci = readJson<PackageEpci[]>('data/epci.json');
  for (const e of packageEpci) for (const m of e.membres) epciOf.set(m.code, e.code);

  const communeList: Commune[] = [];
  const communes = new Map<string, Commune>();
  for (const c of readJson<PackageCommune[]>('data/communes.json')) {
    if (c.type !== 'commune-actuelle') continue;
    const centre = centres.get(c.code);
    if (!centre) throw new Error(`Commune ${c.code} (${c.nom}) absente du fichier des centres : régénérez-le`);
    const epci = epciOf.get(c.code) ?? null;
    if ((centre.epci || null) !== epci) {
      throw new Error(`Commune ${c.code} : EPCI ${centre.epci || 'aucun'} dans le fichier des centres, ${epci ?? 'aucun'} dans le COG`);
    }
    const commune: Commune = {
      code: c.code,
      nom: c.nom,
      departement: c.departement,
      region: c.region,
      epci,
      population: c.population ?? null,
      codesPostaux: [...new Set(c.codesPostaux ?? [])].sort(),
      lat: centre.lat,
      lon: centre.lon,
    };
    communes.set(c.code, commune);
    communeList.push(commune);
  }
  if (communes.size !== centres.size) {
    throw new Error(`Le fichier des centres compte ${centres.size} communes, le COG ${communes.size} : régénérez-le`);
  }
  communeList.sort((a, b) => (a.code < b.code ? -1 : 1));

  const epci = new Map<string, Epci>();
  for (const e of [...packageEpci].sort(byName)) {
    const members = e.membres.map((m) => communes.get(m.code)!).sort(byName);
    const deps = [...new Set(members.map((m) => m.departement))].sort();
    epci.set(e.code, {
      siren: e.code,
      nom: e.nom,
      type: e.type,
      communes: members.map((m) => m.code),
      departements: deps,
      population: members.reduce((sum, m) => sum + (m.population ?? 0), 0),
    });
    for (const code of deps) departements.get(code)?.epci.push(e.code);
  }
  for (const commune of [...communeList].sort(byName)) {
    const departement = departements.get(commune.departement);
    if (!departement) throw new Error(`Commune ${commune.code} : département ${commune.departement} inconnu`);
    departement.communes.push(commune.code);
    departement.population += commune.population ?? 0;
    const region = regions.get(commune.region);
    if (!region) throw new Error(`Commune ${commune.code} : région ${commune.region} inconnue`);
    region.population += commune.population ?? 0;
  }

  const searchIndex = buildCommuneSearchIndex(communeList);
  return {
    version: `${PACKAGE}@${packageVersion}+centres-sha256:${csvHash}`,
    communes,
    epci,
    departements,
    regions,
    searchIndex,
    loadMs: performance.now() - started,
  };
}

let cached: Referential | undefined;

/** The referential of this process: built on first call, then shared. */
export function getReferential(): Referential {
  cached ??= buildReferential();
  return cached;
}

/** Async form of getReferential (the build itself is synchronous: ~0.3 s, once per process). */
export async function loadReferential(): Promise<Referential> {
  return getReferential();
}
