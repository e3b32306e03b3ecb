/**
 * Standard JSON export: an array of objects holding the 32 standard fields, keys in the standard's order.
 *
 * Choices (the import reader accepts these and the `|`-string form):
 * - lists are JSON arrays of the standard's values (`[]` when empty), as the DataSpace `/carto` API serves them;
 * - latitude and longitude are JSON numbers, or null;
 * - other absent values are null; an unknown pivot is the standard's placeholder `00000000000000`, as in the CSV.
 */
import { UNKNOWN_PIVOT, type Lieu, type LieuField } from '../domain/lieu';
import { joinList } from './csv';

export type StandardJsonLieu = { [K in LieuField]: K extends 'pivot' ? string : Lieu[K] };

/** A copy of a list, checked like the CSV's so that both exports read back identically. */
function list(items: readonly string[] | null | undefined, field: string, id: string): string[] {
  if (!items) return [];
  joinList(items, field, id);
  return items.slice();
}

function finite(value: number | null, field: string, id: string): number | null {
  if (value !== null && !Number.isFinite(value)) {
    throw new Error(`Export impossible : ${field} du lieu « ${id} » n'est pas un nombre fini`);
  }
  return value;
}

/**
 * One lieu as a plain object in the standard's field order. Written as one literal (not a loop over LIEU_FIELDS) so
 * that every object shares one shape: building and serialising 100,000 of them is several times faster.
 * A test checks the keys against LIEU_FIELDS.
 */
export function toStandardJsonObject(l: Lieu): StandardJsonLieu {
  const id = l.id;
  return {
    id,
    pivot: l.pivot ?? UNKNOWN_PIVOT,
    nom: l.nom,
    commune: l.commune,
    code_postal: l.code_postal,
    code_insee: l.code_insee ?? null,
    adresse: l.adresse,
    complement_adresse: l.complement_adresse ?? null,
    latitude: finite(l.latitude ?? null, 'latitude', id),
    longitude: finite(l.longitude ?? null, 'longitude', id),
    typologie: list(l.typologie, 'typologie', id),
    telephone: l.telephone ?? null,
    courriels: list(l.courriels, 'courriels', id),
    site_web: list(l.site_web, 'site_web', id),
    horaires: l.horaires ?? null,
    presentation_resume: l.presentation_resume ?? null,
    presentation_detail: l.presentation_detail ?? null,
    source: l.source ?? null,
    itinerance: list(l.itinerance, 'itinerance', id),
    structure_parente: l.structure_parente ?? null,
    date_maj: l.date_maj,
    services: list(l.services, 'services', id),
    publics_specifiquement_adresses: list(l.publics_specifiquement_adresses, 'publics_specifiquement_adresses', id),
    prise_en_charge_specifique: list(l.prise_en_charge_specifique, 'prise_en_charge_specifique', id),
    frais_a_charge: list(l.frais_a_charge, 'frais_a_charge', id),
    dispositif_programmes_nationaux: list(l.dispositif_programmes_nationaux, 'dispositif_programmes_nationaux', id),
    formations_labels: list(l.formations_labels, 'formations_labels', id),
    autres_formations_labels: list(l.autres_formations_labels, 'autres_formations_labels', id),
    modalites_acces: list(l.modalites_acces, 'modalites_acces', id),
    modalites_accompagnement: list(l.modalites_accompagnement, 'modalites_accompagnement', id),
    fiche_acces_libre: l.fiche_acces_libre ?? null,
    prise_rdv: l.prise_rdv ?? null,
  };
}

export function toStandardJsonObjects(lieux: Iterable<Lieu>): StandardJsonLieu[] {
  const out: StandardJsonLieu[] = [];
  for (const lieu of lieux) out.push(toStandardJsonObject(lieu));
  return out;
}

export interface JsonOptions {
  /** Indent with 2 spaces (default: compact). */
  pretty?: boolean;
}

/** The standard JSON file (UTF-8 text). */
export function toStandardJson(lieux: Iterable<Lieu>, options: JsonOptions = {}): string {
  return JSON.stringify(toStandardJsonObjects(lieux), null, options.pretty ? 2 : undefined);
}
