import type { FieldIssue, LocationFlags, RawLieu } from '../domain/lieu';
import type { Commune, GeoPoint, Referential } from '../../territory/index';
import { haversineKm } from '../../territory/index';

/*
 * Locating a row without contours (none are shipped): heuristics on the referential's commune centres.
 *
 * - code_insee given: it must exist in the referential, else the row is rejected on `code_insee`. Arrondissement codes
 *   of Paris (75101–75120), Lyon (69381–69389) and Marseille (13201–13216) become the commune (75056, 69123, 13055)
 *   with a warning: the referential holds communes, not arrondissements.
 * - code_insee missing, derived in this order:
 *   1. postcode + commune name: the communes whose `codesPostaux` hold the postcode, matched on the normalised name
 *      (case, accents, hyphens/apostrophes, ST/STE ↔ SAINT/SAINTE, `CEDEX nn` dropped, `PARIS 15` / `Lyon 3e` /
 *      `MARSEILLE 11` → the commune). A CEDEX postcode is in no commune's list: the name is then looked up within the
 *      postcode's département;
 *   2. else the coordinates: the nearest commune centre among the postcode's communes (if within 20 km), else the
 *      nearest centre overall (within 100 km);
 *   3. else, when the postcode has a single commune, that commune;
 *   always with a warning saying how; when nothing works, code_insee stays empty (it is optional in the standard).
 * - Nearest commune CENTRE stands in for "the commune containing the point": fine for the département test below, not
 *   for borders at the scale of a commune.
 * - outsideDepartement: the point is more than 15 km from its commune's centre AND the nearest commune centre is in
 *   another département. Flag + warning, never silently accepted, never rejected (a gestionnaire reviews it). If swapping
 *   latitude and longitude puts the point within 15 km of the centre, they are swapped instead, with a warning.
 * - No coordinates (or 0,0): the commune centre, `approximate: true`, with a warning.
 * A missing commune name or postcode is filled from the commune when it is unambiguous, with a warning.
 */

export interface Location {
  raw: RawLieu;
  flags: LocationFlags;
  warnings: FieldIssue[];
  errors: FieldIssue[];
}
export type Locator = (raw: RawLieu) => Location;

const OUTSIDE_KM = 15;
const POSTCODE_COORDINATES_KM = 20;
const GLOBAL_COORDINATES_KM = 100;
const CELL_DEG = 0.2;

/** Upper-case, no accents, no punctuation, ST/STE spelled out, CEDEX dropped, arrondissements folded into the commune. */
export function normaliseCommuneName(name: string): string {
  let s = name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase()
    .replace(/Œ/g, 'OE')
    .replace(/Æ/g, 'AE')
    .replace(/[’'`´\-_.,()/]/g, ' ');
  s = s.replace(/\bCEDEX\b(\s*\d+)?/g, ' ');
  s = s.replace(/\bSTE\b/g, 'SAINTE').replace(/\bST\b/g, 'SAINT');
  s = s.replace(/\s+/g, ' ').trim();
  const arrondissement = /^(PARIS|LYON|MARSEILLE)\s*\d{1,2}\s*(E|ER|EME|ERE|ARR|ARRT|ARRONDISSEMENT)?(\s+ARRONDISSEMENT)?$/.exec(s);
  if (arrondissement?.[1]) return arrondissement[1];
  return s;
}

/** Arrondissement INSEE code → the commune's code (the referential has no arrondissements). */
export function arrondissementCommune(code: string): string | null {
  if (/^751(0[1-9]|1\d|20)$/.test(code)) return '75056';
  if (/^6938[1-9]$/.test(code)) return '69123';
  if (/^132(0[1-9]|1[0-6])$/.test(code)) return '13055';
  return null;
}

/** Département codes a postcode can belong to (20xxx is Corse: 2A or 2B; 97x/98x overseas use 3 digits). */
function departementsOfPostcode(cp: string): string[] {
  if (cp.startsWith('20')) return ['2A', '2B'];
  if (cp.startsWith('97') || cp.startsWith('98')) return [cp.slice(0, 3)];
  return [cp.slice(0, 2)];
}

/** Lenient number reading for locating only (validation reads the field strictly later). */
function readPoint(raw: RawLieu): GeoPoint | 'missing' | 'invalid' {
  const lat = raw.latitude?.trim() ?? '';
  const lon = raw.longitude?.trim() ?? '';
  if (lat === '' || lon === '') return 'missing';
  const la = Number(lat.replace(',', '.'));
  const lo = Number(lon.replace(',', '.'));
  if (!Number.isFinite(la) || !Number.isFinite(lo) || Math.abs(la) > 90 || Math.abs(lo) > 180) return 'invalid';
  if (la === 0 && lo === 0) return 'missing';
  return { lat: la, lon: lo };
}

/** Commune centres in a lat/lon grid of CELL_DEG cells: nearest-centre queries look at a few cells, not 35,000 communes. */
class CentreGrid {
  private cells = new Map<number, Commune[]>();
  constructor(communes: Iterable<Commune>) {
    for (const c of communes) {
      const key = this.key(this.cellOf(c.lat), this.cellOf(c.lon));
      const list = this.cells.get(key);
      if (list) list.push(c);
      else this.cells.set(key, [c]);
    }
  }
  private cellOf(deg: number): number {
    return Math.floor(deg / CELL_DEG);
  }
  private key(y: number, x: number): number {
    return (y + 1000) * 10_000 + (x + 2000);
  }
  /** Nearest commune centre within maxKm, or null. */
  nearest(p: GeoPoint, maxKm: number): { commune: Commune; km: number } | null {
    const cy = this.cellOf(p.lat);
    const cx = this.cellOf(p.lon);
    let best: Commune | null = null;
    let bestKm = Infinity;
    const latKm = CELL_DEG * 111.19;
    for (let r = 0; r <= 60; r++) {
      for (let dy = -r; dy <= r; dy++) {
        for (let dx = -r; dx <= r; dx++) {
          if (Math.max(Math.abs(dx), Math.abs(dy)) !== r) continue;
          const list = this.cells.get(this.key(cy + dy, cx + dx));
          if (!list) continue;
          for (const c of list) {
            const km = haversineKm(p, c);
            if (km < bestKm) {
              bestKm = km;
              best = c;
            }
          }
        }
      }
      // Anything outside rings 0..r is at least r cells away (longitude cells shrink towards the poles).
      const lonKm = latKm * Math.cos((Math.min(89, Math.abs(p.lat) + (r + 1) * CELL_DEG) * Math.PI) / 180);
      const reach = r * Math.min(latKm, lonKm);
      if (best && bestKm <= reach) break;
      if (reach > maxKm) break;
    }
    return best && bestKm <= maxKm ? { commune: best, km: bestKm } : null;
  }
}

function nearestAmong(p: GeoPoint, communes: Commune[]): { commune: Commune; km: number } | null {
  let best: { commune: Commune; km: number } | null = null;
  for (const c of communes) {
    const km = haversineKm(p, c);
    if (!best || km < best.km) best = { commune: c, km };
  }
  return best;
}

const fmtKm = (km: number) => `${km.toLocaleString('fr-FR', { maximumFractionDigits: 1 })} km`;
const fmtCoord = (n: number) => n.toFixed(6).replace(/0+$/, '').replace(/\.$/, '');

/** Builds the indexes once (postcode → communes, département + name → communes, a centre grid); locate is O(1)-ish. */
export function createLocator(referential: Pick<Referential, 'communes'>): Locator {
  const byPostcode = new Map<string, Commune[]>();
  const byDepName = new Map<string, Commune[]>();
  const push = (map: Map<string, Commune[]>, key: string, c: Commune) => {
    const list = map.get(key);
    if (list) {
      if (!list.includes(c)) list.push(c);
    } else map.set(key, [c]);
  };
  const normalisedName = new Map<Commune, string>();
  for (const c of referential.communes.values()) {
    const name = normaliseCommuneName(c.nom);
    normalisedName.set(c, name);
    for (const cp of c.codesPostaux) push(byPostcode, cp, c);
    push(byDepName, `${c.departement}|${name}`, c);
  }
  const grid = new CentreGrid(referential.communes.values());

  function derive(raw: RawLieu, point: GeoPoint | null, warnings: FieldIssue[]): { commune: Commune; how: 'postcode' | 'coordinates' } | null {
    const cp = raw.code_postal?.trim() ?? '';
    const nameText = raw.commune?.trim() ?? '';
    const name = nameText ? normaliseCommuneName(nameText) : '';
    const candidates = /^\d{5}$/.test(cp) ? (byPostcode.get(cp) ?? []) : [];
    if (name) {
      const matches = candidates.filter((c) => normalisedName.get(c) === name);
      if (matches.length === 1 && matches[0]) {
        warnings.push({ field: 'code_insee', value: matches[0].code, reason: `Code INSEE absent : déduit du code postal et du nom de la commune (${matches[0].nom})` });
        return { commune: matches[0], how: 'postcode' };
      }
      if (matches.length === 0 && /^\d{5}$/.test(cp)) {
        const inDep = departementsOfPostcode(cp).flatMap((d) => byDepName.get(`${d}|${name}`) ?? []);
        if (inDep.length === 1 && inDep[0]) {
          warnings.push({ field: 'code_insee', value: inDep[0].code, reason: `Code INSEE absent : déduit du nom de la commune (${inDep[0].nom}) dans le département du code postal` });
          return { commune: inDep[0], how: 'postcode' };
        }
      }
    }
    if (point) {
      const local = candidates.length > 0 ? nearestAmong(point, candidates) : null;
      const found = local && local.km <= POSTCODE_COORDINATES_KM ? local : grid.nearest(point, GLOBAL_COORDINATES_KM);
      if (found) {
        const scope = found === local ? 'parmi les communes du code postal' : 'toutes communes confondues';
        warnings.push({
          field: 'code_insee',
          value: found.commune.code,
          reason: `Code INSEE absent : déduit des coordonnées, commune dont le centre est le plus proche ${scope} (${found.commune.nom}, à ${fmtKm(found.km)})`,
        });
        return { commune: found.commune, how: 'coordinates' };
      }
    }
    if (candidates.length === 1 && candidates[0]) {
      warnings.push({ field: 'code_insee', value: candidates[0].code, reason: `Code INSEE absent : déduit du code postal, qui ne couvre qu'une commune (${candidates[0].nom})` });
      return { commune: candidates[0], how: 'postcode' };
    }
    warnings.push({ field: 'code_insee', value: '', reason: 'Code INSEE absent et impossible à déduire (code postal, nom de commune et coordonnées insuffisants)' });
    return null;
  }

  return function locate(input: RawLieu): Location {
    const raw: RawLieu = { ...input };
    const flags: LocationFlags = { approximate: false, outsideDepartement: false, codeInseeDerived: null };
    const warnings: FieldIssue[] = [];
    const errors: FieldIssue[] = [];
    const read = readPoint(raw);
    const point = typeof read === 'object' ? read : null;

    let commune: Commune | null = null;
    const code = raw.code_insee?.trim() ?? '';
    if (code !== '') {
      raw.code_insee = code;
      commune = referential.communes.get(code) ?? null;
      if (!commune) {
        const folded = arrondissementCommune(code);
        const parent = folded ? referential.communes.get(folded) : undefined;
        if (parent) {
          commune = parent;
          raw.code_insee = parent.code;
          warnings.push({ field: 'code_insee', value: code, reason: `Code d'arrondissement remplacé par celui de la commune (${parent.nom}, ${parent.code})` });
        } else {
          errors.push({ field: 'code_insee', value: code, reason: "Code INSEE inconnu du référentiel des communes (commune fusionnée ou code erroné ?)" });
        }
      }
    } else {
      const derived = derive(raw, point, warnings);
      if (derived) {
        commune = derived.commune;
        raw.code_insee = commune.code;
        flags.codeInseeDerived = derived.how;
      }
    }
    if (!commune) return { raw, flags, warnings, errors };

    if (!raw.commune?.trim()) {
      raw.commune = commune.nom;
      warnings.push({ field: 'commune', value: commune.nom, reason: 'Nom de commune absent : repris du code INSEE' });
    }
    if (!raw.code_postal?.trim() && commune.codesPostaux.length === 1 && commune.codesPostaux[0]) {
      raw.code_postal = commune.codesPostaux[0];
      warnings.push({ field: 'code_postal', value: commune.codesPostaux[0], reason: "Code postal absent : repris de la commune (qui n'en a qu'un)" });
    }

    if (read === 'missing') {
      raw.latitude = String(commune.lat);
      raw.longitude = String(commune.lon);
      flags.approximate = true;
      warnings.push({ field: 'latitude', value: '', reason: `Coordonnées absentes : centre de la commune utilisé (${commune.nom}), position approximative` });
    } else if (point) {
      const km = haversineKm(point, commune);
      if (km > OUTSIDE_KM) {
        const nearest = grid.nearest(point, GLOBAL_COORDINATES_KM);
        if (!nearest || nearest.commune.departement !== commune.departement) {
          const swapped = { lat: point.lon, lon: point.lat };
          if (Math.abs(swapped.lat) <= 90 && haversineKm(swapped, commune) <= OUTSIDE_KM) {
            raw.latitude = String(swapped.lat);
            raw.longitude = String(swapped.lon);
            warnings.push({ field: 'latitude', value: `${fmtCoord(point.lat)}, ${fmtCoord(point.lon)}`, reason: 'Latitude et longitude inversées : remises dans le bon ordre' });
          } else {
            flags.outsideDepartement = true;
            const where = nearest ? `près de ${nearest.commune.nom} (${nearest.commune.departement})` : 'loin de toute commune';
            warnings.push({
              field: 'latitude',
              value: `${fmtCoord(point.lat)}, ${fmtCoord(point.lon)}`,
              reason: `Point hors du département de la commune ${commune.nom} (${commune.departement}) : ${where}, à ${fmtKm(km)} du centre de la commune. À vérifier.`,
            });
          }
        }
      }
    }
    return { raw, flags, warnings, errors };
  };
}
