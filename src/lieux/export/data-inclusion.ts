/**
 * Export to the data·inclusion schema v1 (GIP Plateforme de l'inclusion): one structure and one service per lieu.
 *
 * - ids are `<source>--<lieu id>` (the same for the structure and its service: they live in separate collections);
 * - `siret` only when the pivot is a 14-digit SIRET (an RNA or the unknown placeholder is left out);
 * - vocabulary mappings come from the domain vocabulary (`src/lieux/domain/*.ts`, field `dataInclusion`);
 * - `nom` must hold 3–150 characters and not end with a point: a longer name is cut at a word boundary, a final point is
 *   removed, and both are REPORTED in `report.adjusted`; a shorter name cannot be fixed, the lieu is left out and
 *   reported in `report.skipped`;
 * - `description` (5 to 10,000 characters) is the lieu's presentation, or, when it has none or too short a one, a
 *   sentence composed from the commune and the services (reported in `report.adjusted`).
 */
import { DISPOSITIFS } from '../domain/dispositifs';
import { FRAIS } from '../domain/frais';
import type { Lieu } from '../domain/lieu';
import { MODALITES_ACCES, NO_PUBLIC_RECEPTION } from '../domain/modalites-acces';
import { MODALITES_ACCOMPAGNEMENT } from '../domain/modalites-accompagnement';
import { PUBLICS } from '../domain/publics';
import { SERVICES } from '../domain/services';

export const DEFAULT_DATA_INCLUSION_SOURCE = 'maillage';
export const NOM_MIN = 3;
export const NOM_MAX = 150;
export const DESCRIPTION_MIN = 5;
export const DESCRIPTION_MAX = 10_000;
export const SERVICE_NOM = 'Médiation numérique';

/** Where and how to reach a structure or a service: the same fields on both sides of data·inclusion's schema. */
export interface DataInclusionPlace {
  adresse: string | null;
  complement_adresse: string | null;
  code_postal: string | null;
  code_insee: string | null;
  commune: string | null;
  latitude: number | null;
  longitude: number | null;
  telephone: string | null;
  courriel: string | null;
  horaires_accueil: string | null;
}

export interface DataInclusionStructure extends DataInclusionPlace {
  source: string;
  id: string;
  nom: string;
  date_maj: string;
  description: string;
  lien_source: string | null;
  siret: string | null;
  site_web: string | null;
  accessibilite_lieu: string | null;
  reseaux_porteurs: string[] | null;
}

export type DataInclusionFrais = 'gratuit' | 'payant';
export type DataInclusionModeAccueil = 'a-distance' | 'en-presentiel';

export interface DataInclusionService extends DataInclusionPlace {
  source: string;
  id: string;
  structure_id: string;
  nom: string;
  description: string;
  date_maj: string;
  type: 'accompagnement';
  thematiques: string[] | null;
  frais: DataInclusionFrais | null;
  frais_precisions: string | null;
  publics: string[] | null;
  modes_accueil: DataInclusionModeAccueil[] | null;
  modes_mobilisation: string[] | null;
  mobilisable_par: Array<'usagers' | 'professionnels'> | null;
  lien_mobilisation: string | null;
}

export interface DataInclusionIssue {
  /** The lieu's id in Maillage (not prefixed). */
  id: string;
  field: 'nom' | 'description';
  /** In French. */
  reason: string;
}

export interface DataInclusionReport {
  exported: number;
  /** Lieux left out: their name cannot be made valid without inventing one. */
  skipped: DataInclusionIssue[];
  /** Values changed to fit the schema (never silently). */
  adjusted: DataInclusionIssue[];
}

export interface DataInclusionExport {
  structures: DataInclusionStructure[];
  services: DataInclusionService[];
  report: DataInclusionReport;
}

const THEMATIQUES = new Map<string, readonly string[]>(SERVICES.map((s) => [s.value, s.dataInclusion]));
const RESEAUX = new Map<string, string | null>(DISPOSITIFS.map((d) => [d.value, d.dataInclusion]));
const FRAIS_MAP = new Map<string, DataInclusionFrais>(FRAIS.map((f) => [f.value, f.dataInclusion]));
const PUBLICS_MAP = new Map<string, string>(PUBLICS.map((p) => [p.value, p.dataInclusion]));
const MOBILISATION = new Map<string, string | null>(MODALITES_ACCES.map((m) => [m.value, m.dataInclusion]));
const ACCUEIL = new Map<string, DataInclusionModeAccueil>(MODALITES_ACCOMPAGNEMENT.map((m) => [m.value, m.dataInclusion]));
/** prise_en_charge_specifique values meaning a disability (data·inclusion public `personnes-en-situation-de-handicap`). */
const HANDICAPS = new Set(['Surdité', 'Handicaps moteurs', 'Handicaps mentaux', 'Déficience visuelle']);
const PRESCRIPTION = 'Envoyer un mail avec une fiche de prescription';

/** Length in characters (code points), without allocating. */
function chars(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xdc00 || c > 0xdfff) n++; // low surrogates do not start a code point
  }
  return n;
}

/** Cuts at the last space before `max` characters (or at `max` when there is none) and adds `…`. */
function cutAtWord(text: string, max: number): string {
  const cps = [...text];
  if (cps.length <= max) return text;
  const head = cps.slice(0, max - 1).join('');
  const space = head.lastIndexOf(' ');
  return `${(space > max / 2 ? head.slice(0, space) : head).trimEnd()}…`;
}

function nonEmpty<T>(list: T[]): T[] | null {
  return list.length > 0 ? list : null;
}

function unique<T>(list: Iterable<T>): T[] {
  return [...new Set(list)];
}

/** Values mapped through a vocabulary table, unknown or unmapped ones dropped, without repeats; null when none. */
function mapped<V extends string>(values: readonly string[], table: ReadonlyMap<string, V | null>): V[] | null {
  let out: V[] | null = null;
  for (const value of values) {
    const target = table.get(value);
    if (!target) continue;
    if (out === null) out = [target];
    else if (!out.includes(target)) out.push(target);
  }
  return out;
}

export function isSiret(pivot: string | null): pivot is string {
  return pivot !== null && /^\d{14}$/.test(pivot) && pivot !== '00000000000000';
}

/** Thématiques of the standard services (unknown values ignored), sorted, without repeats. */
export function thematiquesOf(services: readonly string[]): string[] {
  const key = services.join('|');
  let known = thematiquesCache.get(key);
  if (!known) {
    known = unique(services.flatMap((s) => THEMATIQUES.get(s) ?? [])).sort();
    if (thematiquesCache.size < 10_000) thematiquesCache.set(key, known);
  }
  return known.slice();
}
/** The 9 services make few distinct combinations: their thématiques are computed once each. */
const thematiquesCache = new Map<string, string[]>();

export function fraisOf(frais: readonly string[]): { frais: DataInclusionFrais | null; precisions: string | null } {
  const mapped = frais.map((f) => FRAIS_MAP.get(f)).filter((f): f is DataInclusionFrais => f !== undefined);
  if (mapped.length === 0) return { frais: null, precisions: null };
  const value: DataInclusionFrais = mapped.every((f) => f === 'payant') ? 'payant' : 'gratuit';
  // Keep the standard's nuance ("sous condition", or free and paid services side by side) in the precisions.
  const nuanced = frais.length > 1 || frais.includes('Gratuit sous condition');
  return { frais: value, precisions: nuanced ? frais.join(', ') : null };
}

function composedDescription(lieu: Lieu): string {
  const where = lieu.commune ? ` à ${lieu.commune}` : '';
  const services = lieu.services.length > 0 ? ` Services proposés : ${lieu.services.join(', ')}.` : '';
  return `Lieu de médiation numérique${where}.${services}`;
}

/** The description, composed when missing or too short; cut (and reported) when too long. */
function describe(lieu: Lieu, first: string | null, second: string | null, adjusted: DataInclusionIssue[]): string {
  const given = first?.trim() || second?.trim() || '';
  const length = chars(given);
  if (length >= DESCRIPTION_MIN && length <= DESCRIPTION_MAX) return given;
  if (length > DESCRIPTION_MAX) {
    adjusted.push({
      id: lieu.id,
      field: 'description',
      reason: `Présentation de ${length} caractères coupée à ${DESCRIPTION_MAX} (maximum de data·inclusion)`,
    });
    return cutAtWord(given, DESCRIPTION_MAX);
  }
  if (given !== '') {
    adjusted.push({
      id: lieu.id,
      field: 'description',
      reason: `Présentation trop courte (« ${given} », minimum ${DESCRIPTION_MIN} caractères) : description composée à partir de la commune et des services`,
    });
  }
  return composedDescription(lieu);
}

/** A valid data·inclusion name, or null when the lieu must be left out (reasons pushed to the report lists). */
function nameOf(lieu: Lieu, skipped: DataInclusionIssue[], adjusted: DataInclusionIssue[]): string | null {
  let nom = lieu.nom.trim();
  if (nom.endsWith('.') && !nom.endsWith('...')) {
    const stripped = nom.replace(/\.+$/, '').trimEnd();
    adjusted.push({ id: lieu.id, field: 'nom', reason: `Point final retiré (data·inclusion refuse un nom terminé par un point)` });
    nom = stripped;
  }
  if (chars(nom) < NOM_MIN) {
    skipped.push({
      id: lieu.id,
      field: 'nom',
      reason: `Nom trop court (« ${lieu.nom} ») : data·inclusion exige ${NOM_MIN} à ${NOM_MAX} caractères ; lieu non exporté`,
    });
    return null;
  }
  if (chars(nom) > NOM_MAX) {
    adjusted.push({
      id: lieu.id,
      field: 'nom',
      reason: `Nom de ${chars(nom)} caractères coupé à ${NOM_MAX} (maximum de data·inclusion)`,
    });
    nom = cutAtWord(nom, NOM_MAX);
  }
  return nom;
}

export interface DataInclusionOptions {
  /** data·inclusion source slug, prefix of every id. Default `maillage`. */
  source?: string;
}

export function toDataInclusion(lieux: Iterable<Lieu>, options: DataInclusionOptions = {}): DataInclusionExport {
  const source = options.source ?? DEFAULT_DATA_INCLUSION_SOURCE;
  if (!/^[a-z0-9][a-z0-9-]*$/.test(source) || source.includes('--')) {
    throw new Error(`Source data·inclusion invalide : « ${source} » (minuscules, chiffres et tirets simples)`);
  }
  const structures: DataInclusionStructure[] = [];
  const services: DataInclusionService[] = [];
  const skipped: DataInclusionIssue[] = [];
  const adjusted: DataInclusionIssue[] = [];

  for (const lieu of lieux) {
    const nom = nameOf(lieu, skipped, adjusted);
    if (nom === null) continue;
    const id = `${source}--${lieu.id}`;
    const courriel = lieu.courriels[0] ?? null;
    const structureDescription = describe(lieu, lieu.presentation_detail, lieu.presentation_resume, adjusted);
    // The service's description prefers the short presentation; the same text when the lieu has at most one.
    const serviceDescription =
      lieu.presentation_resume && lieu.presentation_detail
        ? describe(lieu, lieu.presentation_resume, lieu.presentation_detail, [])
        : structureDescription;
    const place: DataInclusionPlace = {
      adresse: lieu.adresse || null,
      complement_adresse: lieu.complement_adresse,
      code_postal: lieu.code_postal || null,
      code_insee: lieu.code_insee,
      commune: lieu.commune || null,
      latitude: lieu.latitude,
      longitude: lieu.longitude,
      telephone: lieu.telephone,
      courriel,
      horaires_accueil: lieu.horaires,
    };
    structures.push({
      source,
      id,
      nom,
      date_maj: lieu.date_maj,
      description: structureDescription,
      lien_source: null,
      siret: isSiret(lieu.pivot) ? lieu.pivot : null,
      ...place,
      site_web: lieu.site_web[0] ?? null,
      accessibilite_lieu: lieu.fiche_acces_libre,
      reseaux_porteurs: mapped(lieu.dispositif_programmes_nationaux, RESEAUX),
    });

    const { frais, precisions } = fraisOf(lieu.frais_a_charge);
    let publics = mapped(lieu.publics_specifiquement_adresses, PUBLICS_MAP);
    if (lieu.prise_en_charge_specifique.some((p) => HANDICAPS.has(p))) {
      publics = [...(publics ?? []), 'personnes-en-situation-de-handicap'];
    }
    const receivesPublic = !(lieu.modalites_acces.length === 1 && lieu.modalites_acces[0] === NO_PUBLIC_RECEPTION);
    const mobilisablePar: Array<'usagers' | 'professionnels'> = [];
    if (receivesPublic) mobilisablePar.push('usagers');
    if (lieu.modalites_acces.includes(PRESCRIPTION)) mobilisablePar.push('professionnels');
    services.push({
      source,
      id,
      structure_id: id,
      nom: SERVICE_NOM,
      description: serviceDescription,
      date_maj: lieu.date_maj,
      type: 'accompagnement',
      thematiques: lieu.services.length > 0 ? nonEmpty(thematiquesOf(lieu.services)) : null,
      frais,
      frais_precisions: precisions,
      publics,
      modes_accueil: (mapped(lieu.modalites_accompagnement, ACCUEIL)?.sort() as DataInclusionModeAccueil[] | undefined) ?? [
        'en-presentiel',
      ],
      modes_mobilisation: mapped(lieu.modalites_acces, MOBILISATION),
      mobilisable_par: nonEmpty(mobilisablePar),
      lien_mobilisation: lieu.prise_rdv,
      ...place,
    });
  }
  return { structures, services, report: { exported: structures.length, skipped, adjusted } };
}
